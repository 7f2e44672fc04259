"""The answer to an effectiveness check: a button (it worked, or not), then a note in one
message; an action that did not work is followed by a new one, said in the reply."""

from __future__ import annotations

from typing import Any

from bots.telegram.dialogue.view import Outcome
from bots.telegram.staff.forms import ask_text
from bots.telegram.staff.turn import StaffTurn
from core.domain.errors import N_, InvalidInput
from core.domain.improvement import ActionRef
from core.usecases.review_action import ReviewAction, review_action

ACTION = "review"
PROMPTS = {
    True: N_(
        "👍 Noted. In one message, what shows that it worked? (for example: no more "
        "cancellations without notice since)"
    ),
    False: N_("👎 Noted. In one message, what did you see? A follow-up action will be planned."),
}


def _answer(answer: str) -> tuple[int, bool]:
    number, _, effective = answer.partition(":")
    if not number.isdigit() or effective not in ("0", "1"):
        raise InvalidInput(N_("This button is not valid."))
    return int(number), effective == "1"


async def start(t: StaffTurn, key: str, answer: str) -> Outcome:
    number, effective = _answer(answer)
    state = {
        "action": ACTION,
        "reference": key,
        "number": number,
        "effective": effective,
        "thread_id": t.event.thread_id,
    }
    return await ask_text(t, state, PROMPTS[effective])


async def take_text(t: StaffTurn, state: dict[str, Any]) -> Outcome:
    await t.form.clear()
    ref = ActionRef.parse(state["reference"], int(state["number"]))
    command = ReviewAction(ref, bool(state["effective"]), t.event.text)
    reviewed = await review_action(t.deps, t.actor, command)
    if reviewed.follow_up is None or reviewed.due_on is None:
        text = t.tr.gettext("✅ Recorded: action {number} worked. Thank you.", number=ref.number)
    else:
        text = t.tr.gettext(
            "📋 Recorded: action {number} did not work. Follow-up action {follow_up} is "
            "planned, for you, by {date}.",
            number=ref.number,
            follow_up=reviewed.follow_up,
            date=t.tr.date(reviewed.due_on),
        )
    return t.o.say(t.event, text)
