"""One staff member's action in a chat, as the staff forms and commands see it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff.form_slot import FormSlot, form_slot
from core.domain.journal import Actor
from core.usecases.common import Deps
from core.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class StaffTurn:
    """The process (``deps``) and its open transaction (``uow``), the update, the member's
    language, who they are, and what the bot answers (``o``, filled as the turn goes)."""

    deps: Deps
    uow: UnitOfWork
    event: Event
    tr: HtmlTranslator
    actor: Actor
    o: Outcome = field(default_factory=Outcome)

    @property
    def form(self) -> FormSlot:
        """The form the member has open in this chat."""
        return form_slot(self.uow, self.event)
