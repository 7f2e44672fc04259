"""The client dialogue as a pure decision: (conversation, event, view) -> outcome."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bots.emulator.html import check_html
from bots.telegram.dialogue.client import decide
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event, Sender
from bots.telegram.dialogue.replies import Button, Reply
from bots.telegram.dialogue.view import Outcome, View
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff.buttons import StaffButton
from tests.school import demo_profile

LEA = Sender(501, "Léa", language_code="fr")
SIDE_STEPS = {
    "add_info": {"reference": "REC-2026-0001"},
    "survey_comment": {"reference": "REC-2026-0001", "answers": "yy4"},
    "reopen_reason": {"reference": "REC-2026-0001"},
}


def view() -> View:
    return View(demo_profile(), HtmlTranslator("fr"), date(2026, 12, 1))


def message(text: str, command: str | None = None, button: str | None = None) -> Event:
    return Event(1, LEA.telegram_id, "private", LEA, text=text, command=command, button=button)


def texts(outcome: Outcome) -> list[str]:
    return [str(item.text) for item in outcome.replies.items if isinstance(item, Reply)]


@pytest.mark.parametrize("step", sorted(SIDE_STEPS))
@pytest.mark.parametrize("command", ["start", "help", "mycomplaints", "language", "whatever"])
def test_a_command_in_a_side_step_is_answered_and_the_step_kept(step: str, command: str) -> None:
    conversation = Conversation(501, step=step, context=dict(SIDE_STEPS[step]))
    outcome = decide(conversation, message(f"/{command}", command=command), view())
    assert outcome.replies.items or outcome.effect is not None
    assert conversation.step == step


@pytest.mark.parametrize("step", sorted(SIDE_STEPS))
def test_start_in_a_side_step_asks_its_question_again(step: str) -> None:
    conversation = Conversation(501, step=step, context=dict(SIDE_STEPS[step]))
    said = texts(decide(conversation, message("/start", command="start"), view()))
    assert said[0].startswith("Votre réclamation en cours est conservée.")
    assert "REC-2026-0001" in said[1] or "commentaire" in said[1]


@pytest.mark.parametrize("step", sorted(SIDE_STEPS))
def test_an_old_filing_button_in_a_side_step_asks_its_question_again(step: str) -> None:
    conversation = Conversation(501, step=step, nonce=4, context=dict(SIDE_STEPS[step]))
    outcome = decide(conversation, message("", button="4|f|billing"), view())
    assert texts(outcome), "the step's question is asked again"
    assert conversation.step == step


def test_a_step_this_version_does_not_know_starts_over_at_the_menu() -> None:
    conversation = Conversation(501, step="from_an_older_version")
    said = texts(decide(conversation, message("/start", command="start"), view()))
    assert said[-1] == "Que souhaitez-vous faire\xa0?"
    assert conversation.step is None


@pytest.mark.parametrize("typed", ["<x>", "a&b", "<b>bold</b>", "x@y</i>"])
def test_a_bad_email_address_is_quoted_back_escaped(typed: str) -> None:
    conversation = Conversation(501, step="email", draft={"name": "Léa"})
    said = texts(decide(conversation, message(typed), view()))
    refused = said[0]
    assert "&lt;" in refused or "&amp;" in refused
    assert typed not in refused  # the raw text would break Telegram's HTML


@given(st.text(max_size=300))
def test_whatever_a_client_types_at_any_question_the_answer_is_valid_html(typed: str) -> None:
    for step in ("name_input", "phone", "email", "file_number", "description", "summary"):
        conversation = Conversation(501, step=step, draft={"name": "Léa"})
        for text in texts(decide(conversation, message(typed), view())):
            check_html(text)


def test_a_staff_button_packs_and_unpacks_its_action_reference_and_answer() -> None:
    packed = StaffButton("dcomp", "REC-2026-0001", "voucher").pack()
    assert packed == "s|dcomp|REC-2026-0001|voucher"
    assert StaffButton.unpack(packed) == StaffButton("dcomp", "REC-2026-0001", "voucher")
    assert StaffButton.unpack("m|file|") is None  # another scope: not a staff button


def test_button_data_over_telegram_s_64_bytes_is_refused_when_the_button_is_made() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        Button("Trop long", "s|note|" + "é" * 30)  # 67 bytes in UTF-8
    with pytest.raises(ValueError, match="too long"):
        StaffButton("note", "REC-2026-0001", "x" * 60).pack()
