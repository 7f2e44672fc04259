"""A client Telegram cannot reach (403: they blocked the bot, or the chat is gone).

The client is marked unreachable, the rest of their queue is given up, the legally
required notices (acknowledgement, decision) go by email instead when there is an
address, and staff are told in each open complaint's thread, once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bots.telegram.identity import TELEGRAM, account
from bots.telegram.markup import Html, HtmlTranslator
from bots.telegram.staff.chats import Item, tell_staff
from core.domain.enums import Status
from core.domain.profile import SchoolProfile
from core.outbox import OutboxItem, email_delivery
from core.usecases.ports import UnitOfWork

ENDED = frozenset({Status.CLOSED, Status.WITHDRAWN})


class UnreachableChats:
    def __init__(
        self,
        profile: SchoolProfile,
        staff_chat_id: int | None = None,
        language: str = "fr",
        email_enabled: bool = False,
    ) -> None:
        self.profile, self.staff_chat_id = profile, staff_chat_id
        self.tr = HtmlTranslator(language, profile.timezone)
        self.email_enabled = email_enabled

    async def __call__(self, uow: UnitOfWork, failed: list[OutboxItem], now: datetime) -> None:
        for lane in sorted({item.lane for item in failed if item.channel == TELEGRAM}):
            client = await uow.clients.by_chat(account(int(lane[1])))
            if client is None:
                continue  # a staff member or the group: the failure is logged
            given_up = await uow.outbox.fail_pending(lane, now, "the client is unreachable")
            lost = [i for i in failed if i.lane == lane] + given_up
            emails: list[Item] = []
            if client.email and self.email_enabled:
                emails = [
                    _email(client.email, i.payload["fallback_email"])
                    for i in lost
                    if ("fallback_email" in i.payload)
                ]
            await uow.outbox.add(emails, now)
            if not client.reachable:
                continue
            client.reachable = False
            await uow.clients.save(client)
            alert = self._alert(client.email if self.email_enabled else None, client.phone)
            for complaint in await uow.complaints.of_client(client.id or 0):
                if complaint.status not in ENDED:
                    await uow.outbox.add(
                        await tell_staff(uow, complaint, self.staff_chat_id, alert), now
                    )

    def _alert(self, email: str | None, phone: str | None) -> Html:
        tr = self.tr
        text = tr.gettext("⚠️ The client can no longer be reached on Telegram (bot blocked).")
        if email:
            more = tr.gettext(
                "The acknowledgement and the decision are sent to {email} by email instead.",
                email=email,
            )
        else:
            more = tr.gettext(
                "There is no email address: send the acknowledgement and the decision by "
                "post, or call the client ({phone}).",
                phone=phone or "—",
            )
        return text + "\n" + more


def _email(to: str, content: dict[str, Any]) -> Item:
    return email_delivery(to, content["subject"], content["text"])
