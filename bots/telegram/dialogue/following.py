"""How a client's complaints read in the chat: status in plain words, dates, next step,
and the news the school shared."""

from __future__ import annotations

from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.dialogue.view import View, data
from bots.telegram.markup import NEWLINE, Html, h
from core import wording
from core.domain.complaint import Complaint
from core.domain.enums import Outcome, Status
from core.domain.event_data import (
    ActionCompleted,
    ActionPlanned,
    ClientInformed,
    data_of,
    event_data,
)
from core.domain.journal import EventKind, JournalEvent
from core.domain.values import Action

NEWS = (EventKind.CLIENT_INFORMED, EventKind.ACTION_PLANNED, EventKind.ACTION_COMPLETED)


def next_step(c: Complaint, v: View) -> Html:
    tr = v.tr
    due = None
    if c.status is Status.RECEIVED:
        text, due = tr.gettext("written acknowledgement"), c.acknowledge_by
    elif c.status in (Status.ACKNOWLEDGED, Status.EVALUATED, Status.IN_PROGRESS, Status.REOPENED):
        text, due = tr.gettext("the school's answer, with its reasons"), c.answer_by
    elif c.status is Status.ANSWERED:
        text = tr.gettext("your opinion on how it was handled")
    else:
        return Html("")
    if due is None:
        return tr.gettext("Next step: {step}", step=text)
    return tr.gettext("Next step: {step}, by {date}", step=text, date=tr.date(due))


def _news(event: JournalEvent, c: Complaint, v: View) -> Html:
    tr, facts = v.tr, event_data(event)
    when = tr.date(event.occurred_at.date(), "short")
    if isinstance(facts, ClientInformed):
        return Html("• {} — {}").format(when, facts.message)
    if isinstance(facts, ActionPlanned):
        return "• " + tr.gettext(
            "{when} — planned: {action} (by {due})",
            when=when,
            action=h(facts.description),
            due=tr.date(facts.due_on),
        )
    action: Action = c.action(data_of(event, ActionCompleted).number)
    return "• " + tr.gettext("{when} — done: {action}", when=when, action=h(action.description))


def complaint_card(c: Complaint, journal: tuple[JournalEvent, ...], v: View) -> Html:
    tr = v.tr
    assert c.received_at is not None
    lines = [
        Html("<b>{}</b> — {}").format(c.reference, c.subject),
        tr.gettext("Status: {status}", status=wording.status(tr, c.status)),
        tr.gettext("Filed on {date}", date=tr.date(c.received_at.date())),
    ]
    if c.acknowledgement:
        lines.append(
            tr.gettext("Acknowledged on {date}", date=tr.date(c.acknowledgement.at.date()))
        )
    if c.decision:
        outcome = c.decision.outcome
        label = tr.gettext("accepted") if outcome is Outcome.ACCEPTED else tr.gettext("rejected")
        lines.append(tr.gettext("Decision: {outcome}", outcome=label))
    if step := next_step(c, v):
        lines.append(step)
    news = [_news(e, c, v) for e in journal if e.kind in NEWS][-3:]
    if news:
        lines += [Html(""), tr.gettext("<b>News from the school</b>"), *news]
    return NEWLINE.join(lines)


def complaint_buttons(c: Complaint, v: View) -> Keyboard:
    if not c.is_open:
        return ()
    return (
        (Button(v.tr.gettext("➕ Add information"), data("c", "add", c.reference)),),
        (Button(v.tr.gettext("↩ Withdraw"), data("c", "wd", c.reference)),),
    )
