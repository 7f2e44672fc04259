"""The outbox: every message to a client or to staff is written in the transaction that
decided it, then delivered by its channel's sender. An item, and how a delivery fails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

#: where one recipient's items are delivered one after the other: (channel, recipient)
Lane = tuple[str, str]


@dataclass(frozen=True)
class Delivery:
    """One message to queue: the channel that delivers it, the recipient's address there
    (a chat id, an email address), and what the channel is to do (its method and payload)."""

    channel: str
    recipient: str
    method: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class OutboxItem:
    id: int
    channel: str
    recipient: str
    method: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    status: str = "pending"  # "sending" when found so: under way when a process died

    @property
    def lane(self) -> Lane:
        return (self.channel, self.recipient)


@dataclass(frozen=True)
class FailedDelivery:
    """An item given up after its retries, as the managers' digest lists it."""

    item: OutboxItem
    failed_at: datetime
    error: str

    @property
    def reference(self) -> str | None:
        """The complaint it was about, when the item says."""
        found = self.item.payload.get("reference")
        return str(found) if found else None


#: an item's payload key marking a message about failed deliveries: if it fails in turn,
#: nobody is alerted again (it is logged, listed by ``reclam outbox failed``)
ABOUT_FAILURES = "about_failures"

#: the channel of messages to an email address (the mail package delivers them)
EMAIL = "email"


def email_delivery(to: str, subject: str, text: str, document_id: int | None = None) -> Delivery:
    """An email (plain text; a kept document attached when there is one)."""
    payload: dict[str, Any] = {"to": to, "subject": subject, "text": text}
    if document_id is not None:
        payload["document_id"] = document_id
    return Delivery(EMAIL, to, "send_email", payload)


class Transport(Protocol):
    """A channel's way to deliver its outbox items; the outbox sender calls it."""

    async def deliver(self, item: OutboxItem) -> str | None:
        """Make the delivery; return the channel's reference of what it sent, if any.
        Raises a DeliveryError when the channel does not take it."""
        ...


class DeliveryError(Exception):
    """The channel did not take the delivery."""


class RetryLater(DeliveryError):
    """Too many requests (an HTTP 429): try again after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class TransientFailure(DeliveryError):
    """5xx, a time-out or a lost connection: back off and try again."""


class Unreachable(DeliveryError):
    """The recipient cannot be reached there (they blocked the school's bot, say)."""


class Interrupted(DeliveryError):
    """The sender is stopping: the call was not made."""


class Rejected(DeliveryError):
    """Refused as it is (a bad request, a bad address); retrying will not help."""
