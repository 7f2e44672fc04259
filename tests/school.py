"""A small driving school for tests: staff, clients and one-line steps of the process.

It works on any unit of work factory (the in-memory fake or a real database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bots.telegram.identity import account
from core.clock import FrozenClock
from core.domain.complaint import Complaint
from core.domain.enums import ActionKind, CompensationKind, Role
from core.domain.journal import Actor
from core.domain.profile import SchoolProfile
from core.domain.values import Compensation, Evidence, EvidenceKind, PersonConcerned
from core.profile import DEMO, load_profile
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.acknowledge_complaint import AcknowledgeComplaint, acknowledge_complaint
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.common import Deps
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.file_complaint import FileComplaint, file_complaint
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.ports import UnitOfWorkFactory
from core.usecases.record_survey_answer import RecordSurveyAnswer, record_survey_answer
from core.usecases.register_client import RegisterClient, register_client
from core.usecases.reject_complaint import RejectComplaint, reject_complaint

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def demo_profile() -> SchoolProfile:
    return load_profile(DEMO)


@dataclass
class School:
    deps: Deps
    clock: FrozenClock
    manager: Actor = field(init=False)
    agent: Actor = field(init=False)
    instructor: Actor = field(init=False)
    other_instructor: Actor = field(init=False)
    client: Actor = field(init=False)
    other_client: Actor = field(init=False)

    @classmethod
    async def open(
        cls, uow: UnitOfWorkFactory, profile: SchoolProfile | None = None, start: datetime = START
    ) -> School:
        clock = FrozenClock(start)
        school = cls(Deps(uow, clock, profile or demo_profile()), clock)
        school.manager = await school.hire(101, "Claire Martin", Role.MANAGER)
        school.agent = await school.hire(102, "Sami Benali", Role.AGENT)
        school.instructor = await school.hire(103, "Marc Petit", Role.INSTRUCTOR)
        school.other_instructor = await school.hire(104, "Julie Roux", Role.INSTRUCTOR)
        school.client = await school.enrol(501, "Léa Dubois")
        school.other_client = await school.enrol(502, "Tom Girard")
        return school

    async def hire(self, telegram_id: int, name: str, role: Role) -> Actor:
        member = await add_staff_member(
            self.deps, Actor.system(), AddStaffMember(account(telegram_id), name, role)
        )
        assert member.id is not None
        return Actor.staff(member.id, role, name)

    async def enrol(self, telegram_id: int, name: str) -> Actor:
        client = await register_client(self.deps, RegisterClient(account(telegram_id), name))
        assert client.id is not None
        return Actor.client(client.id, name)

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    async def file(
        self, by: Actor | None = None, category: str = "planning", about_instructor: bool = True
    ) -> Complaint:
        persons = (PersonConcerned(self.instructor.id, "Marc Petit"),) if about_instructor else ()
        return await file_complaint(
            self.deps,
            by or self.client,
            FileComplaint(
                category=category,
                description="Ma leçon a été annulée trois fois sans prévenir.",
                incident_on=self.clock.now().date(),
                incident_place="Leçon de conduite",
                persons=persons,
                evidence=(Evidence("file-1", EvidenceKind.PHOTO, "SMS"),),
                desired_code="replacement_lesson",
                desired_text="Une leçon gratuite",
            ),
        )

    async def acknowledge(self, ref: str) -> Complaint:
        return await acknowledge_complaint(
            self.deps, Actor.system(), AcknowledgeComplaint(ref, f"{ref}.pdf", "ab" * 32)
        )

    async def evaluate(self, ref: str, severity: int = 2) -> Complaint:
        return await evaluate_complaint(
            self.deps, self.agent, EvaluateComplaint(ref, severity, 2, 2)
        )

    async def plan(self, ref: str) -> Complaint:
        assert self.instructor.id is not None
        due = self.clock.now().date() + timedelta(days=7)
        return await plan_action(
            self.deps,
            self.agent,
            PlanAction(ref, ActionKind.CORRECTIVE, "Prévenir 48 h avant", self.instructor.id, due),
        )

    async def accept(self, ref: str) -> Complaint:
        return await accept_complaint(
            self.deps,
            self.manager,
            AcceptComplaint(
                ref,
                "Les annulations n'ont pas été prévenues.",
                (Compensation(CompensationKind.CREDIT_NOTE, amount_cents=4500),),
            ),
        )

    async def reject(self, ref: str) -> Complaint:
        return await reject_complaint(
            self.deps, self.manager, RejectComplaint(ref, "Annulation pour météo dangereuse.")
        )

    async def answer_survey(self, ref: str, satisfaction: int = 4) -> Complaint:
        return await record_survey_answer(
            self.deps, self.client, RecordSurveyAnswer(ref, True, True, satisfaction, "Merci")
        )

    async def answered(self) -> Complaint:
        """A complaint taken up to an accepted answer."""
        ref = (await self.file()).reference
        await self.acknowledge(ref)
        await self.evaluate(ref)
        return await self.accept(ref)

    async def uow_journal_kinds(self, ref: str) -> list[str]:
        async with self.deps.uow() as uow:
            return [e.kind.value for e in await uow.complaints.journal(ref)]
