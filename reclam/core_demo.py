"""A demonstration of the core alone: one complaint from filing to closing, on SQLite."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from core.clock import FrozenClock, SystemClock
from core.domain.enums import ActionKind, CompensationKind, EvidenceKind, Role
from core.domain.journal import Actor
from core.domain.values import Compensation, Evidence, PersonConcerned
from core.profile import DEMO, load_profile
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.assign_handler import AssignHandler, assign_handler
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.record_survey_answer import RecordSurveyAnswer, record_survey_answer
from core.usecases.register_client import RegisterClient, register_client
from reclam.bootstrap import App, bootstrap
from reclam.settings import Settings


async def run_core_demo(database_url: str) -> tuple[App, str]:
    """File and handle one complaint through every step; return its reference."""
    clock = FrozenClock(SystemClock().now() - timedelta(days=14))
    app = await bootstrap(Settings(database_url=database_url), clock, load_profile(DEMO))
    deps, system = app.deps, Actor.system()
    manager = await add_staff_member(
        deps, system, AddStaffMember(1001, "Claire Martin", Role.MANAGER)
    )
    agent = await add_staff_member(deps, system, AddStaffMember(1002, "Sami Benali", Role.AGENT))
    teacher = await add_staff_member(
        deps, system, AddStaffMember(1003, "Marc Petit", Role.INSTRUCTOR)
    )
    assert manager.id
    assert agent.id
    assert teacher.id
    boss = Actor.staff(manager.id, Role.MANAGER, manager.name)
    desk = Actor.staff(agent.id, Role.AGENT, agent.name)
    client = await register_client(
        deps, RegisterClient(5001, "Léa Dubois", "fr", email="lea.dubois@example.org")
    )
    assert client.id is not None
    learner = Actor.client(client.id, client.display_name)
    filed = await file_complaint(
        deps,
        learner,
        FileComplaint(
            category="planning",
            description="Ma leçon du samedi a été annulée trois fois sans prévenir.",
            incident_on=clock.now().date() - timedelta(days=2),
            incident_place="Leçon de conduite",
            persons=(PersonConcerned(teacher.id, teacher.name),),
            evidence=(Evidence("demo-file-1", EvidenceKind.PHOTO, "SMS d'annulation"),),
            desired_code="replacement_lesson",
        ),
    )
    ref = filed.reference
    clock.advance(timedelta(hours=2))
    letter = f"Accusé de réception {ref}".encode()
    await acknowledge_complaint(
        deps,
        system,
        AcknowledgeComplaint(
            ref, f"{ref}-accuse-reception.pdf", hashlib.sha256(letter).hexdigest()
        ),
    )
    clock.advance(timedelta(days=1))
    await evaluate_complaint(deps, desk, EvaluateComplaint(ref, 2, 1, 3))
    await assign_handler(deps, desk, AssignHandler(ref, agent.id))
    await add_internal_note(deps, desk, AddInternalNote(ref, "Vérifier le planning de Marc."))
    await plan_action(
        deps,
        desk,
        PlanAction(
            ref,
            ActionKind.CORRECTIVE,
            "Prévenir par SMS 48 h avant toute annulation",
            teacher.id,
            clock.now().date() + timedelta(days=7),
            share_with_client=True,
        ),
    )
    await inform_client(
        deps, desk, InformClient(ref, "Nous vérifions le planning avec votre moniteur.")
    )
    clock.advance(timedelta(days=3))
    await complete_action(deps, desk, CompleteAction(ref, 1, "Rappel SMS automatique activé"))
    await accept_complaint(
        deps,
        boss,
        AcceptComplaint(
            ref,
            "Les annulations n'ont pas été prévenues à temps.",
            (
                Compensation(CompensationKind.EXTRA_LESSON, quantity=1),
                Compensation(CompensationKind.APOLOGY),
            ),
        ),
    )
    clock.advance(timedelta(days=1))
    await record_survey_answer(deps, learner, RecordSurveyAnswer(ref, True, True, 4, "Merci."))
    return app, ref
