"""The client is told, in their language, of every client-visible step the school takes,
on the channels they have: the chat; else email; else staff post the letter or call.

Called by the unit of work at commit with the events each saved complaint recorded, so
the messages enter the outbox in the same transaction as the change itself."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bots.telegram.delivery.notice_texts import LEGAL, RENDER
from bots.telegram.dialogue.replies import DocumentReply, Reply, to_delivery
from bots.telegram.dialogue.survey import survey_question
from bots.telegram.dialogue.view import data
from bots.telegram.identity import delivery, telegram_id
from bots.telegram.markup import EMPTY, Html, HtmlTranslator, plain, plain_text
from bots.telegram.staff.chats import in_thread, staff_chats
from core.domain.complaint import Complaint
from core.domain.enums import ActorKind
from core.domain.event_data import Acknowledged, Decided, event_data
from core.domain.journal import JournalEvent
from core.domain.people import Client
from core.domain.profile import SchoolProfile
from core.outbox import Delivery, email_delivery
from core.usecases.ports import JoinLinks, UnitOfWork

Item = Delivery


@dataclass(frozen=True)
class Letter:
    """The letter an event comes with, if any (the acknowledgement, the answer)."""

    document_id: int | None = None
    by_post: bool = False  # the client has neither chat nor email: staff post it


def _about(item: Item, reference: str) -> Item:
    """The item names its complaint (a failed delivery's alert says which)."""
    if "reference" in item.payload:
        return item
    return replace(item, payload=item.payload | {"reference": reference})


def _letter(event: JournalEvent) -> Letter:
    facts = event_data(event)
    if isinstance(facts, Acknowledged | Decided):
        return Letter(facts.document_id, facts.by_post)
    return Letter()


class ClientNotices:
    def __init__(
        self,
        profile: SchoolProfile,
        email_enabled: bool = False,
        staff_chat_id: int | None = None,
        staff_language: str = "fr",
        links: JoinLinks | None = None,
    ) -> None:
        self.profile = profile
        self.links = links
        self.email_enabled = email_enabled
        self.staff_chat_id = staff_chat_id
        self.staff_tr = HtmlTranslator(staff_language, profile.timezone)

    async def __call__(
        self, uow: UnitOfWork, complaint: Complaint, events: list[JournalEvent], now: datetime
    ) -> None:
        """Queue a message to the client for each visible step someone else took."""
        told = [
            e
            for e in events
            if e.client_visible and e.actor.kind is not ActorKind.CLIENT and e.kind in RENDER
        ]
        if not told:
            return
        client = await uow.clients.get(complaint.client_id)
        if client is None or client.anonymised_at is not None:
            return
        tr = HtmlTranslator(client.language, self.profile.timezone)
        items: list[Item] = []
        for event in told:
            text = RENDER[event.kind](tr, event, complaint, self.profile)
            if telegram_id(client) is not None:
                items += self._in_chat(tr, event, complaint, client, text)
            elif client.email and self.email_enabled:
                link = await self._join_link(uow, complaint, client, now)
                items += self._by_email(tr, event, complaint, client.email, text + link)
            elif text:
                items += await self._through_staff(uow, event, complaint, client, text)
        await uow.outbox.add([_about(item, complaint.reference) for item in items], now)

    async def _join_link(
        self, uow: UnitOfWork, c: Complaint, client: Client, now: datetime
    ) -> Html:
        """The client's personal link to follow the complaint in Telegram, as a closing
        paragraph (empty when the bot's link is not known)."""
        if self.links is None or client.id is None:
            return EMPTY
        url = self.links.url(await uow.join_tokens.issue(client.id, c.reference, now))
        if url is None:
            return EMPTY
        tr = HtmlTranslator(client.language, self.profile.timezone)
        return Html("\n\n") + tr.gettext(
            "You may also follow your complaint on Telegram with this personal link, and "
            "there give your opinion on how it was handled: {url}",
            url=url,
        )

    def _by_email(
        self, tr: HtmlTranslator, event: JournalEvent, c: Complaint, to: str, text: Html
    ) -> list[Item]:
        """A client who does not use Telegram but gave an email address."""
        if document_id := _letter(event).document_id:
            if event.kind in LEGAL:  # the school's answer, with its letter
                return [self._answer_email(tr, c, to, text, document_id)]
            return [self._letter_email(tr, c, to, text, document_id)]
        if not text:
            return []
        subject = tr.gettext("Your complaint {reference}", reference=c.reference)
        body = "\n\n".join([plain_text(text), self._signature()])
        return [email_delivery(to, plain(subject), body)]

    async def _through_staff(
        self, uow: UnitOfWork, event: JournalEvent, c: Complaint, client: Client, text: Html
    ) -> list[Item]:
        """A client with neither Telegram nor email: staff post the letter or call. The
        letter itself (the acknowledgement's PDF) comes with the request, to print."""
        tr = self.staff_tr
        if client.postal_address:
            ask = tr.gettext(
                "📮 The client has neither Telegram nor email: send them this by post, "
                "to {address}, then write a note here.",
                address=client.postal_address,
            )
        else:
            ask = tr.gettext(
                "📞 The client has neither Telegram nor email: call them at {phone} to tell "
                "them this, then write a note here.",
                phone=client.phone or "—",
            )
        posted = self._posted_button(event, c) if client.postal_address else None
        chats = await staff_chats(uow, c, self.staff_chat_id)
        items = [in_thread(c.reference, chat, ask + "\n\n" + text, posted) for chat in chats]
        if document_id := _letter(event).document_id:
            caption = tr.gettext("The letter to post for {reference}", reference=c.reference)
            items += [to_delivery(DocumentReply(chat, document_id, caption)) for chat in chats]
        return items

    def _posted_button(self, event: JournalEvent, c: Complaint) -> list[list[list[str]]] | None:
        """Staff say when they posted the letter: the journal keeps it (and the deadline to
        acknowledge runs until the acknowledgement is posted)."""
        if not _letter(event).by_post:
            return None
        label = self.staff_tr.gettext("📮 Letter posted")
        what = "answer" if event.kind in LEGAL else "acknowledgement"
        return [[[label, data("s", "posted", f"{c.reference}|{what}")]]]

    def _signature(self) -> str:
        return f"{self.profile.name}\n{self.profile.address}\n{self.profile.phone}"

    def _in_chat(
        self,
        tr: HtmlTranslator,
        event: JournalEvent,
        complaint: Complaint,
        client: Client,
        text: Html,
    ) -> list[Item]:
        chat = telegram_id(client)
        assert chat is not None
        email = client.email if self.email_enabled else None
        items: list[Item] = []
        if text:
            method, payload = Reply(chat, text).to_outbox()
            if event.kind in LEGAL:
                subject = tr.gettext(
                    "The school's answer about your complaint {reference}",
                    reference=complaint.reference,
                )
                payload["fallback_email"] = {
                    "subject": plain_text(subject),
                    "text": plain_text(text),
                }
            items.append(delivery(chat, method, payload))
        if event.kind in LEGAL:  # the answer given, the survey follows
            question, buttons = survey_question(tr, complaint.reference, "")
            items.append(to_delivery(Reply(chat, question, buttons)))
        if document_id := _letter(event).document_id:
            caption = tr.gettext(
                "Your acknowledgement letter ({reference})", reference=complaint.reference
            )
            items.append(to_delivery(DocumentReply(chat, document_id, caption)))
            if email:
                items.append(self._letter_email(tr, complaint, email, text, document_id))
        return items

    def _answer_email(
        self, tr: HtmlTranslator, c: Complaint, to: str, text: Html, document_id: int
    ) -> Item:
        subject = tr.gettext(
            "The school's answer about your complaint {reference}", reference=c.reference
        )
        attached = plain(tr.gettext("The letter is attached."))
        body = "\n\n".join([plain_text(text), attached, self._signature()])
        return email_delivery(to, plain(subject), body, document_id)

    def _letter_email(
        self, tr: HtmlTranslator, c: Complaint, to: str, text: Html, document_id: int
    ) -> Item:
        subject = tr.gettext(
            "Acknowledgement of your complaint {reference} — {school}",
            reference=c.reference,
            school=self.profile.name,
        )
        body = "\n\n".join(
            [
                plain_text(text),
                plain(tr.gettext("The acknowledgement letter is attached.")),
                self._signature(),
            ]
        )
        return email_delivery(to, plain(subject), body, document_id)
