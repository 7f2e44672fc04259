"""A message or an email still undelivered after its retries reaches people, not only
the log: the managers get one alert a day per complaint in their private chats, and each
morning a digest of the day before (``reclam outbox failed`` lists them all).

An alert or a digest that fails in turn alerts nobody (no loop): it is in the log, in the
next digest's count and in ``reclam outbox failed``."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from bots.telegram.delivery.evidence import FILES, EvidenceKeeper
from bots.telegram.identity import TELEGRAM, account, delivery
from bots.telegram.markup import Html, HtmlTranslator, h
from bots.telegram.staff.chats import manager_chats
from core.domain.complaint import Complaint
from core.domain.evidence_file import FileStatus
from core.domain.schedule import Planned, WorkKind
from core.outbox import ABOUT_FAILURES, EMAIL, Delivery, FailedDelivery, OutboxItem
from core.scheduling.work import DueItem
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork

DIGEST_LINES = 30
DIGEST_CHARACTERS = 3300  # the lines' share of the message (Telegram: 4,096 at most)


async def complaint_of(uow: UnitOfWork, item: OutboxItem) -> Complaint | None:
    """The complaint a delivery was about: the item says, or its recipient's latest."""
    if reference := item.payload.get("reference"):
        return await uow.complaints.get(str(reference))
    client = None
    if item.channel == TELEGRAM and item.recipient.lstrip("-").isdigit():
        client = await uow.clients.by_chat(account(int(item.recipient)))
    elif item.channel == EMAIL:
        client = await uow.clients.by_email(item.recipient)
    if client is None or client.id is None:
        return None
    theirs = await uow.complaints.of_client(client.id)
    return max(theirs, key=lambda c: (c.received_at is not None, c.received_at), default=None)


def to_managers(chats: list[int], text: Html) -> list[Delivery]:
    payload: dict[str, Any] = {"text": text, "buttons": [], "thread_id": None}
    payload[ABOUT_FAILURES] = True
    return [delivery(chat, "send_message", payload | {"chat_id": chat}) for chat in chats]


class DeliveryFailures:
    """Called by the sender, in the transaction that records a delivery as failed."""

    def __init__(self, evidence: EvidenceKeeper) -> None:
        self.evidence = evidence

    async def __call__(self, uow: UnitOfWork, item: OutboxItem, error: str, now: datetime) -> None:
        if item.payload.get(ABOUT_FAILURES):
            return  # an alert about failures: never an alert about the alert
        complaint = await complaint_of(uow, item)
        if item.channel == FILES:  # staff are told in the thread; the digest lists it
            await self._file_given_up(uow, item, complaint, error, now)
            return
        if complaint is None or complaint.id is None:
            return  # about no complaint: the morning digest lists it
        day = now.date().isoformat()
        payload = {"reference": complaint.reference, "outbox_id": item.id, "error": error[:300]}
        payload |= {"channel": item.channel, "recipient": item.recipient}
        alert = Planned(WorkKind.DELIVERY_FAILED, f"{complaint.reference}:{day}", now, payload)
        await uow.due_work.add([alert], complaint.id)

    async def _file_given_up(
        self,
        uow: UnitOfWork,
        item: OutboxItem,
        complaint: Complaint | None,
        error: str,
        now: datetime,
    ) -> None:
        record_id = int(item.payload["record_id"])
        too_big = "too big" in error  # the Bot API's answer over its download limit
        status = FileStatus.TOO_LARGE if too_big else FileStatus.FAILED
        await uow.evidence_files.mark(record_id, status, error)
        record = await uow.evidence_files.get(record_id)
        if complaint is not None and record is not None:
            keeper = self.evidence
            text = keeper.not_kept(record) if too_big else keeper.not_downloaded(record)
            await keeper.tell(uow, complaint, text, now)


def _what(tr: HtmlTranslator, channel: str) -> Html:
    if channel == EMAIL:
        return tr.gettext("an email")
    return tr.gettext("a Telegram message")


async def delivery_failed_alert(deps: Deps, uow: UnitOfWork, item: DueItem, language: str) -> None:
    """The managers' alert: which complaint, what could not be delivered, and why."""
    tr = HtmlTranslator(language, deps.profile.timezone)
    p = item.payload
    text = tr.gettext(
        "⚠️ Complaint {reference}: {what} to {recipient} could not be delivered after "
        "its retries ({error}). Check the address or the chat, then send it again with "
        "<code>reclam outbox failed --retry</code>.",
        reference=p["reference"],
        what=_what(tr, str(p.get("channel", TELEGRAM))),
        recipient=p.get("recipient", "—"),
        error=str(p.get("error", ""))[:200] or "—",
    )
    await uow.outbox.add(to_managers(await manager_chats(uow), text), deps.clock.now())


async def failure_digest(deps: Deps, uow: UnitOfWork, item: DueItem, language: str) -> None:
    """Each morning, the failures of the day before (nothing is sent when there were none)."""
    tr = HtmlTranslator(language, deps.profile.timezone)
    day = datetime.fromisoformat(str(item.payload["day"])).date()
    zone = deps.calendar.zone
    start = datetime.combine(day, time(0), tzinfo=zone)
    failed = await uow.outbox.failed_between(start, start + timedelta(days=1))
    if not failed:
        return
    lines = _fitting([_line(tr, f) for f in failed[:DIGEST_LINES]])
    if len(failed) > len(lines):
        lines.append(tr.gettext("… and {n} more.", n=len(failed) - len(lines)))
    head = tr.ngettext(
        "📋 {n} delivery failed on {day}:",
        "📋 {n} deliveries failed on {day}:",
        len(failed),
        day=tr.date(day, "long"),
    )
    tail = tr.gettext(
        "To see them all: <code>reclam outbox failed</code>; to send them again once the "
        "cause is fixed: <code>reclam outbox failed --retry</code>."
    )
    text = Html("\n").join([head, *lines, tail])
    await uow.outbox.add(to_managers(await manager_chats(uow), text), deps.clock.now())


def _fitting(lines: list[Html]) -> list[Html]:
    """As many lines as one Telegram message holds (4,096 characters), with room left."""
    kept: list[Html] = []
    budget = DIGEST_CHARACTERS
    for line in lines:
        budget -= len(line) + 1
        if budget < 0:
            break
        kept.append(line)
    return kept


def _line(tr: HtmlTranslator, failed: FailedDelivery) -> Html:
    item = failed.item
    if item.channel == FILES:
        return tr.gettext(
            "• #{id} a file the client sent in {reference}, not downloaded: {error}",
            id=item.id,
            reference=item.recipient,
            error=failed.error[:100] or "—",
        )
    return tr.gettext(
        "• #{id} {what} to {recipient}{about}: {error}",
        id=item.id,
        what=_what(tr, item.channel),
        recipient=item.recipient[:60],
        about=h(f" ({failed.reference})") if failed.reference else "",
        error=failed.error[:100] or "—",
    )
