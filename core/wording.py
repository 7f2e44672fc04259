"""Words shared by every reader-facing text: statuses, kinds, compensations, actors."""

from __future__ import annotations

from datetime import datetime

from core.domain.enums import (
    ActionKind,
    ActorKind,
    Channel,
    ClosureKind,
    CompensationKind,
    Role,
    Status,
)
from core.domain.errors import N_
from core.domain.improvement import PlanStatus
from core.domain.journal import Actor
from core.domain.periods import Period
from core.domain.values import Compensation
from core.i18n import Translator

STATUS = {
    Status.RECEIVED: N_("received"),
    Status.ACKNOWLEDGED: N_("acknowledged"),
    Status.EVALUATED: N_("being examined"),
    Status.IN_PROGRESS: N_("being handled"),
    Status.ANSWERED: N_("answered"),
    Status.CLOSED: N_("closed"),
    Status.WITHDRAWN: N_("withdrawn"),
    Status.REOPENED: N_("reopened"),
}
CHANNEL = {
    Channel.TELEGRAM: N_("Telegram"),
    Channel.PHONE: N_("phone"),
    Channel.DESK: N_("at the desk"),
    Channel.LETTER: N_("letter"),
    Channel.EMAIL: N_("email"),
    Channel.REVIEW: N_("online review"),
    Channel.OTHER: N_("other"),
}
ROLE = {Role.MANAGER: N_("manager"), Role.AGENT: N_("agent"), Role.INSTRUCTOR: N_("instructor")}
ACTION_KIND = {
    ActionKind.CORRECTIVE: N_("corrective"),
    ActionKind.PREVENTIVE: N_("preventive"),
    ActionKind.IMPROVEMENT: N_("improvement"),
}
CLOSURE = {
    ClosureKind.SURVEY_ANSWERED: N_("survey answered"),
    ClosureKind.SURVEY_TIMED_OUT: N_("survey not answered in time"),
    ClosureKind.MANAGER: N_("closed by a manager"),
}


def status(tr: Translator, value: Status) -> str:
    return tr.gettext(STATUS[value])


def channel(tr: Translator, value: Channel) -> str:
    return tr.gettext(CHANNEL[value])


def role(tr: Translator, value: Role) -> str:
    return tr.gettext(ROLE[value])


def actor(tr: Translator, who: Actor) -> str:
    if who.kind is ActorKind.SYSTEM:
        return tr.gettext("Reclam (automatic)")
    if who.kind is ActorKind.CLIENT:
        return tr.gettext("the client")
    if who.kind is ActorKind.UNKNOWN:
        return who.name
    label = who.name or f"#{who.id}"
    return f"{label} ({role(tr, who.role)})" if who.role else label


def compensation(tr: Translator, c: Compensation) -> str:
    kind = c.kind
    if kind is CompensationKind.CREDIT_NOTE:
        text = tr.gettext("a credit note of {amount}", amount=tr.money(c.amount_cents))
    elif kind is CompensationKind.REFUND:
        text = tr.gettext("a refund of {amount}", amount=tr.money(c.amount_cents))
    elif kind is CompensationKind.EXTRA_LESSON:
        text = tr.ngettext("{n} extra lesson", "{n} extra lessons", c.quantity)
    elif kind is CompensationKind.APOLOGY:
        text = tr.gettext("a written apology")
    else:
        text = tr.gettext("another gesture")
    return f"{text} ({c.description})" if c.description else text


PLAN_STATUS = {
    PlanStatus.OVERDUE: N_("late"),
    PlanStatus.REVIEW_OVERDUE: N_("done, check late"),
    PlanStatus.OPEN: N_("in progress"),
    PlanStatus.TO_REVIEW: N_("done, check to come"),
    PlanStatus.NOT_EFFECTIVE: N_("not effective"),
    PlanStatus.EFFECTIVE: N_("effective"),
}


def yes_no(tr: Translator, value: bool) -> str:
    return tr.gettext("yes") if value else tr.gettext("no")


def period(tr: Translator, value: Period) -> str:
    """A period in words: "mars 2026" for a whole month, else "du 2 mars au 9 mars 2026"."""
    if value.label == value.start.strftime("%Y-%m"):
        return tr.date(value.start, "LLLL y")
    if value.label == str(value.start.year):
        return tr.gettext("year {year}", year=value.start.year)
    return tr.gettext("from {start} to {end}", start=tr.date(value.start), end=tr.date(value.end))


def exported_on(tr: Translator, at: datetime) -> str:
    return tr.gettext(
        "Exported on {date} at {time}",
        date=tr.date(at.astimezone(tr.zone).date()),
        time=tr.datetime(at, "HH:mm"),
    )
