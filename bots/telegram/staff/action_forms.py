"""The card's forms for the treatment: plan an action (corrective or improvement, owner,
due date, shared with the client or not), mark one done with its result, close with a
reason, reopen with a reason."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import h
from bots.telegram.staff.buttons import staff
from bots.telegram.staff.form_slot import form_slot
from bots.telegram.staff.forms import ask_text, form_reply
from bots.telegram.staff.turn import StaffTurn
from core.domain.authorisation import Permission
from core.domain.complaint import require_text
from core.domain.enums import ActionKind, ClosureKind
from core.domain.errors import N_, InvalidInput
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.close_complaint import CloseComplaint, close_complaint
from core.usecases.common import check, load
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.ports import UnitOfWork
from core.usecases.reopen_complaint import ReopenComplaint, reopen_complaint

ACTIONS = frozenset({"plan", "pkind", "pown", "pdue", "pshr", "done", "close", "reopen", "ackw"})
#: the forms of this module that wait for a text (the others are in text_forms)
TEXT_ACTIONS = frozenset({"plan", "complete", "close", "reopen", "ackw"})
KINDS = {"c": ActionKind.CORRECTIVE, "p": ActionKind.PREVENTIVE, "i": ActionKind.IMPROVEMENT}
PERMISSION = {
    "plan": Permission.PLAN_ACTION,
    "done": Permission.COMPLETE_ACTION,
    "close": Permission.CLOSE,
    "reopen": Permission.REOPEN,
    "ackw": Permission.ACKNOWLEDGE,
}
PROMPTS = {
    "description": N_("📋 Describe the action for {reference} in one message."),
    "result": N_("✅ What was done, and with what result? ({reference})"),
    "close": N_("🔒 Why close {reference}? One message."),
    "reopen": N_("↩ Why reopen {reference}? One message."),
    "ackw": N_("✍️ Your personal word to the client about {reference}, in one message."),
}


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rows(buttons: list[Button], width: int = 3) -> Keyboard:
    return tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))


async def _state(uow: UnitOfWork, event: Event, reference: str) -> dict[str, Any]:
    state = await form_slot(uow, event).get()
    if not state or state.get("reference") != reference:
        raise InvalidInput(N_("This form is no longer open."))
    return state


async def _prompt(t: StaffTurn, state: dict[str, Any], step: str) -> Outcome:
    state["step"] = step
    return await ask_text(t, state, PROMPTS[step])


async def start(t: StaffTurn, action: str, reference: str, answer: str) -> Outcome:
    complaint = await load(t.uow, t.actor, Permission.VIEW, reference)
    check(t.actor, PERMISSION.get(action, Permission.PLAN_ACTION), complaint)
    base = {"reference": reference, "thread_id": t.event.thread_id}
    if action == "plan":
        buttons = [
            Button(t.tr.gettext("Corrective"), staff("pkind", reference, "c")),
            Button(t.tr.gettext("Preventive"), staff("pkind", reference, "p")),
            Button(t.tr.gettext("Improvement"), staff("pkind", reference, "i")),
        ]
        t.o.replies.add(
            form_reply(
                t.event, t.tr.gettext("📋 Which kind of action?"), _rows(buttons), first=True
            )
        )
        return t.o
    if action == "pkind" and answer in KINDS:
        kind = KINDS[answer]
        return await _prompt(t, base | {"action": "plan", "kind": kind.value}, "description")
    if action == "pown" and answer.isdigit():
        state = await _state(t.uow, t.event, reference) | {"owner_id": int(answer)}
        await t.form.put(state, t.deps.clock.now())
        buttons = [
            Button(t.tr.ngettext("in {n} day", "in {n} days", n), staff("pdue", reference, n))
            for n in (7, 14, 30)
        ]
        t.o.replies.add(form_reply(t.event, t.tr.gettext("By when?"), _rows(buttons), first=False))
        return t.o
    if action == "pdue" and answer in ("7", "14", "30"):
        state = await _state(t.uow, t.event, reference) | {"days": int(answer)}
        await t.form.put(state, t.deps.clock.now())
        buttons = [
            Button(t.tr.gettext("Share with the client"), staff("pshr", reference, "1")),
            Button(t.tr.gettext("Keep internal"), staff("pshr", reference, "0")),
        ]
        t.o.replies.add(
            form_reply(
                t.event,
                t.tr.gettext("Tell the client about this action?"),
                _rows(buttons, 2),
                first=False,
            )
        )
        return t.o
    if action == "pshr" and answer in ("0", "1"):
        return await _plan(t, await _state(t.uow, t.event, reference), answer == "1")
    if action == "done":
        if answer.isdigit():
            state = base | {"action": "complete", "number": int(answer)}
            return await _prompt(t, state, "result")
        buttons = [
            Button(f"{a.number}. {_short(a.description)}", staff("done", reference, a.number))
            for a in complaint.actions
            if not a.done
        ]
        if not buttons:
            raise InvalidInput(N_("There is no action left to complete."))
        t.o.replies.add(
            form_reply(
                t.event, t.tr.gettext("✅ Which action is done?"), _rows(buttons, 1), first=True
            )
        )
        return t.o
    if action in ("close", "reopen", "ackw"):
        return await _prompt(t, base | {"action": action}, action)
    raise InvalidInput(N_("This button is not valid."))


async def _plan(t: StaffTurn, state: dict[str, Any], share: bool) -> Outcome:
    await t.form.clear()
    due = t.deps.calendar.local_date(t.deps.clock.now()) + timedelta(days=state["days"])
    complaint = await plan_action(
        t.deps,
        t.actor,
        PlanAction(
            state["reference"],
            ActionKind(state["kind"]),
            state["description"],
            state["owner_id"],
            due,
            share_with_client=share,
        ),
    )
    planned = complaint.actions[-1]
    owner = await t.uow.staff.get(planned.owner_id)
    text = t.tr.gettext(
        "📋 Action {number} planned: {action} — {owner}, by {date}.",
        number=planned.number,
        action=h(planned.description),
        owner=h(owner.name if owner else "?"),
        date=t.tr.date(due),
    )
    t.o.replies.add(form_reply(t.event, text, (), first=False))
    return t.o


async def take_text(t: StaffTurn, state: dict[str, Any]) -> Outcome:
    reference, action = state["reference"], state["action"]
    if action == "plan":
        state = state | {"description": require_text(t.event.text, N_("action"), 1000)}
        await t.form.put(state, t.deps.clock.now())
        members = [m for m in await t.uow.staff.list() if m.id is not None]
        buttons = [Button(m.name, staff("pown", reference, m.id)) for m in members]
        t.o.replies.add(
            form_reply(t.event, t.tr.gettext("Who owns it?"), _rows(buttons, 2), first=True)
        )
        return t.o
    await t.form.clear()
    if action == "complete":
        await complete_action(
            t.deps, t.actor, CompleteAction(reference, state["number"], t.event.text)
        )
        text = t.tr.gettext(
            "✅ Action {number} done ({by}).", number=state["number"], by=h(t.actor.name)
        )
    elif action == "ackw":
        word = require_text(t.event.text, N_("message"), 1000)
        await acknowledge_with_letter(t.deps, t.actor, AcknowledgeWithLetter(reference, word))
        text = t.tr.gettext(
            "📬 {reference} acknowledged by {by}: the letter is on its way.",
            reference=reference,
            by=h(t.actor.name),
        )
    elif action == "close":
        await close_complaint(
            t.deps,
            t.actor,
            CloseComplaint(
                reference, ClosureKind.MANAGER, require_text(t.event.text, N_("reason"))
            ),
        )
        text = t.tr.gettext(
            "🔒 {reference} closed by {by}.", reference=reference, by=h(t.actor.name)
        )
    else:
        await reopen_complaint(t.deps, t.actor, ReopenComplaint(reference, t.event.text))
        text = t.tr.gettext(
            "↩ {reference} reopened by {by}.", reference=reference, by=h(t.actor.name)
        )
    t.o.replies.add(form_reply(t.event, text, (), first=True))
    return t.o
