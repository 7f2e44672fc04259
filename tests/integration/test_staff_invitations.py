"""Staff invitations in the database (SQLite and PostgreSQL): stored as a digest only,
accepted once, not after they expire, made by managers only, and journaled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.domain.enums import Role
from core.domain.errors import NotFound
from core.domain.journal import Actor
from core.domain.people import ChatAccount
from core.persistence.tables import journal_events, staff_invitations
from core.persistence.unit_of_work import SqlUnitOfWorkFactory
from core.usecases.accept_staff_invitation import AcceptStaffInvitation, accept_staff_invitation
from core.usecases.common import Refused
from core.usecases.invite_staff_member import InviteStaffMember, invite_staff_member
from core.usecases.remove_staff_member import RemoveStaffMember, remove_staff_member
from tests.school import School

INES, TOM = ChatAccount("telegram", 601), ChatAccount("telegram", 602)


async def kinds(uow: SqlUnitOfWorkFactory) -> list[str]:
    async with uow() as u:
        return list((await u.session.scalars(select(journal_events.c.kind))).all())


async def test_an_invitation_is_accepted_once_and_keeps_only_its_tokens_digest(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    made = await invite_staff_member(
        school.deps, school.manager, InviteStaffMember("  Inès Garcia ", Role.AGENT)
    )
    async with uow() as u:
        rows = (await u.session.execute(select(staff_invitations))).mappings().all()
    assert len(rows) == 1
    assert made.token not in {str(value) for value in rows[0].values()}

    member = await accept_staff_invitation(school.deps, AcceptStaffInvitation(made.token, INES))
    assert (member.name, member.role, member.active) == ("Inès Garcia", Role.AGENT, True)
    with pytest.raises(NotFound):
        await accept_staff_invitation(school.deps, AcceptStaffInvitation(made.token, TOM))
    async with uow() as u:
        assert await u.staff.by_chat(TOM) is None
        used = (await u.session.execute(select(staff_invitations))).mappings().one()
    assert used["staff_id"] == member.id
    assert (await kinds(uow))[-2:] == ["staff_invited", "staff_added"]


async def test_an_invitation_no_longer_serves_from_the_moment_it_expires(school: School) -> None:
    made = await invite_staff_member(
        school.deps, school.manager, InviteStaffMember("Inès Garcia", Role.AGENT)
    )
    school.later(days=7)
    with pytest.raises(NotFound):
        await accept_staff_invitation(school.deps, AcceptStaffInvitation(made.token, INES))


async def test_only_managers_and_the_administrator_invite(
    school: School, uow: SqlUnitOfWorkFactory
) -> None:
    for who in (school.agent, school.instructor):
        with pytest.raises(Refused):
            await invite_staff_member(school.deps, who, InviteStaffMember("X Y", Role.MANAGER))
    async with uow() as u:
        assert (await u.session.execute(select(staff_invitations))).first() is None
    assert (await kinds(uow))[-1] == "access_refused"
    await invite_staff_member(school.deps, Actor.system(), InviteStaffMember("X Y", Role.AGENT))


async def test_a_former_member_invited_again_comes_back_with_the_new_role(
    school: School,
) -> None:
    first = await invite_staff_member(
        school.deps, school.manager, InviteStaffMember("Inès Garcia", Role.AGENT)
    )
    await accept_staff_invitation(school.deps, AcceptStaffInvitation(first.token, INES))
    await remove_staff_member(school.deps, school.manager, RemoveStaffMember(INES))
    school.later(hours=1)
    again = await invite_staff_member(
        school.deps, school.manager, InviteStaffMember("Inès Garcia", Role.MANAGER)
    )
    back = await accept_staff_invitation(school.deps, AcceptStaffInvitation(again.token, INES))
    assert (back.role, back.active) == (Role.MANAGER, True)
    assert again.expires_at - first.expires_at == timedelta(hours=1)
