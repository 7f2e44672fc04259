"""The improvement plan in Telegram, on both adapters: thirty days after an action is done
its owner is asked in private whether it worked; "it did not work" and a note plan a
follow-up, which /plan then lists in the staff group."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bots.telegram.identity import account
from core.domain.enums import ActionKind
from core.domain.journal import Actor
from core.domain.values import PersonConcerned
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.register_client import RegisterClient, register_client
from tests.e2e.harness import Reclam, reclam

pytestmark = pytest.mark.e2e
QUESTION = "🔎 L'action a-t-elle marché"


async def staff_actor(r: Reclam, telegram_id: int) -> Actor:
    async with r.deps.uow() as uow:
        member = await uow.staff.by_chat(account(telegram_id))
    assert member is not None
    assert member.id is not None
    return Actor.staff(member.id, member.role, member.name)


async def an_action_done_by_marc(r: Reclam) -> str:
    deps = r.deps
    r.emulator.user(501, "Léa Dubois")
    client = await register_client(deps, RegisterClient(account(501), "Léa Dubois"))
    assert client.id is not None
    marc, sami = await staff_actor(r, 103), await staff_actor(r, 102)
    assert marc.id is not None
    filed = await file_complaint(
        deps,
        Actor.client(client.id, "Léa Dubois"),
        FileComplaint(
            category="planning",
            description="Ma leçon a été annulée trois fois sans prévenir.",
            incident_on=deps.clock.now().date(),
            incident_place="Leçon de conduite",
            persons=(PersonConcerned(marc.id, "Marc Petit"),),
            desired_code="replacement_lesson",
            desired_text="Une leçon gratuite",
        ),
    )
    ref = filed.reference
    await acknowledge_complaint(
        deps, Actor.system(), AcknowledgeComplaint(ref, "a.pdf", "ab" * 32)
    )
    await evaluate_complaint(deps, sami, EvaluateComplaint(ref, 2, 2, 2))
    due = deps.clock.now().date() + timedelta(days=7)
    action = PlanAction(ref, ActionKind.PREVENTIVE, "Prévenir les élèves 48 h avant", marc.id, due)
    await plan_action(deps, sami, action)
    await complete_action(deps, marc, CompleteAction(ref, 1, "Consigne affichée"))
    return ref


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_owner_says_an_action_did_not_work_and_plan_lists_its_follow_up(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        ref = await an_action_done_by_marc(r)
        marc = r.emulator.telegram.users[103]
        r.clock.advance(timedelta(days=31))
        assert r.running is not None
        await r.running.ticker.until_idle()
        await r.emulator.wait_until(
            lambda: any(t.startswith(QUESTION) for t in r.emulator.bot_texts(r.bot, 103))
        )
        [question] = [t for t in r.emulator.bot_texts(r.bot, 103) if t.startswith(QUESTION)]
        assert f"({ref})" in question
        assert "Prévenir les élèves 48 h avant" in question
        r.emulator.press(r.bot, marc, "👎 Ça n'a pas marché")
        await r.emulator.wait_until(
            lambda: any("qu'avez-vous constaté" in t for t in r.emulator.bot_texts(r.bot, 103))
        )
        r.emulator.send_text(r.bot, marc, "Encore deux annulations la semaine dernière")
        await r.emulator.wait_until(
            lambda: any(t.startswith("📋 Enregistré") for t in r.emulator.bot_texts(r.bot, 103))
        )
        [recorded] = [t for t in r.emulator.bot_texts(r.bot, 103) if t.startswith("📋 Enregistré")]
        assert "L'action de suite 2 est planifiée" in recorded
        claire = r.emulator.telegram.users[101]
        r.emulator.send_text(r.bot, claire, "/plan", chat=r.staff_group)
        group = r.staff_group.id
        await r.emulator.wait_until(
            lambda: any("Plan d'amélioration" in t for t in r.emulator.bot_texts(r.bot, group))
        )
        [plan] = [t for t in r.emulator.bot_texts(r.bot, group) if "Plan d'amélioration" in t]
        assert f"🟢 Réclamation {ref} · 2 — Prévenir les élèves 48 h avant — Marc Petit" in plan
        assert "1 vérifiée (efficaces\xa0: 0\xa0%)" in plan


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_forged_effectiveness_button_gets_a_polite_answer_and_changes_nothing(
    framework: str, tmp_path: Path
) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        ref = await an_action_done_by_marc(r)
        marc = r.emulator.telegram.users[103]
        r.clock.advance(timedelta(days=31))
        assert r.running is not None
        await r.running.ticker.until_idle()
        await r.emulator.wait_until(
            lambda: any(t.startswith(QUESTION) for t in r.emulator.bot_texts(r.bot, 103))
        )
        [message] = [m for m in r.emulator.transcript(marc.id) if m.text.startswith(QUESTION)]
        broken = r.emulator.press_data(r.bot, marc, f"s|rev|{ref}|1:maybe", message)
        await r.emulator.wait_until(lambda: r.emulator.answer_to(broken) is not None)
        assert (r.emulator.answer_to(broken) or {}).get("text") == "Ce bouton n'est pas valable."
        forged = r.emulator.press_data(r.bot, marc, f"s|rev|{ref}|9:1", message)
        await r.emulator.wait_until(lambda: r.emulator.answer_to(forged) is not None)
        r.emulator.send_text(r.bot, marc, "Tout va bien")
        await r.emulator.wait_until(
            lambda: any("Il n'y a pas d'action" in t for t in r.emulator.bot_texts(r.bot, 103))
        )
        async with r.deps.uow() as uow:
            complaint = await uow.complaints.get(ref)
        assert complaint is not None
        assert complaint.actions[0].reviewed_at is None
