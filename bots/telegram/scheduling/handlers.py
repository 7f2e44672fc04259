"""Every kind of scheduled work, dispatched: a complaint's reminders, the daily retention
rule, the journal's nightly anchor, the monthly quality pack, the meeting's read reminders."""

from __future__ import annotations

from datetime import timedelta

from bots.telegram.delivery.failures import delivery_failed_alert, failure_digest
from bots.telegram.dialogue.replies import DocumentReply, to_delivery
from bots.telegram.markup import HtmlTranslator
from bots.telegram.scheduling.meeting_reminders import meeting_read_reminder
from bots.telegram.scheduling.reminders import Reminders
from bots.telegram.scheduling.reviews import ask_review
from bots.telegram.store.store import staff_group
from core.domain.journal import Actor
from core.domain.periods import parse_period
from core.domain.schedule import WorkKind
from core.reports.pack_file import PackFormat, pack_file
from core.scheduling.work import DueItem
from core.usecases.anchor_journal import anchor_within
from core.usecases.anonymise_client import AnonymiseClient, anonymise_client
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork


class WorkHandlers:
    def __init__(self, staff_chat_id: int | None, language: str = "fr") -> None:
        self.staff_chat_id, self.language = staff_chat_id, language
        self.reminders = Reminders(staff_chat_id, language)

    async def __call__(self, deps: Deps, uow: UnitOfWork, item: DueItem) -> None:
        if item.kind is WorkKind.RETENTION:
            await self.retention(deps, uow)
        elif item.kind is WorkKind.JOURNAL_ANCHOR:
            await anchor_within(uow, deps)
        elif item.kind is WorkKind.MONTHLY_PACK:
            await self.monthly_pack(deps, uow, str(item.payload["period"]))
        elif item.kind is WorkKind.DELIVERY_FAILED:
            await delivery_failed_alert(deps, uow, item, self.language)
        elif item.kind is WorkKind.FAILURE_DIGEST:
            await failure_digest(deps, uow, item, self.language)
        elif item.kind in (WorkKind.MEETING_READ_REMINDER, WorkKind.MEETING_ACTION_DUE):
            await meeting_read_reminder(deps, uow, item, self.language)
        elif item.kind in (WorkKind.ACTION_REVIEW, WorkKind.MEETING_ACTION_REVIEW):
            await ask_review(deps, uow, item, self.language)
        else:
            await self.reminders(deps, uow, item)

    async def retention(self, deps: Deps, uow: UnitOfWork) -> None:
        """Anonymise the clients whose complaints all ended longer ago than the profile's
        retention period; their complaints stay, anonymous, in the register."""
        years = deps.profile.deadlines.retention_years
        before = deps.clock.now() - timedelta(days=365 * years + years // 4)
        for client_id in await uow.clients.past_retention(before):
            await anonymise_client(deps, Actor.system(), AnonymiseClient(client_id, "retention"))

    async def monthly_pack(self, deps: Deps, uow: UnitOfWork, period: str) -> None:
        chat = await staff_group(uow, self.staff_chat_id)
        if chat is None:
            return
        tr = HtmlTranslator(self.language, deps.profile.timezone)
        file = await pack_file(deps, Actor.system(), parse_period(period), PackFormat.PDF)
        now = deps.clock.now()
        kept = await uow.documents.add(None, file.name, file.media_type, file.content, now)
        caption = tr.gettext("Quality meeting pack — {period}", period=period)
        await uow.outbox.add([to_delivery(DocumentReply(chat, kept.id, caption))], now)
