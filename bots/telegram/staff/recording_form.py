"""``/new`` in the staff group: record a complaint the school received by phone, at the
desk, by letter, email or review, step by step, as a client files one in the chat. The
answers wait in the staff member's form; the use case checks everything again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.dialogue.view import Outcome, data
from bots.telegram.markup import Html, HtmlTranslator
from bots.telegram.staff.form_slot import form_slot
from bots.telegram.staff.forms import form_reply
from core import wording
from core.domain.authorisation import Permission
from core.domain.complaint import require_text
from core.domain.enums import Channel
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.people import PHONE
from core.usecases.common import Deps, check
from core.usecases.file_complaint import FileComplaint
from core.usecases.ports import UnitOfWork
from core.usecases.record_complaint import (
    ClientContact,
    RecordComplaint,
    check_contact,
    received_at,
    record_complaint,
)

State = dict[str, Any]
ACTION = "record"
CHANNELS = tuple(c for c in Channel if c is not Channel.TELEGRAM)
PROMPTS = {
    "received": N_("📅 When did the school receive it? Today, yesterday, or a date (DD/MM/YYYY)."),
    "name": N_("👤 The client's full name?"),
    "contact": N_(
        "📇 How can the school reach the client? An email address, a phone number or a postal "
        "address: one per line."
    ),
    "category": N_("🗂 Which category?"),
    "description": N_("✍️ What does the client complain about?"),
    "wish": N_("🎯 Which solution does the client want? Write it, or press Skip."),
}


@dataclass(frozen=True)
class Turn:
    """One step of the form: who, where, and the answers so far."""

    deps: Deps
    uow: UnitOfWork
    event: Event
    tr: HtmlTranslator
    state: State

    async def ask(self, step: str, buttons: Keyboard = (), first: bool = True) -> Outcome:
        """Keep the answers, then ask the question of ``step``."""
        state = self.state | {"step": step}
        when = self.deps.clock.now()
        await form_slot(self.uow, self.event).put(state, when)
        rows = (*buttons, (Button(self.tr.gettext("✖ Cancel"), data("s", "nr", "cancel:")),))
        text = self.tr.gettext(PROMPTS[step])
        return Outcome().say(self.event, text, rows) if first else _edited(self, text, rows)


def _edited(turn: Turn, text: Html, rows: Keyboard) -> Outcome:
    o = Outcome()
    o.replies.add(form_reply(turn.event, text, rows, first=False))
    return o


def _button(tr: HtmlTranslator, label: str, value: str) -> tuple[Button, ...]:
    return (Button(tr.gettext(label), data("s", "nr", value)),)


async def start(
    deps: Deps, uow: UnitOfWork, event: Event, tr: HtmlTranslator, actor: Actor
) -> Outcome:
    """``/new``: the channel it came by."""
    check(actor, Permission.RECORD)
    state: State = {"action": ACTION, "thread_id": event.thread_id, "reference": ""}
    await form_slot(uow, event).put(state, deps.clock.now())
    rows = tuple(
        (Button(wording.channel(tr, c).capitalize(), data("s", "nr", f"channel:{c.value}")),)
        for c in CHANNELS
    )
    cancel = (Button(tr.gettext("✖ Cancel"), data("s", "nr", "cancel:")),)
    text = tr.gettext("📝 A complaint received outside Telegram. How did it come?")
    return Outcome().say(event, text, (*rows, cancel))


async def press(
    deps: Deps, uow: UnitOfWork, event: Event, tr: HtmlTranslator, actor: Actor, value: str
) -> Outcome:
    """A button of the form: ``step:answer``."""
    state = await form_slot(uow, event).get()
    step, _, answer = value.partition(":")
    if step == "cancel" or state is None or state.get("action") != ACTION:
        await form_slot(uow, event).clear()
        return _edited(Turn(deps, uow, event, tr, {}), tr.gettext("Recording cancelled."), ())
    turn = Turn(deps, uow, event, tr, state)
    if step == "channel" and answer in {c.value for c in CHANNELS}:
        days = (("Today", "received:0"), ("Yesterday", "received:1"))
        turn = Turn(deps, uow, event, tr, state | {"channel": answer})
        return await turn.ask("received", tuple(_button(tr, *d) for d in days), first=False)
    if step == "received" and answer in ("0", "1"):
        day = deps.calendar.local_date(deps.clock.now()) - timedelta(days=int(answer))
        return await Turn(deps, uow, event, tr, state | {"received": day.isoformat()}).ask("name")
    if step == "category" and deps.profile.category(answer) is not None:
        return await Turn(deps, uow, event, tr, state | {"category": answer}).ask("description")
    if step == "wish" and answer == "skip":
        return await _record(Turn(deps, uow, event, tr, state | {"wish": ""}), actor)
    raise InvalidInput(N_("This button is not valid."))


async def take_text(
    deps: Deps, uow: UnitOfWork, event: Event, tr: HtmlTranslator, actor: Actor, state: State
) -> Outcome:
    """The staff member's answer to the question asked."""
    turn = Turn(deps, uow, event, tr, state)
    text, step = event.text.strip(), state.get("step")
    if step == "received":
        day = _day(text)
        received_at(deps, date.fromisoformat(day))  # refused now if in the future
        return await Turn(deps, uow, event, tr, state | {"received": day}).ask("name")
    if step == "name":
        name = require_text(text, N_("name"), 120)
        return await Turn(deps, uow, event, tr, state | {"name": name}).ask("contact")
    if step == "contact":
        found = _contact(text)
        check_contact(ClientContact(state["name"], **found))  # refused now if unusable
        return await _categories(Turn(deps, uow, event, tr, state | found))
    if step == "description":
        described = require_text(text, N_("description"))
        skip = (_button(tr, "Skip", "wish:skip"),)
        return await Turn(deps, uow, event, tr, state | {"description": described}).ask(
            "wish", skip
        )
    if step == "wish":
        return await _record(Turn(deps, uow, event, tr, state | {"wish": text[:1000]}), actor)
    return await turn.ask(str(step or "name"))


async def _categories(turn: Turn) -> Outcome:
    tr = turn.tr
    rows = tuple(
        (Button(c.label.in_language(tr.language), data("s", "nr", f"category:{c.code}")),)
        for c in turn.deps.profile.categories
    )
    return await turn.ask("category", rows)


def _day(text: str) -> str:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()  # noqa: DTZ007 - a day
    except ValueError:
        raise InvalidInput(N_("{value} is not a date: write it DD/MM/YYYY."), value=text) from None


def _contact(text: str) -> dict[str, str]:
    """Each line is an email address, a phone number, or else a postal address."""
    found: dict[str, str] = {}
    address: list[str] = []
    for line in (x.strip() for x in text.splitlines() if x.strip()):
        if "@" in line:  # an email address (a mistyped one is refused, not posted)
            found["email"] = line
        elif PHONE.match(line):
            found["phone"] = line
        else:
            address.append(line)
    if address:
        found["postal_address"] = ", ".join(address)
    return found


async def _record(turn: Turn, actor: Actor) -> Outcome:
    s, tr = turn.state, turn.tr
    contact = ClientContact(s["name"], s.get("email"), s.get("phone"), s.get("postal_address"))
    wish = s.get("wish") or tr.gettext("Not stated")
    complaint = FileComplaint(s["category"], s["description"], desired_text=wish)
    received = date.fromisoformat(s["received"])
    command = RecordComplaint(Channel(s["channel"]), received, contact, complaint)
    recorded = await record_complaint(turn.deps, actor, command)
    await form_slot(turn.uow, turn.event).clear()
    text = tr.gettext(
        "✅ Recorded as {reference}. Its card follows; the process is the same as for a "
        "complaint filed in the chat.",
        reference=recorded.reference,
    )
    return Outcome().say(turn.event, text)
