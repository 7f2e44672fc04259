"""The ports the use cases need: small repository protocols and the unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, TypeVar

from core.documents.stored import Documents
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Role, Status
from core.domain.evidence_file import EvidenceFile, FileStatus
from core.domain.history import PastComplaint
from core.domain.improvement import EffectivenessCounts, Review
from core.domain.journal import JournalEvent
from core.domain.journal_check import StoredAnchor, StoredEvent
from core.domain.meeting import Meeting, MeetingAction
from core.domain.people import ChatAccount, Client, StaffMember
from core.domain.periods import ComplaintFilter
from core.domain.values import Evidence
from core.outbox import Delivery, FailedDelivery, Lane, OutboxItem
from core.reports.quality import PackCounts, PackScope
from core.reports.register import ActionWords, RegisterLine
from core.scheduling.work import DueWork

StoreT = TypeVar("StoreT")


class ComplaintRepository(Protocol):
    async def next_reference(self, year: int) -> str:
        """Take the next reference of ``year``; gap-free because it rolls back with the UoW."""
        ...

    async def add(self, complaint: Complaint) -> None: ...

    async def get(self, reference: str) -> Complaint | None: ...

    async def save(self, complaint: Complaint) -> None:
        """Write the changed complaint and its pending journal events.

        Raises ConcurrentUpdate when someone else saved it since it was read."""
        ...

    async def of_client(self, client_id: int) -> list[Complaint]: ...

    async def history_of(self, client_id: int) -> list[PastComplaint]: ...

    async def by_status(self, statuses: frozenset[Status]) -> list[Complaint]: ...

    async def journal(self, reference: str) -> list[JournalEvent]: ...

    def matching(
        self, f: ComplaintFilter, timezone: str, size: int = 1000
    ) -> AsyncIterator[list[Complaint]]:
        """The complaints ``f`` selects, in batches, oldest first."""
        ...


class JournalWriter(Protocol):
    async def append(self, event: JournalEvent) -> None: ...


class ClientRepository(Protocol):
    async def add(self, client: Client) -> None: ...

    async def get(self, client_id: int) -> Client | None: ...

    async def by_chat(self, chat: ChatAccount) -> Client | None: ...

    async def by_email(self, email: str) -> Client | None:
        """A client (not erased) with this email address, the earliest first."""
        ...

    async def save(self, client: Client) -> None: ...

    async def names(self, client_ids: list[int]) -> dict[int, str]: ...

    async def past_retention(self, before: datetime) -> list[int]:
        """Clients not yet anonymised whose complaints all ended before ``before``."""
        ...

    async def mark_reachable(self, chats: list[ChatAccount]) -> None:
        """A message reached these chat accounts: their clients are reachable again."""
        ...


class StaffRepository(Protocol):
    async def add(self, member: StaffMember) -> None: ...

    async def get(self, staff_id: int) -> StaffMember | None: ...

    async def by_chat(self, chat: ChatAccount) -> StaffMember | None: ...

    async def list(self, active_only: bool = True) -> list[StaffMember]: ...

    async def save(self, member: StaffMember) -> None: ...


class Outbox(Protocol):
    async def add(self, items: list[Delivery], at: datetime) -> None:
        """Queue the deliveries, in order."""
        ...

    async def due(
        self, now: datetime, limit: int = 200, exclude: set[Lane] | None = None
    ) -> list[OutboxItem]:
        """Pending items due by ``now``, in order, leaving out the lanes in ``exclude``."""
        ...

    async def fail_pending(self, lane: Lane, at: datetime, error: str) -> list[OutboxItem]:
        """Give up every pending item of a lane (it cannot be reached); return them."""
        ...

    async def mark_sending(self, item_ids: list[int]) -> None:
        """Record that these items are about to be delivered (one per lane at a time)."""
        ...

    async def mark_sent(self, sent: list[tuple[int, str | None]], at: datetime) -> None:
        """Record ``(item id, the channel's id of what it sent)`` pairs as sent."""
        ...

    async def mark_expired(self, item_id: int, at: datetime) -> None:
        """An ephemeral call that was not made in time, and never will be."""
        ...

    async def mark_retry(self, item_id: int, not_before: datetime, error: str) -> None: ...

    async def mark_failed(self, item_id: int, at: datetime, error: str) -> None: ...

    async def failed_between(self, start: datetime, end: datetime) -> list[FailedDelivery]:
        """The deliveries given up in [start, end), oldest first."""
        ...


class Meetings(Protocol):
    async def add(self, meeting: Meeting) -> int: ...

    async def get(self, meeting_id: int) -> Meeting | None: ...

    async def latest(self) -> Meeting | None: ...

    async def mark_read(self, meeting_id: int, staff_id: int, at: datetime) -> bool: ...

    async def complete_action(
        self, meeting_id: int, number: int, result: str, at: datetime
    ) -> bool: ...

    async def review_action(self, meeting_id: int, number: int, review: Review) -> bool: ...

    async def add_action(self, meeting_id: int, action: MeetingAction) -> int: ...

    async def all(self) -> list[Meeting]: ...


class RegisterProjection(Protocol):
    def lines(
        self,
        f: ComplaintFilter,
        timezone: str,
        confidential: bool,
        words: ActionWords,
        size: int = 2000,
    ) -> AsyncIterator[list[RegisterLine]]:
        """The register's lines for what ``f`` selects, oldest first, in batches; without
        the confidential complaints unless ``confidential``."""
        ...


class PackQueries(Protocol):
    async def counts(self, scope: PackScope, calendar: DeadlineCalendar) -> PackCounts:
        """The quality pack's figures over ``scope``, counted by the database."""
        ...


class ActionFigures(Protocol):
    async def effectiveness(
        self, since: datetime, until: datetime, review_days: int
    ) -> EffectivenessCounts: ...


@dataclass(frozen=True)
class Erasure:
    """A client's personal data to erase: who they are, their chat, their complaints, and
    the words (their identity, their texts) to remove wherever a copy names them."""

    client_id: int
    chat: ChatAccount | None
    references: list[str]
    identity: list[str]
    texts: list[str]

    @property
    def lanes(self) -> list[Lane]:
        """The outbox lanes that reach only this client: their chat."""
        return [self.chat.lane] if self.chat is not None else []


class PersonalData(Protocol):
    async def erase(self, erasure: Erasure) -> None:
        """Erase the client's copies: delete what only concerns them; rows about their
        complaints lose ``identity`` and ``texts``, any other row loses ``identity``."""
        ...


@dataclass(frozen=True)
class JoinToken:
    """A personal link's secret: it lets one client follow one complaint in a chat."""

    token: str
    client_id: int
    reference: str
    used_at: datetime | None = None


class JoinTokens(Protocol):
    async def issue(self, client_id: int, reference: str, at: datetime) -> str:
        """The complaint's unused token for this client, or a new unguessable one."""
        ...

    async def find(self, token: str) -> JoinToken | None: ...

    async def use(self, token: str, at: datetime) -> None: ...

    async def revoke(self, client_id: int) -> None:
        """Every token of the client goes (their data is erased)."""
        ...


@dataclass(frozen=True)
class StaffInvitation:
    """A manager's invitation to join the staff: whoever opens its personal link first
    becomes a staff member with this name and role. Only the token's digest is kept."""

    token_hash: str
    name: str
    role: Role
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class StaffInvitations(Protocol):
    async def add(self, invitation: StaffInvitation) -> None: ...

    async def find(self, token_hash: str) -> StaffInvitation | None: ...

    async def use(self, token_hash: str, at: datetime, staff_id: int) -> bool:
        """Mark it used by ``staff_id``; False if it already was."""
        ...


class JoinLinks(Protocol):
    """How a channel turns a token into a link the client opens (None: it cannot)."""

    def url(self, token: str) -> str | None: ...


@dataclass(frozen=True)
class Attachment:
    name: str
    media_type: str
    content: bytes


class Mailer(Protocol):
    """The email channel (see mail/)."""

    async def send(
        self, to: str, subject: str, text: str, attachments: tuple[Attachment, ...] = ()
    ) -> None:
        """Send one email; raise TransientFailure (retry) or Rejected (give up)."""
        ...


class EvidenceFiles(Protocol):
    """The school's copies of the files clients send (see core/domain/evidence_file.py)."""

    async def expect(
        self, complaint_id: int, evidence: Evidence, channel: str, at: datetime, status: FileStatus
    ) -> EvidenceFile:
        """Record a file the client sent (the same file twice is recorded once)."""
        ...

    async def get(self, record_id: int) -> EvidenceFile | None: ...

    async def store(self, record_id: int, content: bytes, at: datetime) -> EvidenceFile | None:
        """Keep the school's copy, with its digest."""
        ...

    async def mark(self, record_id: int, status: FileStatus, error: str) -> None: ...

    async def of_complaints(self, complaint_ids: list[int]) -> list[EvidenceFile]: ...

    async def content(self, record_id: int) -> bytes | None: ...

    async def erase_of_client(self, client_id: int, at: datetime) -> int:
        """Delete the client's files; the records keep that they existed."""
        ...


class JournalSeal(Protocol):
    """The journal's chains as stored, for checking them, and their anchors."""

    async def events(self, reference: str | None = None) -> list[StoredEvent]:
        """Every event (or the complaint's), in the order they were appended."""
        ...

    async def anchors(self) -> list[StoredAnchor]: ...

    async def anchor(self, now: datetime) -> StoredAnchor:
        """Anchor every chain's last event now, after the previous anchor."""
        ...


class UnitOfWork(Protocol):
    @property
    def complaints(self) -> ComplaintRepository: ...

    @property
    def clients(self) -> ClientRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def journal(self) -> JournalWriter: ...

    @property
    def journal_seal(self) -> JournalSeal: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def documents(self) -> Documents: ...

    @property
    def due_work(self) -> DueWork: ...

    @property
    def personal_data(self) -> PersonalData: ...

    @property
    def meetings(self) -> Meetings: ...

    @property
    def join_tokens(self) -> JoinTokens: ...

    @property
    def staff_invitations(self) -> StaffInvitations: ...

    @property
    def evidence_files(self) -> EvidenceFiles: ...

    @property
    def actions(self) -> ActionFigures: ...

    @property
    def register(self) -> RegisterProjection: ...

    @property
    def pack(self) -> PackQueries: ...

    def store(self, opener: Callable[[Any], StoreT]) -> StoreT:
        """A channel's own repositories (``opener`` takes the transaction's session),
        opened once per unit of work, in its transaction."""
        ...

    def nested(self) -> UnitOfWork:
        """A unit of work inside this one (a savepoint): its commit is kept only if this
        one commits too; its rollback undoes only its own work."""
        ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class CommitListener(Protocol):
    """Reacts, inside the committing transaction, to the events a saved complaint recorded."""

    async def __call__(
        self, uow: UnitOfWork, complaint: Complaint, events: list[JournalEvent], now: datetime
    ) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class ClockPort(Protocol):
    def now(self) -> datetime: ...
