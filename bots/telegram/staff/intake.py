"""What staff do in the staff group: internal notes in a complaint's thread, and the
card's buttons. Only members of the staff directory act; anyone else is refused politely
and the refusal is journaled."""

from __future__ import annotations

from typing import Any

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome, parse_data
from bots.telegram.identity import account
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff import action_forms, recording_form, review_forms, text_forms
from bots.telegram.staff.buttons import StaffButton
from bots.telegram.staff.commands import run_command
from bots.telegram.staff.forms import acknowledge_form, assign_form, evaluate_form
from bots.telegram.staff.meeting_commands import read_button as meeting_read
from bots.telegram.staff.turn import StaffTurn
from bots.telegram.store.store import telegram_store
from core.domain.authorisation import Permission
from core.domain.errors import DomainError
from core.domain.event_data import AccessRefused, journal_event
from core.domain.journal import Actor
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.common import Deps, Refused
from core.usecases.ports import UnitOfWork
from core.usecases.record_letter_posted import RecordLetterPosted, record_letter_posted

TEXT_FORMS = frozenset({"inform", "decide", "dacc", "drej", "dcomp", "dqty", "dreas"})


async def complaint_of(uow: UnitOfWork, event: Event) -> str | None:
    """The complaint a staff-group message or button is about."""
    if event.button and (pressed := StaffButton.unpack(event.button)):
        return pressed.reference or None
    if event.thread_id is not None:
        return await telegram_store(uow).threads.by_topic(event.chat_id, event.thread_id)
    if event.reply_to is not None:
        return await telegram_store(uow).threads.by_message(event.chat_id, event.reply_to)
    return None


async def handle_staff(deps: Deps, uow: UnitOfWork, event: Event, tr: HtmlTranslator) -> Outcome:
    o = Outcome()
    reference = await complaint_of(uow, event)
    member = await uow.staff.by_chat(account(event.sender.telegram_id))
    if member is None or not member.active or member.id is None:
        return await _refuse(deps, uow, event, tr, reference, o)
    actor = Actor.staff(member.id, member.role, member.name)
    try:
        return await _act(StaffTurn(deps, uow, event, tr, actor, o), reference)
    except Refused as refused:
        if not refused.journaled:
            refusal = AccessRefused(refused.permission.value, refused.reason)
            await uow.journal.append(
                journal_event(refusal, deps.clock.now(), actor, reference=refused.reference)
            )
        return _told(event, tr, refused, o)
    except DomainError as error:
        return _told(event, tr, error, o)


def _told(event: Event, tr: HtmlTranslator, error: DomainError, o: Outcome) -> Outcome:
    """A refusal or a broken rule, told where the staff member acted."""
    if event.callback_id:
        return o.toast(event, tr.error(error)[:200], alert=True)
    return o.say(event, tr.error(error))


async def _act(turn: StaffTurn, reference: str | None) -> Outcome:
    """A button, a command, the answer to an open form, or else an internal note."""
    deps, event, tr, actor, o = turn.deps, turn.event, turn.tr, turn.actor, turn.o
    if event.button is not None:
        return await _button(turn)
    if event.command == "new":
        return await recording_form.start(deps, turn.uow, event, tr, actor)
    if event.command is not None:
        return await run_command(deps, event, tr, actor, o)
    if not event.text.strip():
        return o
    form = await turn.form.get()
    if form and form.get("thread_id") == event.thread_id:
        return await _answer_form(turn, form)
    if reference:
        await add_internal_note(deps, actor, AddInternalNote(reference, event.text))
    return o


async def _answer_form(turn: StaffTurn, form: dict[str, Any]) -> Outcome:
    if form["action"] == recording_form.ACTION:
        t = turn
        return await recording_form.take_text(t.deps, t.uow, t.event, t.tr, t.actor, form)
    if form["action"] in action_forms.TEXT_ACTIONS:
        return await action_forms.take_text(turn, form)
    if form["action"] == review_forms.ACTION:
        return await review_forms.take_text(turn, form)
    return await text_forms.take_text(turn, form)


async def _refuse(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    reference: str | None,
    o: Outcome,
) -> Outcome:
    who = Actor.unknown(event.sender.full_name or f"Telegram #{event.sender.telegram_id}")
    refusal = AccessRefused(
        Permission.ADD_NOTE.value if not event.button else "staff_action",
        "not a member of the staff directory",
        {"telegram_id": event.sender.telegram_id},  # who asked, as the chat knows them
    )
    await uow.journal.append(journal_event(refusal, deps.clock.now(), who, reference=reference))
    text = tr.gettext("Sorry, only members of the school's staff directory can act here.")
    if event.callback_id:
        return o.toast(event, text, alert=True)
    return o.say(event, text)


async def letter_posted(  # noqa: PLR0913
    deps: Deps,
    event: Event,
    tr: HtmlTranslator,
    actor: Actor,
    reference: str,
    what: str,
    o: Outcome,
) -> Outcome:
    """A letter is posted (the acknowledgement or the answer): journaled, said in the thread."""
    await record_letter_posted(
        deps, actor, RecordLetterPosted(reference, what or "acknowledgement")
    )
    when = tr.date(deps.calendar.local_date(deps.clock.now()))
    text = tr.gettext(
        "📮 {reference}: letter posted on {date} by {name}.",
        reference=reference,
        date=when,
        name=actor.name,
    )
    o.say(event, text)
    return o.toast(event)


async def _button(turn: StaffTurn) -> Outcome:
    deps, event, tr, actor, o = turn.deps, turn.event, turn.tr, turn.actor, turn.o
    parsed = parse_data(event.button or "")
    if parsed is not None and parsed[:2] == ("mr", "read"):
        return await meeting_read(deps, event, tr, actor, o, parsed[2])
    pressed = StaffButton.unpack(event.button or "")
    if pressed is None:
        return o.toast(event, tr.gettext("This button is not valid."), alert=True)
    action, reference, answer = pressed.action, pressed.reference, pressed.answer
    value = f"{reference}|{answer}" if answer else reference
    if action in TEXT_FORMS:
        await text_forms.start(turn, action, reference, answer)
        return o.toast(event)
    if action in action_forms.ACTIONS:
        await action_forms.start(turn, action, reference, answer)
        return o.toast(event)
    if action == "nr":
        pressed_form = recording_form.press(deps, turn.uow, event, tr, actor, value)
        return (await pressed_form).toast(event)
    if action == "rev":
        await review_forms.start(turn, reference, answer)
        return o.toast(event)
    if action == "posted":
        return await letter_posted(deps, event, tr, actor, reference, answer, o)
    if action in ("fok", "fx"):
        await text_forms.finish(turn, reference, action == "fok")
        return o.toast(event)
    form = {"assign": assign_form, "eval": evaluate_form, "ack": acknowledge_form}.get(action)
    if form is None:
        return o.toast(event, tr.gettext("This button is not valid."), alert=True)
    return await form(turn, reference, answer)
