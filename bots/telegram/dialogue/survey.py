"""The satisfaction survey at closure, with buttons: three questions, then an optional
comment. The answers so far travel in the button data, so a reminder days later works
like the first message; the use case checks at the end that the survey is still open."""

from __future__ import annotations

import re

from bots.telegram.dialogue import effects
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard, Reply
from bots.telegram.dialogue.view import Outcome, View, data
from bots.telegram.markup import Html, HtmlTranslator
from core.domain.reference import PATTERN

ANSWERS = re.compile(r"^[yn]{0,2}$|^[yn]{2}[1-5]$")


def survey_question(
    tr: HtmlTranslator, reference: str, answers: str, reminder: bool = False
) -> tuple[Html, Keyboard]:
    """The next question for ``answers`` given so far (fewer than three)."""
    step = len(answers)
    head = tr.gettext(
        "📝 Your opinion on how {reference} was handled ({n}/3)", reference=reference, n=step + 1
    )
    if reminder:
        head = tr.gettext("A reminder: the school would value your opinion.") + "\n\n" + head

    def choice(label: str, code: str) -> Button:
        return Button(label, data("v", "q", f"{reference}:{answers}{code}"))

    if step == 0:
        question = tr.gettext("Was your complaint taken into account, clarified and explained?")
    elif step == 1:
        question = tr.gettext("Were corrective and improvement actions planned and carried out?")
    else:
        question = tr.gettext("Overall, how satisfied are you? (1 = not at all, 5 = very)")
        scores = tuple(choice(str(n), str(n)) for n in range(1, 6))
        return head + "\n\n" + question, (scores,)
    yes_no = (choice(tr.gettext("Yes"), "y"), choice(tr.gettext("No"), "n"))
    return head + "\n\n" + question, (yes_no,)


def survey_button(
    c: Conversation, e: Event, v: View, o: Outcome, action: str, value: str
) -> Outcome:
    reference, _, answers = value.partition(":")
    if not PATTERN.match(reference) or not ANSWERS.match(answers) or action not in ("q", "s"):
        return o.toast(e, v.tr.gettext("This button is not valid."), alert=True)
    o.toast(e)
    if action == "s":
        if len(answers) != 3:
            return o.say(e, v.tr.gettext("This button is not valid."))
        o.effect = effects.AnswerSurvey(reference, answers)
        return o
    if len(answers) < 3:
        text, buttons = survey_question(v.tr, reference, answers)
        o.replies.add(Reply(e.chat_id, text, buttons, edit_message_id=e.message_id))
        return o
    c.reset()
    c.step, c.context = "survey_comment", {"reference": reference, "answers": answers}
    text, skip = _comment_prompt(c, v)
    o.replies.add(Reply(e.chat_id, text, skip, edit_message_id=e.message_id))
    return o


def _comment_prompt(c: Conversation, v: View) -> tuple[Html, Keyboard]:
    value = f"{c.context['reference']}:{c.context['answers']}"
    skip = ((Button(v.tr.gettext("Skip"), data("v", "s", value)),),)
    text = v.tr.gettext(
        "Thank you! Would you like to add a comment? Write it here, or press Skip."
    )
    return text, skip


def ask_survey_comment(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    """The survey's comment, asked again (after /start, say)."""
    text, skip = _comment_prompt(c, v)
    return o.say(e, text, skip)


def survey_comment(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    if not e.text.strip():
        return o.say(e, v.tr.gettext("Please write your comment as text, or press Skip."))
    o.effect = effects.AnswerSurvey(c.context["reference"], c.context["answers"], e.text)
    return o
