"""A low satisfaction score alerts the managers, in the complaint's thread and directly."""

from __future__ import annotations

from datetime import datetime

from bots.telegram.markup import HtmlTranslator, h
from bots.telegram.staff.chats import alert_managers
from core.domain.complaint import Complaint
from core.domain.event_data import SurveyAnswered, data_of
from core.domain.journal import EventKind, JournalEvent
from core.domain.profile import SchoolProfile
from core.usecases.ports import UnitOfWork


class LowScoreAlerts:
    def __init__(self, profile: SchoolProfile, chat_id: int | None, language: str = "fr") -> None:
        self.threshold = profile.deadlines.low_satisfaction
        self.chat_id = chat_id
        self.tr = HtmlTranslator(language, profile.timezone)

    async def __call__(
        self, uow: UnitOfWork, complaint: Complaint, events: list[JournalEvent], now: datetime
    ) -> None:
        for event in events:
            if event.kind is not EventKind.SURVEY_ANSWERED:
                continue
            answer = data_of(event, SurveyAnswered)
            score = answer.satisfaction
            if score > self.threshold:
                continue
            text = self.tr.gettext(
                "📉 Low satisfaction for {reference}: {score}/5. Comment: {comment}",
                reference=complaint.reference,
                score=score,
                comment=h(answer.comment or "—"),
            )
            await uow.outbox.add(await alert_managers(uow, complaint, self.chat_id, text), now)
