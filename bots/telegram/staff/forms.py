"""The card's button forms. They keep no state: each button carries the answers so far,
the form's message is edited in place, and the use case checks everything again."""

from __future__ import annotations

from typing import Any

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard, Reply
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import Html, h
from bots.telegram.staff.buttons import staff
from bots.telegram.staff.turn import StaffTurn
from core.domain.authorisation import Permission
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.assign_handler import AssignHandler, assign_handler
from core.usecases.common import load
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint


def form_reply(event: Event, text: Html, buttons: Keyboard, first: bool) -> Reply:
    """The form's first message (in the thread), or its next step (edited in place)."""
    if first:
        reply_to = None if event.thread_id is not None else event.message_id
        return Reply(event.chat_id, text, buttons, event.thread_id, reply_to=reply_to)
    return Reply(event.chat_id, text, buttons, event.thread_id, edit_message_id=event.message_id)


async def ask_text(t: StaffTurn, state: dict[str, Any], prompt: str) -> Outcome:
    """Keep the form's state, then ask for the staff member's next message (with Cancel)."""
    await t.form.put(state, t.deps.clock.now())
    cancel = ((Button(t.tr.gettext("✖ Cancel"), staff("fx", state["reference"])),),)
    text = t.tr.gettext(prompt, reference=state["reference"])
    t.o.replies.add(form_reply(t.event, text, cancel, first=True))
    return t.o


def _row(buttons: list[Button], width: int = 4) -> Keyboard:
    return tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))


async def assign_form(t: StaffTurn, reference: str, answer: str) -> Outcome:
    await load(t.uow, t.actor, Permission.ASSIGN_HANDLER, reference)  # nothing shown to others
    if not answer:
        members = [m for m in await t.uow.staff.list() if m.id is not None]
        buttons = [Button(m.name, staff("assign", reference, m.id)) for m in members]
        t.o.replies.add(
            form_reply(
                t.event,
                t.tr.gettext("👤 Who handles {reference}?", reference=reference),
                _row(buttons, 2),
                first=True,
            )
        )
        return t.o.toast(t.event)
    if not answer.isdigit():
        return t.o.toast(t.event, t.tr.gettext("This button is not valid."), alert=True)
    await assign_handler(t.deps, t.actor, AssignHandler(reference, int(answer)))
    member = await t.uow.staff.get(int(answer))
    text = t.tr.gettext(
        "👤 {reference} is handled by {name} (set by {by}).",
        reference=reference,
        name=h(member.name if member else "?"),
        by=h(t.actor.name),
    )
    t.o.replies.add(form_reply(t.event, text, (), first=False))
    return t.o.toast(t.event)


def _scores(answer: str) -> list[str]:
    return [part for part in answer.split(".") if part]


async def evaluate_form(t: StaffTurn, reference: str, answer: str) -> Outcome:
    await load(t.uow, t.actor, Permission.EVALUATE, reference)  # nothing shown to others
    parts = _scores(answer)

    if parts == ["x"]:
        t.o.replies.add(
            form_reply(t.event, t.tr.gettext("Evaluation cancelled."), (), first=False)
        )
        return t.o.toast(t.event)
    if len(parts) == 0:
        buttons = [Button(str(n), staff("eval", reference, n)) for n in range(1, 5)]
        buttons.append(Button(t.tr.gettext("⚠️ Safety"), staff("eval", reference, "S")))
        text = t.tr.gettext(
            "🔎 {reference} — severity? (1 minor … 4 critical)", reference=reference
        )
        t.o.replies.add(form_reply(t.event, text, _row(buttons, 5), first=True))
        return t.o.toast(t.event)
    if len(parts) in (1, 2):
        question = (
            t.tr.gettext("Complexity? (1 simple … 3 complex)")
            if len(parts) == 1
            else t.tr.gettext("Impact? (1 low … 3 high)")
        )
        buttons = [Button(str(n), staff("eval", reference, f"{answer}.{n}")) for n in range(1, 4)]
        t.o.replies.add(
            form_reply(
                t.event, Html("🔎 {} — {}").format(reference, question), _row(buttons), first=False
            )
        )
        return t.o.toast(t.event)
    severity, complexity, impact = parts[:3]
    if not (severity in "1234S" and complexity in "123" and impact in "123") or len(severity) != 1:
        return t.o.toast(t.event, t.tr.gettext("This button is not valid."), alert=True)
    safety = severity == "S"
    level = 4 if safety else int(severity)
    if len(parts) == 3:
        priority = t.deps.profile.priority_rules.priority(
            level, int(complexity), int(impact), safety
        )
        days = t.deps.profile.deadlines.answer_days[priority]
        text = t.tr.gettext(
            "🔎 {reference}: priority {priority}, answer within {days} days. Confirm?",
            reference=reference,
            priority=priority.label,
            days=days,
        )
        buttons = [
            Button(t.tr.gettext("✅ Confirm"), staff("eval", reference, f"{answer}.ok")),
            Button(t.tr.gettext("✖ Cancel"), staff("eval", reference, "x")),
        ]
        t.o.replies.add(form_reply(t.event, text, _row(buttons), first=False))
        return t.o.toast(t.event)
    command = EvaluateComplaint(reference, level, int(complexity), int(impact), safety)
    complaint = await evaluate_complaint(t.deps, t.actor, command)
    assert complaint.evaluation is not None
    assert complaint.answer_by is not None
    text = t.tr.gettext(
        "🔎 {reference} evaluated by {by}: priority {priority}, answer by {date}.",
        reference=reference,
        by=h(t.actor.name),
        priority=complaint.evaluation.priority.label,
        date=t.tr.date(complaint.answer_by),
    )
    t.o.replies.add(form_reply(t.event, text, (), first=False))
    return t.o.toast(t.event)


async def acknowledge_form(t: StaffTurn, reference: str, answer: str) -> Outcome:
    """Acknowledge by hand: as is, or with a personal word (see action_forms); the letter is
    produced and sent to the client."""
    await load(t.uow, t.actor, Permission.ACKNOWLEDGE, reference)
    if answer != "ok":
        buttons = (
            (Button(t.tr.gettext("📤 Send as is"), staff("ack", reference, "ok")),),
            (Button(t.tr.gettext("✍️ Add a personal word"), staff("ackw", reference)),),
        )
        text = t.tr.gettext("📬 Acknowledge {reference}:", reference=reference)
        t.o.replies.add(form_reply(t.event, text, buttons, first=True))
        return t.o.toast(t.event)
    await acknowledge_with_letter(t.deps, t.actor, AcknowledgeWithLetter(reference))
    text = t.tr.gettext(
        "📬 {reference} acknowledged by {by}: the letter is on its way.",
        reference=reference,
        by=h(t.actor.name),
    )
    t.o.replies.add(form_reply(t.event, text, (), first=False))
    return t.o.toast(t.event)
