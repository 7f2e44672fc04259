"""The card's button forms. They keep no state: each button carries the answers so far,
the form's message is edited in place, and the use case checks everything again."""

from __future__ import annotations

from typing import Any

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard, Reply
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import Html, HtmlTranslator, h
from bots.telegram.staff.buttons import staff
from bots.telegram.staff.form_slot import form_slot
from core.domain.authorisation import Permission
from core.domain.journal import Actor
from core.usecases.acknowledge_with_letter import AcknowledgeWithLetter, acknowledge_with_letter
from core.usecases.assign_handler import AssignHandler, assign_handler
from core.usecases.common import Deps, load
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.ports import UnitOfWork


def form_reply(event: Event, text: Html, buttons: Keyboard, first: bool) -> Reply:
    """The form's first message (in the thread), or its next step (edited in place)."""
    if first:
        reply_to = None if event.thread_id is not None else event.message_id
        return Reply(event.chat_id, text, buttons, event.thread_id, reply_to=reply_to)
    return Reply(event.chat_id, text, buttons, event.thread_id, edit_message_id=event.message_id)


async def ask_text(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    state: dict[str, Any],
    prompt: str,
    o: Outcome,
) -> Outcome:
    """Keep the form's state, then ask for the staff member's next message (with Cancel)."""
    await form_slot(uow, event).put(state, deps.clock.now())
    cancel = ((Button(tr.gettext("✖ Cancel"), staff("fx", state["reference"])),),)
    text = tr.gettext(prompt, reference=state["reference"])
    o.replies.add(form_reply(event, text, cancel, first=True))
    return o


def _row(buttons: list[Button], width: int = 4) -> Keyboard:
    return tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))


async def assign_form(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    actor: Actor,
    reference: str,
    answer: str,
    o: Outcome,
) -> Outcome:
    await load(uow, actor, Permission.ASSIGN_HANDLER, reference)  # nothing shown to others
    if not answer:
        members = [m for m in await uow.staff.list() if m.id is not None]
        buttons = [Button(m.name, staff("assign", reference, m.id)) for m in members]
        o.replies.add(
            form_reply(
                event,
                tr.gettext("👤 Who handles {reference}?", reference=reference),
                _row(buttons, 2),
                first=True,
            )
        )
        return o.toast(event)
    if not answer.isdigit():
        return o.toast(event, tr.gettext("This button is not valid."), alert=True)
    await assign_handler(deps, actor, AssignHandler(reference, int(answer)))
    member = await uow.staff.get(int(answer))
    text = tr.gettext(
        "👤 {reference} is handled by {name} (set by {by}).",
        reference=reference,
        name=h(member.name if member else "?"),
        by=h(actor.name),
    )
    o.replies.add(form_reply(event, text, (), first=False))
    return o.toast(event)


def _scores(answer: str) -> list[str]:
    return [part for part in answer.split(".") if part]


async def evaluate_form(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    actor: Actor,
    reference: str,
    answer: str,
    o: Outcome,
) -> Outcome:
    await load(uow, actor, Permission.EVALUATE, reference)  # nothing shown to others
    parts = _scores(answer)

    if parts == ["x"]:
        o.replies.add(form_reply(event, tr.gettext("Evaluation cancelled."), (), first=False))
        return o.toast(event)
    if len(parts) == 0:
        buttons = [Button(str(n), staff("eval", reference, n)) for n in range(1, 5)]
        buttons.append(Button(tr.gettext("⚠️ Safety"), staff("eval", reference, "S")))
        text = tr.gettext("🔎 {reference} — severity? (1 minor … 4 critical)", reference=reference)
        o.replies.add(form_reply(event, text, _row(buttons, 5), first=True))
        return o.toast(event)
    if len(parts) in (1, 2):
        question = (
            tr.gettext("Complexity? (1 simple … 3 complex)")
            if len(parts) == 1
            else tr.gettext("Impact? (1 low … 3 high)")
        )
        buttons = [Button(str(n), staff("eval", reference, f"{answer}.{n}")) for n in range(1, 4)]
        o.replies.add(
            form_reply(
                event, Html("🔎 {} — {}").format(reference, question), _row(buttons), first=False
            )
        )
        return o.toast(event)
    severity, complexity, impact = parts[:3]
    if not (severity in "1234S" and complexity in "123" and impact in "123") or len(severity) != 1:
        return o.toast(event, tr.gettext("This button is not valid."), alert=True)
    safety = severity == "S"
    level = 4 if safety else int(severity)
    if len(parts) == 3:
        priority = deps.profile.priority_rules.priority(
            level, int(complexity), int(impact), safety
        )
        days = deps.profile.deadlines.answer_days[priority]
        text = tr.gettext(
            "🔎 {reference}: priority {priority}, answer within {days} days. Confirm?",
            reference=reference,
            priority=priority.label,
            days=days,
        )
        buttons = [
            Button(tr.gettext("✅ Confirm"), staff("eval", reference, f"{answer}.ok")),
            Button(tr.gettext("✖ Cancel"), staff("eval", reference, "x")),
        ]
        o.replies.add(form_reply(event, text, _row(buttons), first=False))
        return o.toast(event)
    command = EvaluateComplaint(reference, level, int(complexity), int(impact), safety)
    complaint = await evaluate_complaint(deps, actor, command)
    assert complaint.evaluation is not None
    assert complaint.answer_by is not None
    text = tr.gettext(
        "🔎 {reference} evaluated by {by}: priority {priority}, answer by {date}.",
        reference=reference,
        by=h(actor.name),
        priority=complaint.evaluation.priority.label,
        date=tr.date(complaint.answer_by),
    )
    o.replies.add(form_reply(event, text, (), first=False))
    return o.toast(event)


async def acknowledge_form(
    deps: Deps,
    uow: UnitOfWork,
    event: Event,
    tr: HtmlTranslator,
    actor: Actor,
    reference: str,
    answer: str,
    o: Outcome,
) -> Outcome:
    """Acknowledge by hand: as is, or with a personal word (see action_forms); the letter is
    produced and sent to the client."""
    await load(uow, actor, Permission.ACKNOWLEDGE, reference)
    if answer != "ok":
        buttons = (
            (Button(tr.gettext("📤 Send as is"), staff("ack", reference, "ok")),),
            (Button(tr.gettext("✍️ Add a personal word"), staff("ackw", reference)),),
        )
        text = tr.gettext("📬 Acknowledge {reference}:", reference=reference)
        o.replies.add(form_reply(event, text, buttons, first=True))
        return o.toast(event)
    await acknowledge_with_letter(deps, actor, AcknowledgeWithLetter(reference))
    text = tr.gettext(
        "📬 {reference} acknowledged by {by}: the letter is on its way.",
        reference=reference,
        by=h(actor.name),
    )
    o.replies.add(form_reply(event, text, (), first=False))
    return o.toast(event)
