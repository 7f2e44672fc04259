"""Who may do what: one matrix of roles, plus the rules that depend on the complaint."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from core.domain.enums import ActorKind, Role
from core.domain.errors import N_, NotAuthorised
from core.domain.journal import Actor

if TYPE_CHECKING:
    from core.domain.complaint import Complaint


class Permission(StrEnum):
    FILE = "file"
    RECORD = "record"  # a complaint received by phone, at the desk, by letter…
    VIEW = "view"
    ACKNOWLEDGE = "acknowledge"
    EVALUATE = "evaluate"
    ASSIGN_HANDLER = "assign_handler"
    PLAN_ACTION = "plan_action"
    COMPLETE_ACTION = "complete_action"
    REVIEW_ACTION = "review_action"  # say whether an action done worked (owner or manager)
    INFORM_CLIENT = "inform_client"
    ADD_NOTE = "add_note"
    ADD_CLIENT_INFORMATION = "add_client_information"
    DECIDE = "decide"
    ANSWER_SURVEY = "answer_survey"
    CLOSE = "close"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    MANAGE_STAFF = "manage_staff"
    ERASE_DATA = "erase_data"
    EXPORT_REGISTER = "export_register"
    BUILD_REPORT = "build_report"
    RECORD_MEETING = "record_meeting"
    EXPORT_CONFIDENTIAL = "export_confidential"  # an audit bundle with confidential details
    BIND_STAFF_GROUP = "bind_staff_group"  # make a Telegram group the staff group (/setup)


CLIENT = "client"
SYSTEM = "system"
M, A, I = Role.MANAGER, Role.AGENT, Role.INSTRUCTOR  # noqa: E741

#: permission -> who holds it ("client" means: on their own complaints only)
MATRIX: dict[Permission, frozenset[str]] = {
    Permission.FILE: frozenset({CLIENT}),
    Permission.RECORD: frozenset({M, A, SYSTEM}),
    Permission.VIEW: frozenset({CLIENT, M, A, I, SYSTEM}),
    Permission.ACKNOWLEDGE: frozenset({M, A, SYSTEM}),
    Permission.EVALUATE: frozenset({M, A}),
    Permission.ASSIGN_HANDLER: frozenset({M, A}),
    Permission.PLAN_ACTION: frozenset({M, A}),
    Permission.COMPLETE_ACTION: frozenset({M, A, I}),
    Permission.REVIEW_ACTION: frozenset({M, A, I}),
    Permission.INFORM_CLIENT: frozenset({M, A}),
    Permission.ADD_NOTE: frozenset({M, A, I}),
    Permission.ADD_CLIENT_INFORMATION: frozenset({CLIENT}),
    Permission.DECIDE: frozenset({M}),
    Permission.ANSWER_SURVEY: frozenset({CLIENT}),
    Permission.CLOSE: frozenset({M, SYSTEM}),
    Permission.REOPEN: frozenset({CLIENT, M}),
    Permission.WITHDRAW: frozenset({CLIENT}),
    Permission.MANAGE_STAFF: frozenset({M, SYSTEM}),
    Permission.ERASE_DATA: frozenset({CLIENT, M, SYSTEM}),
    Permission.EXPORT_REGISTER: frozenset({M, A, SYSTEM}),
    Permission.BUILD_REPORT: frozenset({M, A, SYSTEM}),
    Permission.RECORD_MEETING: frozenset({M}),
    Permission.EXPORT_CONFIDENTIAL: frozenset({M}),
    Permission.BIND_STAFF_GROUP: frozenset({M}),
}


def holders(permission: Permission) -> tuple[Role, ...]:
    """The staff roles that hold ``permission``, managers first (the written procedure
    says who does what from this)."""
    return tuple(role for role in (M, A, I) if role in MATRIX[permission])


def automatic(permission: Permission) -> bool:
    """Whether Reclam itself does it (the acknowledgement, closing after the survey…)."""
    return SYSTEM in MATRIX[permission]


def _holder(actor: Actor) -> str:
    if actor.kind is ActorKind.CLIENT:
        return CLIENT
    if actor.kind is ActorKind.SYSTEM:
        return SYSTEM
    if actor.kind is ActorKind.UNKNOWN:
        return ""
    return actor.role.value if actor.role else ""


ROLE_REFUSAL = N_("your role does not allow this")
NOT_YOURS = N_("this complaint is not yours")
CONFIDENTIAL = N_("this complaint is confidential: only managers handle it")
#: refusals after which the complaint must look as if it did not exist
HIDDEN = frozenset({NOT_YOURS, CONFIDENTIAL})


def refusal(actor: Actor, permission: Permission, complaint: Complaint | None) -> str | None:
    """Why ``actor`` may not do ``permission`` (on ``complaint``), or None if allowed."""
    if _holder(actor) not in MATRIX[permission]:
        return ROLE_REFUSAL
    if complaint is None:
        return None
    if actor.is_client and complaint.client_id != actor.id:
        return NOT_YOURS
    if complaint.confidential and not sees_confidential(actor):
        return CONFIDENTIAL
    return None


def sees_confidential(actor: Actor) -> bool:
    """Whether a confidential complaint may be shown to ``actor``: a staff member who is
    not a manager never sees one (their role's other permissions aside)."""
    return not (actor.kind is ActorKind.STAFF and not actor.is_manager)


def authorise(actor: Actor, permission: Permission, complaint: Complaint | None = None) -> None:
    reason = refusal(actor, permission, complaint)
    if reason is not None:
        raise NotAuthorised(
            N_("You may not do this: {reason}."),
            permission=permission.value,
            reason=reason,
        )


def can(actor: Actor, permission: Permission, complaint: Complaint | None = None) -> bool:
    return refusal(actor, permission, complaint) is None
