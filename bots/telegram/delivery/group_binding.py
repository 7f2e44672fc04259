"""The sender's side of /setup: ask Telegram what the bot may do in the group, answer in
one message (what is missing and how to fix it, or that the group is bound), and bind it.
The cards of the complaints filed before the binding enter the outbox in the binding's
transaction: each is posted once, after the answer."""

from __future__ import annotations

from typing import Any

from bots.telegram.commands import STAFF, Menu
from bots.telegram.delivery.bot_api import BotApi, GroupFacts
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff.desk import ENDED, StaffDesk
from bots.telegram.staff.group_rights import bound_text, lacking, missing_text
from bots.telegram.store.staff_groups import StaffGroup
from bots.telegram.store.store import telegram_store
from core.domain.enums import Status
from core.i18n import STAFF_LANGUAGES
from core.usecases.common import Deps

STILL_HANDLED = frozenset(Status) - ENDED


class GroupBinding:
    def __init__(self, deps: Deps, api: BotApi) -> None:
        self.deps, self.api = deps, api

    async def call(self, p: dict[str, Any]) -> int:
        facts = await self.api.group_facts(p["chat_id"])
        tr = HtmlTranslator(p["language"], self.deps.profile.timezone)
        found = lacking(facts, tr)
        if found:
            text = missing_text(tr, found)
        else:
            posted = await self.bind(facts, p)
            await self.api.set_commands(
                [Menu(STAFF, lang, facts.chat_id) for lang in STAFF_LANGUAGES]
            )
            text = bound_text(facts, tr, posted)
        return await self.api.send_message(facts.chat_id, text, [], p.get("thread_id"))

    async def bind(self, facts: GroupFacts, p: dict[str, Any]) -> int:
        """Bind the group; return how many cards of earlier complaints it will receive."""
        now = self.deps.clock.now()
        group = StaffGroup(facts.chat_id, facts.title, now, p["by"], facts.topics)
        async with self.deps.uow() as uow:
            if not await telegram_store(uow).groups.bind(group):
                await uow.commit()  # bound already: its rights refreshed, nothing to post
                return 0
            desk = StaffDesk(self.deps.profile, facts.chat_id, p["language"])
            threads = telegram_store(uow).threads
            cards = []
            for complaint in await uow.complaints.by_status(STILL_HANDLED):
                known = await threads.get(complaint.reference, facts.chat_id)
                if not complaint.confidential and known is None:
                    cards.append(await desk.cards(uow, complaint, now))
            await uow.outbox.add([item for card in cards for item in card], now)
            await uow.commit()
        return len(cards)
