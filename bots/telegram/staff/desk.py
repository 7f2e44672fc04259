"""The staff group follows every complaint: a commit listener queues the card's
publication and updates, the client's additions, and the instructors' notices."""

from __future__ import annotations

from datetime import datetime

from bots.telegram.identity import delivery, telegram_id
from bots.telegram.markup import Html, HtmlTranslator, h
from bots.telegram.staff.card import CardFacts, card_buttons, card_text, topic_name
from bots.telegram.staff.chats import Item, direct_to, in_thread, staff_chats
from bots.telegram.store.store import staff_group
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar
from core.domain.enums import Role, Status
from core.domain.event_data import ClientInformationAdded, Filed, data_of
from core.domain.history import client_history
from core.domain.journal import EventKind, JournalEvent
from core.domain.profile import SchoolProfile
from core.domain.values import Evidence
from core.usecases.ports import UnitOfWork
from core.usecases.view_complaint import as_past

ENDED = frozenset({Status.CLOSED, Status.WITHDRAWN})


class StaffDesk:
    def __init__(self, profile: SchoolProfile, chat_id: int | None, language: str = "fr") -> None:
        self.profile, self.chat_id = profile, chat_id
        self.tr = HtmlTranslator(language, profile.timezone)
        d = profile.deadlines
        self.calendar = DeadlineCalendar(
            profile.timezone, d.mode, d.holiday_subdivision, d.due_soon_days
        )

    async def __call__(
        self, uow: UnitOfWork, complaint: Complaint, events: list[JournalEvent], now: datetime
    ) -> None:
        kinds = {e.kind for e in events} - {EventKind.ACCESS_REFUSED}
        if not kinds:
            return
        items = []
        for chat_id in await staff_chats(uow, complaint, self.chat_id):
            items += await self._card_items(uow, complaint, events, now, chat_id)
        grouped = not complaint.confidential and EventKind.FILED in kinds
        if grouped and await staff_group(uow, self.chat_id) is not None:
            items += await self._instructors_told(uow, complaint)
        await uow.outbox.add(items, now)

    async def cards(self, uow: UnitOfWork, complaint: Complaint, now: datetime) -> list[Item]:
        """The card as it stands, for a group bound after the complaint was filed."""
        group = await staff_group(uow, self.chat_id)
        return [] if group is None else await self._card_items(uow, complaint, [], now, group)

    async def _card_items(
        self,
        uow: UnitOfWork,
        c: Complaint,
        events: list[JournalEvent],
        now: datetime,
        chat_id: int,
    ) -> list[Item]:
        """The card for ``chat_id`` (the group, or a manager's private chat when confidential)."""
        client = await uow.clients.get(c.client_id)
        history = client_history(as_past(c), await uow.complaints.history_of(c.client_id), now)
        facts = CardFacts(c, client, history, now)
        card = {
            "reference": c.reference,
            "chat_id": chat_id,
            "text": card_text(facts, self.profile, self.tr, self.calendar),
            "buttons": [[[b.label, b.data] for b in row] for row in card_buttons(c, self.tr)],
            "topic_name": topic_name(c, self.profile, self.tr),
            "close": c.status in ENDED,
        }
        kinds = {e.kind for e in events}
        items: list[Item] = [
            delivery(chat_id, "publish_card" if EventKind.FILED in kinds else "update_card", card)
        ]
        for event in events:
            if event.kind is EventKind.CLIENT_INFORMATION_ADDED:
                added = data_of(event, ClientInformationAdded)
                text = self.tr.gettext(
                    "📎 The client adds: {text} ({files})",
                    text=h(added.text) or "—",
                    files=self.tr.ngettext("{n} file", "{n} files", len(added.evidence)),
                )
                items.append(in_thread(c.reference, chat_id, text))
                items += [self._file(c, e, chat_id) for e in added.evidence]
            if event.kind is EventKind.FILED:
                items += [self._file(c, e, chat_id) for e in data_of(event, Filed).evidence]
        named = c.persons if EventKind.FILED in kinds and not c.confidential else ()
        for person in named:
            if person.staff_id is not None:
                member = await uow.staff.get(person.staff_id)
                if member is not None and member.active:
                    mention = Html('<a href="tg://user?id={}">{}</a>').format(
                        telegram_id(member), member.name
                    )
                    text = self.tr.gettext("👀 {who} is named in this complaint.", who=mention)
                    items.append(in_thread(c.reference, chat_id, text))
        return items

    def _file(self, c: Complaint, evidence: Evidence, chat_id: int) -> Item:
        """A file the client sent, forwarded into the complaint's thread."""
        return delivery(
            chat_id,
            "thread_file",
            {
                "reference": c.reference,
                "chat_id": chat_id,
                "file_id": evidence.file_id,
                "kind": evidence.kind.value,
                "text": h(evidence.caption[:1000]),
            },
        )

    async def _instructors_told(self, uow: UnitOfWork, c: Complaint) -> list[Item]:
        items: list[Item] = []
        for person in c.persons:
            member = await uow.staff.get(person.staff_id) if person.staff_id else None
            if member is None or not member.active or member.role is not Role.INSTRUCTOR:
                continue
            text = self.tr.gettext(
                "You are named in complaint {reference}. Its handling is followed in the staff "
                "group; you may be asked for your account of what happened.",
                reference=c.reference,
            )
            items += direct_to(member, text)
        return items
