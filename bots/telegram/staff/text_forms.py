"""Forms that wait for a staff member's text: a message to the client, and the decision
(accepted with a compensation, or rejected), always with written reasons and a preview of
exactly what the client will read before anything is sent."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from bots.telegram.delivery.notice_texts import RENDER
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import Html, HtmlTranslator, h
from bots.telegram.staff.buttons import staff
from bots.telegram.staff.form_slot import form_slot
from bots.telegram.staff.forms import ask_text, form_reply
from bots.telegram.store.store import telegram_store
from core import wording
from core.domain.authorisation import Permission
from core.domain.complaint import Complaint, require_text
from core.domain.enums import CompensationKind
from core.domain.errors import N_, InvalidInput
from core.domain.event_data import Accepted, ClientInformed, EventData, Rejected, journal_event
from core.domain.journal import Actor
from core.domain.values import Compensation
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.common import Deps, check, load
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.ports import UnitOfWork
from core.usecases.reject_complaint import RejectComplaint, reject_complaint

State = dict[str, Any]
PROMPTS = {
    "text": N_("💬 Write, in one message, what the client will receive about {reference}."),
    "amount": N_("Amount in euros for {reference}? (for example 45 or 45,50)"),
    "description": N_("Describe the gesture offered for {reference}."),
    "reasons": N_("Write the reasons of the answer about {reference}: the client reads them."),
}


def _cancel_row(tr: HtmlTranslator, reference: str) -> tuple[tuple[Button, ...], ...]:
    return ((Button(tr.gettext("✖ Cancel"), staff("fx", reference)),),)


async def _ask(
    uow: UnitOfWork,
    deps: Deps,
    event: Event,
    tr: HtmlTranslator,
    state: State,
    step: str,
    o: Outcome,
) -> Outcome:
    state["step"] = step
    return await ask_text(deps, uow, event, tr, state, PROMPTS[step], o)


async def start(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    actor: Actor,
    action: str,
    reference: str,
    answer: str,
    o: Outcome,
) -> Outcome:
    """The buttons that open or move a text form."""
    permission = Permission.INFORM_CLIENT if action == "inform" else Permission.DECIDE
    check(actor, permission, await load(uow, actor, Permission.VIEW, reference))
    base: State = {"reference": reference, "thread_id": event.thread_id}
    if action == "inform":
        return await _ask(uow, deps, event, tr, base | {"action": "inform"}, "text", o)
    if action == "decide":
        return _decision_menu(event, tr, reference, o)
    if action == "drej":
        return await _ask(uow, deps, event, tr, base | {"action": "reject"}, "reasons", o)
    current = await form_slot(uow, event).get() or {}
    if current.get("reference") != reference or current.get("action") != "accept":
        current = base | {"action": "accept", "offered": []}
    if action == "dacc":
        await telegram_store(uow).forms.put(
            event.chat_id, event.sender.telegram_id, current, deps.clock.now()
        )
        rows = tuple(
            (Button(c.label.in_language(tr.language), staff("dcomp", reference, c.code)),)
            for c in deps.profile.compensations
        )
        text = tr.gettext("What does the school offer for {reference}?", reference=reference)
        o.replies.add(form_reply(event, text, (*rows, *_cancel_row(tr, reference)), first=False))
        return o
    if action == "dreas" and current["offered"]:
        return await _ask(uow, deps, event, tr, current, "reasons", o)
    option = next((c for c in deps.profile.compensations if c.code == answer), None)
    if action == "dcomp" and option is not None:
        state = current | {"kind": option.kind.value, "amount_cents": 0, "quantity": 0}
        return await _compensation_chosen(uow, deps, event, tr, state | {"description": ""}, o)
    if action == "dqty" and answer in ("1", "2", "3") and "kind" in current:
        return await _offered(uow, deps, event, tr, current | {"quantity": int(answer)}, o)
    raise InvalidInput(N_("This button is not valid."))


def _decision_menu(event: Event, tr: HtmlTranslator, reference: str, o: Outcome) -> Outcome:
    buttons = (
        (
            Button(tr.gettext("✅ Accept"), staff("dacc", reference)),
            Button(tr.gettext("❌ Reject"), staff("drej", reference)),
        ),
        *_cancel_row(tr, reference),
    )
    text = tr.gettext("⚖️ Decision about {reference}:", reference=reference)
    o.replies.add(form_reply(event, text, buttons, first=True))
    return o


async def _compensation_chosen(
    uow: UnitOfWork, deps: Deps, event: Event, tr: HtmlTranslator, state: State, o: Outcome
) -> Outcome:
    """Ask what the chosen kind of compensation needs: an amount, a count, or words."""
    kind, reference = CompensationKind(state["kind"]), state["reference"]
    if kind.needs_amount:
        return await _ask(uow, deps, event, tr, state, "amount", o)
    if kind is CompensationKind.EXTRA_LESSON:
        counts = tuple(Button(str(n), staff("dqty", reference, n)) for n in (1, 2, 3))
        await telegram_store(uow).forms.put(
            event.chat_id, event.sender.telegram_id, state, deps.clock.now()
        )
        rows = (counts, *_cancel_row(tr, reference))
        o.replies.add(form_reply(event, tr.gettext("How many lessons?"), rows, first=False))
        return o
    if kind is CompensationKind.OTHER:
        return await _ask(uow, deps, event, tr, state, "description", o)
    return await _offered(uow, deps, event, tr, state, o)


async def _offered(
    uow: UnitOfWork, deps: Deps, event: Event, tr: HtmlTranslator, state: State, o: Outcome
) -> Outcome:
    """One compensation is complete: keep it, then offer another one or the reasons."""
    offered = [*state["offered"], _compensation(state).to_payload()]
    state = {
        k: v
        for k, v in state.items()
        if k not in ("kind", "amount_cents", "quantity", "description")
    }
    state |= {"offered": offered, "step": "more"}
    await telegram_store(uow).forms.put(
        event.chat_id, event.sender.telegram_id, state, deps.clock.now()
    )
    reference = state["reference"]
    listed = "; ".join(wording.compensation(tr, Compensation.from_payload(x)) for x in offered)
    buttons = (
        (Button(tr.gettext("➕ Another compensation"), staff("dacc", reference)),),
        (Button(tr.gettext("✍️ Write the reasons"), staff("dreas", reference)),),
        *_cancel_row(tr, reference),
    )
    text = tr.gettext("Offered so far: {offered}", offered=h(listed))
    o.replies.add(form_reply(event, text, buttons, first=True))
    return o


def _amount(text: str) -> int:
    try:
        value = Decimal(text.strip().replace("€", "").replace(",", ".").strip())
    except InvalidOperation:
        raise InvalidInput(N_("Please write an amount, for example 45 or 45,50.")) from None
    if value <= 0 or value > 10_000:
        raise InvalidInput(N_("Please write an amount, for example 45 or 45,50."))
    return int(value * 100)


async def take_text(
    deps: Deps, uow: UnitOfWork, event: Event, tr: HtmlTranslator, state: State, o: Outcome
) -> Outcome:
    """The staff member's text for the open form; a preview once it is complete."""
    step, text = state.get("step"), event.text
    if step == "amount":
        return await _offered(uow, deps, event, tr, state | {"amount_cents": _amount(text)}, o)
    if step == "description":
        described = require_text(text, N_("description"), 500)
        return await _offered(uow, deps, event, tr, state | {"description": described}, o)
    key = "message" if state["action"] == "inform" else "reasons"
    state = state | {key: require_text(text, N_(key)), "step": "preview"}
    await telegram_store(uow).forms.put(
        event.chat_id, event.sender.telegram_id, state, deps.clock.now()
    )
    preview = (
        tr.gettext("Preview of what the client will read:") + "\n\n" + _render(deps, tr, state)
    )
    buttons = (
        (Button(tr.gettext("📤 Send to the client"), staff("fok", state["reference"])),),
        *_cancel_row(tr, state["reference"]),
    )
    o.replies.add(form_reply(event, preview, buttons, first=True))
    return o


def _compensation(state: State) -> Compensation:
    return Compensation(
        CompensationKind(state["kind"]),
        state["amount_cents"],
        state["quantity"],
        state["description"],
    )


def _render(deps: Deps, tr: HtmlTranslator, state: State) -> Html:
    """The notice the client will receive, rendered now for the preview."""
    facts: EventData = ClientInformed(state.get("message", ""))
    if state["action"] == "accept":
        facts = Accepted(state["reasons"], _compensations(state))
    elif state["action"] == "reject":
        mediator = deps.profile.mediator
        facts = Rejected(state["reasons"], mediator_block=mediator.block() if mediator else "")
    reference = state["reference"]
    event = journal_event(facts, deps.clock.now(), Actor.system(), reference=reference)
    return RENDER[event.kind](tr, event, Complaint(reference), deps.profile)


def _compensations(state: State) -> tuple[Compensation, ...]:
    """The compensations offered so far (kept in the form's state in their journal form)."""
    return tuple(Compensation.from_payload(x) for x in state["offered"])


async def finish(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    actor: Actor,
    reference: str,
    send: bool,
    o: Outcome,
) -> Outcome:
    state = await form_slot(uow, event).get()
    await form_slot(uow, event).clear()
    if not send or state is None or state.get("reference") != reference:
        o.replies.add(form_reply(event, tr.gettext("Cancelled."), (), first=False))
        return o
    if state["action"] == "inform":
        await inform_client(deps, actor, InformClient(reference, state["message"]))
    elif state["action"] == "accept":
        accepted = AcceptComplaint(reference, state["reasons"], _compensations(state))
        await accept_complaint(deps, actor, accepted)
    else:
        await reject_complaint(deps, actor, RejectComplaint(reference, state["reasons"]))
    sent = tr.gettext(
        "📤 Sent to the client about {reference} by {by}.", reference=reference, by=actor.name
    )
    o.replies.add(form_reply(event, sent, (), first=False))
    return o
