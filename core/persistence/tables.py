"""The database schema (SQLAlchemy Core). Alembic migrations must produce exactly this."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from core.persistence.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

clients = Table(
    "clients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_network", String(16)),  # None: a client with no chat account
    Column("chat_user_id", BigInteger),
    Column("display_name", String(120), nullable=False),
    Column("language", String(8), nullable=False),
    Column("phone", String(32)),
    Column("email", String(254)),
    Column("student_file_number", String(40)),
    Column("postal_address", String(300)),
    Column("reachable", Boolean, nullable=False),
    Column("created_at", UTCDateTime),
    Column("anonymised_at", UTCDateTime),
    UniqueConstraint("chat_network", "chat_user_id", name="uq_clients_chat"),
)

staff_members = Table(
    "staff_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_network", String(16), nullable=False),
    Column("chat_user_id", BigInteger, nullable=False),
    Column("name", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False),
    UniqueConstraint("chat_network", "chat_user_id", name="uq_staff_members_chat"),
)

reference_counters = Table(
    "reference_counters",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last_number", Integer, nullable=False),
)

complaints = Table(
    "complaints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(20), nullable=False, unique=True),
    Column("client_id", ForeignKey("clients.id"), nullable=False, index=True),
    Column("category", String(40), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("incident_on", Date),
    Column("incident_place", String(200), nullable=False),
    Column("desired_code", String(40)),
    Column("desired_text", Text, nullable=False),
    Column("confidential", Boolean, nullable=False),
    Column("channel", String(16), nullable=False, server_default="telegram"),
    Column("status", String(16), nullable=False, index=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("acknowledge_by", Date),
    Column("answer_by", Date),
    Column("acknowledgement", JSON),
    Column("evaluation", JSON),
    Column("priority", Integer),
    Column("handler_id", ForeignKey("staff_members.id")),
    Column("decision", JSON),
    Column("outcome", String(16)),
    Column("survey", JSON),
    Column("satisfaction", Integer),
    Column("closure", JSON),
    Column("closed_at", UTCDateTime),
    Column("withdrawn_at", UTCDateTime),
    Column("reopen_count", Integer, nullable=False),
    Column("last_client_update_at", UTCDateTime),
    Column("version", Integer, nullable=False),
)

complaint_persons = Table(
    "complaint_persons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("staff_id", ForeignKey("staff_members.id"), index=True),
    Column("name", String(200), nullable=False),
)

complaint_evidence = Table(
    "complaint_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("file_id", String(255), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("caption", Text, nullable=False),
)

complaint_actions = Table(
    "complaint_actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("description", Text, nullable=False),
    Column("owner_id", ForeignKey("staff_members.id"), nullable=False, index=True),
    Column("due_on", Date, nullable=False),
    Column("planned_at", UTCDateTime, nullable=False),
    Column("shared_with_client", Boolean, nullable=False),
    Column("result", Text, nullable=False),
    Column("done_at", UTCDateTime),
    Column("follow_up_of", Integer),
    Column("reviewed_at", UTCDateTime),
    Column("effective", Boolean),
    Column("review_note", Text, nullable=False, server_default=""),
    UniqueConstraint("complaint_id", "number", name="uq_complaint_actions_number"),
)

compensations = Table(
    "compensations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("amount_cents", Integer, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("description", Text, nullable=False),
)

journal_events = Table(
    "journal_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), index=True),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("actor_kind", String(8), nullable=False),
    Column("actor_id", Integer),
    Column("actor_role", String(16)),
    Column("actor_name", String(120), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("client_visible", Boolean, nullable=False),
    # the seal (core/domain/journal_seal.py): the place in the complaint's chain, the hash
    # chained to the previous event, and how the texts are committed
    Column("sequence", Integer),
    Column("chain_hash", String(64)),
    Column("salt", String(32)),  # None once an erasure rewrote the event's texts
    Column("commitments", JSON),  # after an erasure: the salts kept, the digests erased
)

Index(
    "ux_journal_events_chain",
    journal_events.c.complaint_id,
    journal_events.c.sequence,
    unique=True,
)

#: every chain's last event at a moment, chained to the previous anchor
journal_anchors = Table(
    "journal_anchors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("heads", JSON, nullable=False),
    Column("previous", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

Index("ix_complaints_received_at", complaints.c.received_at)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(16), nullable=False),  # the channel that delivers it
    Column("recipient", String(254), nullable=False),  # its address there (a chat, an email)
    Column("method", String(32), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("sent_ref", String(64)),  # the channel's id of what it sent (a message id)
    Column("error", Text),
)

Index("ix_outbox_pending", outbox.c.status, outbox.c.next_attempt_at)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), index=True),  # None: a report
    Column("client_id", ForeignKey("clients.id"), index=True),  # a client's data export
    Column("name", String(120), nullable=False),
    Column("media_type", String(60), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

due_work = Table(
    "due_work",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("key", String(200), nullable=False),
    Column("complaint_id", ForeignKey("complaints.id"), index=True),
    Column("due_at", UTCDateTime, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("lease_until", UTCDateTime),
    Column("claimed_by", String(64)),
    Column("attempts", Integer, nullable=False),
    Column("done_at", UTCDateTime),
    Column("error", Text),
    UniqueConstraint("kind", "key", name="uq_due_work_kind_key"),
)

Index(
    "ix_due_work_pending",
    due_work.c.due_at,
    postgresql_where=due_work.c.done_at.is_(None),
    sqlite_where=due_work.c.done_at.is_(None),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("held_on", Date, nullable=False),
    Column("attendees", Text, nullable=False),
    Column("conclusions", Text, nullable=False),
    Column("recorded_by", ForeignKey("staff_members.id"), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
)

meeting_actions = Table(
    "meeting_actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", ForeignKey("meetings.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("description", Text, nullable=False),
    Column("owner_id", ForeignKey("staff_members.id"), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("done_at", UTCDateTime),
    Column("result", Text, nullable=False),
    Column("kind", String(16), nullable=False, server_default="improvement"),
    Column("follow_up_of", Integer),
    Column("reviewed_at", UTCDateTime),
    Column("effective", Boolean),
    Column("review_note", Text, nullable=False, server_default=""),
    UniqueConstraint("meeting_id", "number", name="uq_meeting_actions_number"),
)

meeting_reads = Table(
    "meeting_reads",
    metadata,
    Column("meeting_id", ForeignKey("meetings.id"), primary_key=True, autoincrement=False),
    Column("staff_id", ForeignKey("staff_members.id"), primary_key=True, autoincrement=False),
    Column("sent_at", UTCDateTime, nullable=False),
    Column("read_at", UTCDateTime),
)

join_tokens = Table(
    "join_tokens",
    metadata,
    Column("token", String(64), primary_key=True),  # unguessable: 192 random bits
    Column("client_id", ForeignKey("clients.id"), nullable=False, index=True),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),  # a token serves once; erased with the client
)

evidence_files = Table(
    "evidence_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("file_ref", String(255), nullable=False),  # the channel's reference (file_id)
    Column("kind", String(16), nullable=False),
    Column("name", String(255), nullable=False),  # the file's original name, if it had one
    Column("mime_type", String(127), nullable=False),
    Column("size", BigInteger),
    Column("status", String(16), nullable=False),
    Column("sha256", String(64)),
    Column("content", LargeBinary),  # the school's copy, when kept in the database
    Column("path", String(300)),  # or its place in RECLAM_FILES_DIR (by its digest)
    Column("received_at", UTCDateTime, nullable=False),
    Column("stored_at", UTCDateTime),
    Column("erased_at", UTCDateTime),
    Column("error", Text),
    UniqueConstraint("complaint_id", "file_ref", name="uq_evidence_files_file"),
)

staff_invitations = Table(
    "staff_invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256: never the token
    Column("name", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),  # an invitation serves once
    Column("staff_id", ForeignKey("staff_members.id")),  # who accepted it
)
