"""The staff group's forms as decisions: a staff turn in, the bot's answer and the form's
state out. The process runs on the in-memory fakes; the Telegram store's forms are a dict."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bots.telegram.dialogue.events import Event, Sender
from bots.telegram.dialogue.replies import Reply, Toast
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff import action_forms, text_forms
from bots.telegram.staff.buttons import StaffButton
from bots.telegram.staff.forms import evaluate_form
from bots.telegram.staff.turn import StaffTurn
from bots.telegram.store.store import TelegramStore
from core.domain.errors import InvalidInput, NotAuthorised
from core.domain.journal import Actor
from tests.fakes import FakeUnitOfWorkFactory
from tests.school import School

GROUP = -1001
CLAIRE = Sender(101, "Claire", "Martin", language_code="fr")


class Forms:
    """The staff forms' table, in memory."""

    def __init__(self) -> None:
        self.kept: dict[tuple[int, int], dict[str, Any]] = {}

    async def get(self, chat_id: int, user_id: int) -> dict[str, Any] | None:
        return self.kept.get((chat_id, user_id))

    async def put(self, chat_id: int, user_id: int, state: dict[str, Any], _at: datetime) -> None:
        self.kept[(chat_id, user_id)] = dict(state)

    async def clear(self, chat_id: int, user_id: int) -> None:
        self.kept.pop((chat_id, user_id), None)


class Store:
    def __init__(self) -> None:
        self.forms = Forms()


@pytest.fixture
def forms(fake_uow: FakeUnitOfWorkFactory) -> Forms:
    store = Store()
    fake_uow.stores[TelegramStore] = store
    return store.forms


def pressed(action: str, reference: str, answer: str = "") -> Event:
    data = StaffButton(action, reference, answer).pack()
    return Event(1, GROUP, "supergroup", CLAIRE, thread_id=7, button=data, callback_id="q")


def typed(text: str) -> Event:
    return Event(2, GROUP, "supergroup", CLAIRE, thread_id=7, text=text, message_id=40)


async def turn_of(school: School, event: Event, actor: Actor | None = None) -> StaffTurn:
    """A turn in an open unit of work (the fake's needs no closing)."""
    uow = await school.deps.uow().__aenter__()
    return StaffTurn(school.deps, uow, event, HtmlTranslator("fr"), actor or school.manager)


def said(turn: StaffTurn) -> list[str]:
    """What the bot writes, its non-breaking spaces read as spaces."""
    replies = [str(item.text) for item in turn.o.replies.items if isinstance(item, Reply)]
    return [text.replace("\u00a0", " ").replace("\u202f", " ") for text in replies]


def buttons(turn: StaffTurn) -> list[StaffButton]:
    replies = [item for item in turn.o.replies.items if isinstance(item, Reply)]
    return [
        found
        for button in (b for row in replies[-1].buttons for b in row)
        if (found := StaffButton.unpack(button.data)) is not None
    ]


async def test_the_evaluation_asks_severity_then_complexity_then_impact(school: School) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("eval", ref))
    await evaluate_form(turn, ref, "")
    assert "gravité" in said(turn)[0]
    assert [b.answer for b in buttons(turn)] == ["1", "2", "3", "4", "S"]
    turn = await turn_of(school, pressed("eval", ref, "2"))
    await evaluate_form(turn, ref, "2")
    assert [b.answer for b in buttons(turn)] == ["2.1", "2.2", "2.3"]
    turn = await turn_of(school, pressed("eval", ref, "2.1"))
    await evaluate_form(turn, ref, "2.1")
    assert [b.answer for b in buttons(turn)] == ["2.1.1", "2.1.2", "2.1.3"]


async def test_the_evaluation_shows_the_priority_and_waits_for_confirmation(
    school: School,
) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("eval", ref, "4.3.3"))
    await evaluate_form(turn, ref, "4.3.3")
    assert said(turn) == [f"🔎 {ref} : priorité P1, réponse sous 2 jours. Valider ?"]
    assert [b.answer for b in buttons(turn)] == ["4.3.3.ok", "x"]
    async with school.deps.uow() as uow:
        complaint = await uow.complaints.get(ref)
    assert complaint is not None
    assert complaint.evaluation is None  # nothing decided before the confirmation


@pytest.mark.parametrize("answer", ["9.1.1", "1.7.1", "1.1.0", "22.1.1"])
async def test_a_forged_evaluation_answer_is_refused_with_an_alert(
    school: School, answer: str
) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("eval", ref, answer))
    await evaluate_form(turn, ref, answer)
    toasts = [item for item in turn.o.replies.items if isinstance(item, Toast)]
    assert len(toasts) == 1
    assert toasts[0].alert
    assert said(turn) == []


async def test_an_instructor_cannot_open_the_evaluation_form(school: School) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("eval", ref), school.instructor)
    with pytest.raises(NotAuthorised):
        await evaluate_form(turn, ref, "")


async def test_a_message_to_the_client_is_previewed_before_it_is_sent(
    school: School, forms: Forms
) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("inform", ref))
    await text_forms.start(turn, "inform", ref, "")
    assert forms.kept[(GROUP, 101)] == {
        "reference": ref,
        "thread_id": 7,
        "action": "inform",
        "step": "text",
    }
    turn = await turn_of(school, typed("Nous avons appelé votre moniteur."))
    await text_forms.take_text(turn, forms.kept[(GROUP, 101)])
    assert forms.kept[(GROUP, 101)]["step"] == "preview"
    assert "Nous avons appelé votre moniteur." in said(turn)[0]
    assert [b.action for b in buttons(turn)] == ["fok", "fx"]


async def test_a_cancelled_text_form_sends_nothing_and_forgets_its_state(
    school: School, forms: Forms
) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("inform", ref))
    await text_forms.start(turn, "inform", ref, "")
    turn = await turn_of(school, pressed("fx", ref))
    await text_forms.finish(turn, ref, False)
    assert forms.kept == {}
    assert said(turn) == ["Annulé."]
    assert "client_informed" not in await school.uow_journal_kinds(ref)


async def test_only_a_manager_opens_the_decision_form(school: School, forms: Forms) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("decide", ref), school.agent)
    with pytest.raises(NotAuthorised):
        await text_forms.start(turn, "decide", ref, "")
    assert forms.kept == {}


async def test_planning_an_action_keeps_its_kind_then_asks_for_its_description(
    school: School, forms: Forms
) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("plan", ref))
    await action_forms.start(turn, "plan", ref, "")
    assert [b.answer for b in buttons(turn)] == ["c", "p", "i"]
    turn = await turn_of(school, pressed("pkind", ref, "p"))
    await action_forms.start(turn, "pkind", ref, "p")
    state = forms.kept[(GROUP, 101)]
    assert (state["action"], state["kind"], state["step"]) == (
        "plan",
        "preventive",
        "description",
    )


async def test_an_action_form_answered_after_it_closed_is_refused(
    school: School, forms: Forms
) -> None:
    ref = (await school.file()).reference
    turn = await turn_of(school, pressed("pown", ref, "101"))
    with pytest.raises(InvalidInput):
        await action_forms.start(turn, "pown", ref, "101")
    assert forms.kept == {}
