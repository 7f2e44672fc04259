"""The engine's side of a decision: carry out its effect through the use cases, in the
update's transaction, and say how it went."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from bots.telegram.dialogue import effects
from bots.telegram.dialogue.client import ask
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.following import complaint_buttons, complaint_card
from bots.telegram.dialogue.joining import join
from bots.telegram.dialogue.personal_data import forget, send_my_data
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.staff_joining import accept as accept_invitation
from bots.telegram.dialogue.staff_joining import offer as offer_invitation
from bots.telegram.dialogue.view import Outcome, View, data, menu_buttons
from bots.telegram.identity import account
from core.domain.errors import DomainError
from core.domain.journal import Actor
from core.domain.values import Evidence, PersonConcerned
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.add_client_information import AddClientInformation, add_client_information
from core.usecases.common import Deps
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.list_complaints import ALL_STATUSES, list_complaints
from core.usecases.record_survey_answer import RecordSurveyAnswer, record_survey_answer
from core.usecases.register_client import RegisterClient, register_client
from core.usecases.reopen_complaint import ReopenComplaint, reopen_complaint
from core.usecases.view_complaint import view_complaint
from core.usecases.withdraw_complaint import WithdrawComplaint, withdraw_complaint


async def _client(deps: Deps, telegram_id: int) -> Actor | None:
    async with deps.uow() as uow:
        client = await uow.clients.by_chat(account(telegram_id))
    return Actor.client(client.id, client.display_name) if client and client.id else None


async def _client_or_say(deps: Deps, e: Event, v: View, o: Outcome) -> Actor | None:
    """The client writing, or None after telling them they have no complaint yet."""
    client = await _client(deps, e.sender.telegram_id)
    if client is None:
        o.say(e, v.tr.gettext("You have no complaint yet."), menu_buttons(v.tr))
    return client


def _evidence(items: list[dict[str, Any]]) -> tuple[Evidence, ...]:
    return tuple(Evidence.from_payload(i) for i in items)


async def submit(deps: Deps, c: Conversation, e: Event, v: View, o: Outcome) -> None:
    d = c.draft
    client = await register_client(
        deps,
        RegisterClient(
            account(e.sender.telegram_id),
            d["name"],
            c.language,
            d.get("phone"),
            d.get("email"),
            d.get("file_number"),
        ),
    )
    assert client.id is not None
    person = (PersonConcerned(d.get("person_staff_id"), d.get("person_name", "")),)
    actor = Actor.client(client.id, client.display_name)
    filed = await file_complaint(
        deps,
        actor,
        FileComplaint(
            category=d["category"],
            description=d["description"],
            incident_on=date.fromisoformat(d["incident_on"]) if d.get("incident_on") else None,
            incident_place=d.get("place", ""),
            persons=person if person[0].staff_id or person[0].name else (),
            evidence=_evidence(d.get("evidence", [])),
            desired_code=d.get("desired_code"),
            desired_text=d.get("desired_text", ""),
        ),
    )
    c.reset()
    tr = v.tr
    assert filed.acknowledge_by is not None
    if deps.profile.deadlines.auto_acknowledge:  # the letter follows the reference message
        await acknowledge_with_letter(deps, Actor.system(), AcknowledgeWithLetter(filed.reference))
    o.say(
        e,
        tr.gettext(
            "✅ Your complaint is recorded under the reference <b>{reference}</b>.\n\n"
            "What happens next:\n"
            "1. The school acknowledges it in writing by {date} at the latest.\n"
            "2. It examines your complaint and keeps you informed here.\n"
            "3. It gives you its answer, with its reasons.\n\n"
            "Follow it at any time with /mycomplaints.",
            reference=filed.reference,
            date=tr.date(filed.acknowledge_by),
        ),
        menu_buttons(tr),
    )


async def show_mine(deps: Deps, _c: Conversation, e: Event, v: View, o: Outcome) -> None:
    client = await _client(deps, e.sender.telegram_id)
    found = await list_complaints(deps, client, ALL_STATUSES) if client else []
    if client is None or not found:
        o.say(e, v.tr.gettext("You have no complaint yet."), menu_buttons(v.tr))
        return
    newest = sorted(found, key=lambda x: x.reference, reverse=True)[:10]
    for complaint in newest:
        file = await view_complaint(deps, client, complaint.reference)
        o.say(e, complaint_card(file.complaint, file.journal, v), complaint_buttons(complaint, v))


async def add_information(
    deps: Deps, _c: Conversation, e: Event, v: View, o: Outcome, effect: effects.AddInformation
) -> None:
    client = await _client_or_say(deps, e, v, o)
    if client is None:
        return
    files = _evidence([effect.file]) if effect.file else ()
    await add_client_information(
        deps, client, AddClientInformation(effect.reference, effect.text, files)
    )
    done = ((Button(v.tr.gettext("Done"), data("m", "done")),),)
    o.say(e, v.tr.gettext("Added to {reference}.", reference=effect.reference), done)


async def withdraw(
    deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, effect: effects.Withdraw
) -> None:
    client = await _client_or_say(deps, e, v, o)
    if client is None:
        return
    await withdraw_complaint(deps, client, WithdrawComplaint(effect.reference))
    c.reset()
    o.say(
        e,
        v.tr.gettext("{reference} is withdrawn.", reference=effect.reference),
        menu_buttons(v.tr),
    )


async def save_language(deps: Deps, c: Conversation, e: Event, v: View, o: Outcome) -> None:
    async with deps.uow() as uow:
        client = await uow.clients.by_chat(account(e.sender.telegram_id))
        if client is not None:
            client.language = c.language
            await uow.clients.save(client)
            await uow.commit()
    o.say(e, v.tr.gettext("Language changed."), menu_buttons(v.tr))


async def answer_survey(
    deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, effect: effects.AnswerSurvey
) -> None:
    c.reset()
    client = await _client_or_say(deps, e, v, o)
    if client is None:
        return
    a = effect.answers
    command = RecordSurveyAnswer(
        effect.reference, a[0] == "y", a[1] == "y", int(a[2]), effect.comment
    )
    await record_survey_answer(deps, client, command)
    text = v.tr.gettext(
        "Thank you for your answers. Your complaint {reference} is now closed.",
        reference=effect.reference,
    )
    o.say(e, text, menu_buttons(v.tr))


async def reopen(
    deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, effect: effects.Reopen
) -> None:
    c.reset()
    client = await _client_or_say(deps, e, v, o)
    if client is None:
        return
    await reopen_complaint(deps, client, ReopenComplaint(effect.reference, effect.reason))
    text = v.tr.gettext(
        "{reference} is reopened. The school will come back to you.", reference=effect.reference
    )
    o.say(e, text, menu_buttons(v.tr))


Handler = Callable[[Deps, Conversation, Event, View, Outcome, Any], Awaitable[None]]


async def _my_data(deps: Deps, _c: Conversation, e: Event, v: View, o: Outcome, _: Any) -> None:
    await send_my_data(deps, await _client(deps, e.sender.telegram_id), e, v, o)


async def _forget(deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, _: Any) -> None:
    await forget(deps, await _client(deps, e.sender.telegram_id), c, e, v, o)


def _without_effect(
    run: Callable[[Deps, Conversation, Event, View, Outcome], Awaitable[None]],
) -> Handler:
    async def handler(deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, _: Any) -> None:
        await run(deps, c, e, v, o)

    return handler


#: each effect a decision may ask for, and who carries it out
HANDLERS: dict[type, Handler] = {
    effects.SubmitDraft: _without_effect(submit),
    effects.ShowMyComplaints: _without_effect(show_mine),
    effects.AddInformation: add_information,
    effects.Withdraw: withdraw,
    effects.SaveLanguage: _without_effect(save_language),
    effects.AnswerSurvey: answer_survey,
    effects.Reopen: reopen,
    effects.ShowMyData: _my_data,
    effects.Forget: _forget,
    effects.Join: join,
    effects.ReadInvitation: offer_invitation,
    effects.AcceptInvitation: accept_invitation,
}


async def carry_out(deps: Deps, c: Conversation, e: Event, v: View, o: Outcome) -> None:
    """Run ``o.effect``; a refusal or a broken rule is told to the client politely."""
    handler = HANDLERS.get(type(o.effect))
    if handler is None:
        return
    try:
        await handler(deps, c, e, v, o, o.effect)
    except DomainError as error:
        o.say(e, v.tr.error(error))
        if c.step == "summary":
            ask(c, e, v, o, "summary")
