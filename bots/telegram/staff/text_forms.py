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
from bots.telegram.staff.forms import ask_text, form_reply
from bots.telegram.staff.turn import StaffTurn
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


async def _ask(t: StaffTurn, state: State, step: str) -> Outcome:
    state["step"] = step
    return await ask_text(t, state, PROMPTS[step])


async def start(t: StaffTurn, action: str, reference: str, answer: str) -> Outcome:
    """The buttons that open or move a text form."""
    permission = Permission.INFORM_CLIENT if action == "inform" else Permission.DECIDE
    check(t.actor, permission, await load(t.uow, t.actor, Permission.VIEW, reference))
    base: State = {"reference": reference, "thread_id": t.event.thread_id}
    if action == "inform":
        return await _ask(t, base | {"action": "inform"}, "text")
    if action == "decide":
        return _decision_menu(t.event, t.tr, reference, t.o)
    if action == "drej":
        return await _ask(t, base | {"action": "reject"}, "reasons")
    current = await t.form.get() or {}
    if current.get("reference") != reference or current.get("action") != "accept":
        current = base | {"action": "accept", "offered": []}
    if action == "dacc":
        await t.form.put(current, t.deps.clock.now())
        rows = tuple(
            (Button(c.label.in_language(t.tr.language), staff("dcomp", reference, c.code)),)
            for c in t.deps.profile.compensations
        )
        text = t.tr.gettext("What does the school offer for {reference}?", reference=reference)
        t.o.replies.add(
            form_reply(t.event, text, (*rows, *_cancel_row(t.tr, reference)), first=False)
        )
        return t.o
    if action == "dreas" and current["offered"]:
        return await _ask(t, current, "reasons")
    option = next((c for c in t.deps.profile.compensations if c.code == answer), None)
    if action == "dcomp" and option is not None:
        state = current | {"kind": option.kind.value, "amount_cents": 0, "quantity": 0}
        return await _compensation_chosen(t, state | {"description": ""})
    if action == "dqty" and answer in ("1", "2", "3") and "kind" in current:
        return await _offered(t, current | {"quantity": int(answer)})
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


async def _compensation_chosen(t: StaffTurn, state: State) -> Outcome:
    """Ask what the chosen kind of compensation needs: an amount, a count, or words."""
    kind, reference = CompensationKind(state["kind"]), state["reference"]
    if kind.needs_amount:
        return await _ask(t, state, "amount")
    if kind is CompensationKind.EXTRA_LESSON:
        counts = tuple(Button(str(n), staff("dqty", reference, n)) for n in (1, 2, 3))
        await t.form.put(state, t.deps.clock.now())
        rows = (counts, *_cancel_row(t.tr, reference))
        t.o.replies.add(form_reply(t.event, t.tr.gettext("How many lessons?"), rows, first=False))
        return t.o
    if kind is CompensationKind.OTHER:
        return await _ask(t, state, "description")
    return await _offered(t, state)


async def _offered(t: StaffTurn, state: State) -> Outcome:
    """One compensation is complete: keep it, then offer another one or the reasons."""
    offered = [*state["offered"], _compensation(state).to_payload()]
    state = {
        k: v
        for k, v in state.items()
        if k not in ("kind", "amount_cents", "quantity", "description")
    }
    state |= {"offered": offered, "step": "more"}
    await t.form.put(state, t.deps.clock.now())
    reference = state["reference"]
    listed = t.tr.listing(
        wording.compensation(t.tr, Compensation.from_payload(x)) for x in offered
    )
    buttons = (
        (Button(t.tr.gettext("➕ Another compensation"), staff("dacc", reference)),),
        (Button(t.tr.gettext("✍️ Write the reasons"), staff("dreas", reference)),),
        *_cancel_row(t.tr, reference),
    )
    text = t.tr.gettext("Offered so far: {offered}", offered=h(listed))
    t.o.replies.add(form_reply(t.event, text, buttons, first=True))
    return t.o


def _amount(text: str) -> int:
    try:
        value = Decimal(text.strip().replace("€", "").replace(",", ".").strip())
    except InvalidOperation:
        raise InvalidInput(N_("Please write an amount, for example 45 or 45,50.")) from None
    if value <= 0 or value > 10_000:
        raise InvalidInput(N_("Please write an amount, for example 45 or 45,50."))
    return int(value * 100)


async def take_text(t: StaffTurn, state: State) -> Outcome:
    """The staff member's text for the open form; a preview once it is complete."""
    step, text = state.get("step"), t.event.text
    if step == "amount":
        return await _offered(t, state | {"amount_cents": _amount(text)})
    if step == "description":
        described = require_text(text, N_("description"), 500)
        return await _offered(t, state | {"description": described})
    key = "message" if state["action"] == "inform" else "reasons"
    state = state | {key: require_text(text, N_(key)), "step": "preview"}
    await t.form.put(state, t.deps.clock.now())
    preview = (
        t.tr.gettext("Preview of what the client will read:")
        + "\n\n"
        + _render(t.deps, t.tr, state)
    )
    buttons = (
        (Button(t.tr.gettext("📤 Send to the client"), staff("fok", state["reference"])),),
        *_cancel_row(t.tr, state["reference"]),
    )
    t.o.replies.add(form_reply(t.event, preview, buttons, first=True))
    return t.o


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


async def finish(t: StaffTurn, reference: str, send: bool) -> Outcome:
    state = await t.form.get()
    await t.form.clear()
    if not send or state is None or state.get("reference") != reference:
        t.o.replies.add(form_reply(t.event, t.tr.gettext("Cancelled."), (), first=False))
        return t.o
    if state["action"] == "inform":
        await inform_client(t.deps, t.actor, InformClient(reference, state["message"]))
    elif state["action"] == "accept":
        accepted = AcceptComplaint(reference, state["reasons"], _compensations(state))
        await accept_complaint(t.deps, t.actor, accepted)
    else:
        await reject_complaint(t.deps, t.actor, RejectComplaint(reference, state["reasons"]))
    sent = t.tr.gettext(
        "📤 Sent to the client about {reference} by {by}.", reference=reference, by=t.actor.name
    )
    t.o.replies.add(form_reply(t.event, sent, (), first=False))
    return t.o
