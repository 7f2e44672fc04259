"""The client is told, in their language, at each client-visible step the school takes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bots.telegram.identity import account
from core.domain.enums import ActionKind, CompensationKind, Role
from core.domain.journal import Actor
from core.domain.values import Compensation
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.reject_complaint import RejectComplaint, reject_complaint
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["aiogram", "ptb"])
async def r(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reclam]:
    async with reclam(request.param, tmp_path) as running:
        yield running


async def staff(r: Reclam, telegram_id: int) -> Actor:
    async with r.uow() as uow:
        member = await uow.staff.by_chat(account(telegram_id))
    assert member is not None
    assert member.id is not None
    return Actor.staff(member.id, member.role, member.name)


async def test_each_visible_step_reaches_the_client_and_internal_ones_do_not(r: Reclam) -> None:
    lea = r.emulator.user(501, "Léa")
    ref = await file_quickly(r, lea)
    manager = await staff(r, 101)
    before = len(r.texts(lea))
    await acknowledge_complaint(
        r.deps,
        Actor.system(),
        AcknowledgeComplaint(ref, "ar.pdf", "ab" * 32, "Merci de votre patience."),
    )
    await evaluate_complaint(r.deps, manager, EvaluateComplaint(ref, 3, 2, 2))
    await add_internal_note(r.deps, manager, AddInternalNote(ref, "Client déjà venu se plaindre"))
    due = r.deps.clock.now().date() + timedelta(days=5)
    await plan_action(
        r.deps,
        manager,
        PlanAction(
            ref,
            ActionKind.CORRECTIVE,
            "Vérifier la facturation",
            manager.id or 0,
            due,
            share_with_client=False,
        ),
    )
    await plan_action(
        r.deps,
        manager,
        PlanAction(
            ref,
            ActionKind.CORRECTIVE,
            "Rembourser le doublon",
            manager.id or 0,
            due,
            share_with_client=True,
        ),
    )
    await inform_client(r.deps, manager, InformClient(ref, "Le comptable a confirmé le doublon."))
    await accept_complaint(
        r.deps,
        manager,
        AcceptComplaint(
            ref,
            "La facture a bien été envoyée deux fois.",
            (Compensation(CompensationKind.REFUND, amount_cents=4550),),
        ),
    )
    told = await r.new_messages(lea, before, 5)
    assert told[0].startswith(f"📬 L'école accuse réception de votre réclamation {ref}.")
    assert told[0].endswith("Merci de votre patience.")
    assert told[1].startswith(f"🔎 Votre réclamation {ref} est en cours d'examen.")
    assert "gravité" not in told[1], "internal scores are not shown to the client"
    assert told[2].startswith(f"🛠 Pour {ref}, l'école prévoit\xa0: Rembourser le doublon")
    assert told[3] == f"💬 Nouvelles de {ref}\xa0: Le comptable a confirmé le doublon."
    assert "votre réclamation est acceptée" in told[4]
    assert "• un remboursement de 45,50\xa0€" in told[4]
    assert all("Vérifier la facturation" not in t and "déjà venu" not in t for t in told)
    assert await r.settled() == {"sent"}


async def test_a_rejection_tells_the_client_the_reasons_and_the_mediator(r: Reclam) -> None:
    ann = r.emulator.user(503, "Ann", language="en")
    await r.say(ann, "/language")
    await r.press(ann, "English")
    await r.say(ann, "/start complaint")
    await r.press(ann, "Yes, that's me")
    for _ in range(3):
        await r.press(ann, "Skip")
    await r.press(ann, "Billing and prices")
    await r.press(ann, "Today")
    await r.press(ann, "Exam")
    await r.press(ann, "Nobody in particular")
    await r.say(ann, "Charged twice")
    await r.press(ann, "Done")
    await r.press(ann, "A refund")
    sent = await r.press(ann, "✅ Send")
    ref = sent[0].split("reference ")[1].split(".")[0]
    manager = await staff(r, 101)
    before = len(r.texts(ann))
    await acknowledge_complaint(
        r.deps, Actor.system(), AcknowledgeComplaint(ref, "ar.pdf", "ab" * 32)
    )
    await evaluate_complaint(r.deps, manager, EvaluateComplaint(ref, 1, 1, 1))
    await reject_complaint(
        r.deps, manager, RejectComplaint(ref, "The second charge was refunded already.")
    )
    told = await r.new_messages(ann, before, 3)
    assert told[2].startswith(f"The school's answer about {ref}: your complaint is not accepted.")
    assert "The second charge was refunded already." in told[2]
    assert "consumer mediator" in told[2]
    assert "https://mediateur.example" in told[2]
    assert manager.role is Role.MANAGER
