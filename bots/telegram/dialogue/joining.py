"""A client who complained by phone, letter or email opens their personal link
(``/start j-<token>``): asked to confirm, then the complaint is followed in this chat."""

from __future__ import annotations

from bots.telegram.dialogue import effects
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.survey import survey_question
from bots.telegram.dialogue.view import Outcome, View, data, menu_buttons
from bots.telegram.identity import account
from core.domain.enums import Status
from core.usecases.common import Deps
from core.usecases.join_chat import JoinChat, join_chat

PREFIX = "j-"  # the start parameter of a personal link: "j-" and the token


def offer_join(e: Event, v: View, o: Outcome, token: str) -> Outcome:
    rows = (
        (Button(v.tr.gettext("Yes, follow it here"), data("j", "yes", token)),),
        (Button(v.tr.gettext("No"), data("m", "done")),),
    )
    text = v.tr.gettext(
        "You opened the personal link of a complaint you made to the school. Do you want "
        "to follow it here from now on? The school will then write to you in this chat."
    )
    return o.say(e, text, rows)


async def join(
    deps: Deps, c: Conversation, e: Event, v: View, o: Outcome, effect: effects.Join
) -> None:
    c.reset()
    complaint = await join_chat(deps, JoinChat(effect.token, account(e.chat_id), c.language))
    reference = complaint.reference
    text = v.tr.gettext(
        "Done: you now follow {reference} here. The school's next messages will come "
        "to this chat; /mycomplaints shows where it stands.",
        reference=reference,
    )
    o.say(e, text, menu_buttons(v.tr))
    if complaint.status is Status.ANSWERED and complaint.survey is None:  # answered already
        question, buttons = survey_question(v.tr, reference, "")
        o.say(e, question, buttons)
