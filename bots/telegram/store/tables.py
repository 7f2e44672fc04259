"""The Telegram channel's tables, on the one schema's metadata (the migrations build them
with the rest)."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, String, Table, Text

from core.persistence.tables import metadata
from core.persistence.types import UTCDateTime

inbound_updates = Table(
    "inbound_updates",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("processed_at", UTCDateTime),
    Column("error", Text),
    Column("chat_id", BigInteger),  # None: an update that names no chat
)

conversations = Table(
    "conversations",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

Index("ix_inbound_updates_unprocessed", inbound_updates.c.processed_at)
Index("ix_inbound_updates_chat", inbound_updates.c.chat_id, inbound_updates.c.update_id)

staff_threads = Table(
    "staff_threads",
    metadata,
    Column("complaint_id", ForeignKey("complaints.id"), primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("thread_id", BigInteger),
    Column("card_message_id", BigInteger),
    Column("topic_name", String(128), nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("card_digest", String(64)),  # of the card's text and buttons as last sent
)

staff_messages = Table(
    "staff_messages",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("message_id", BigInteger, primary_key=True, autoincrement=False),
    Column("complaint_id", ForeignKey("complaints.id"), nullable=False),
)

staff_forms = Table(
    "staff_forms",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

#: the staff groups the bot was bound to (``/setup``) or told about (its rights there);
#: the one bound most recently is the staff group, unless RECLAM_STAFF_CHAT_ID overrides it
staff_groups = Table(
    "staff_groups",
    metadata,
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("title", String(255), nullable=False),
    Column("bound_at", UTCDateTime),  # None: not (or no longer) the bound group
    Column("bound_by", BigInteger),  # the manager's Telegram id
    Column("topics", Boolean, nullable=False),  # the bot may create forum topics there
    Column("rights_lost_at", UTCDateTime),  # the managers were told the bot lost its rights
)
