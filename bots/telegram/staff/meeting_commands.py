"""/meeting, for managers: record a quality meeting in one message, see who has read its
conclusions, and mark its actions done.

    /meeting 24/11/2026
    Présents : Claire Martin, Sami Benali, Marc Petit
    Conclusions : …
    Action : Afficher le planning des moniteurs ; Sami Benali ; 15/12/2026
"""

from __future__ import annotations

from datetime import date, datetime

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome
from bots.telegram.identity import telegram_id
from bots.telegram.markup import NEWLINE, Html, HtmlTranslator, h
from bots.telegram.staff.meeting_notices import meeting_items
from core.domain.authorisation import Permission
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.people import StaffMember
from core.usecases.acknowledge_meeting import acknowledge_meeting
from core.usecases.common import Deps, check
from core.usecases.complete_meeting_action import CompleteMeetingAction, complete_meeting_action
from core.usecases.record_meeting import RecordMeeting, record_meeting

USAGE = N_(
    "Record a quality meeting in one message:\n"
    "/meeting DD/MM/YYYY\n"
    "Attendees: names\n"
    "Conclusions: what was concluded\n"
    "Action: description ; owner's name ; DD/MM/YYYY (one line per action)\n\n"
    "/meeting status — who has read the last meeting's conclusions\n"
    "/meeting done N result — action N of the last meeting is done"
)


def parse_day(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise InvalidInput(N_("{value} is not a date (DD/MM/YYYY)."), value=text.strip())


def _owner(name: str, staff: list[StaffMember]) -> int:
    wanted = name.strip().lower()
    for member in staff:
        if member.id and wanted in (member.name.lower(), str(telegram_id(member))):
            return member.id
    raise InvalidInput(N_("{name} is not in the staff directory."), name=name.strip())


def parse_meeting(
    tr: HtmlTranslator, args: str, staff: list[StaffMember], today: date
) -> RecordMeeting:
    first, _, body = args.partition("\n")
    held_on = parse_day(first) if first.strip() else today
    labels = {
        tr.gettext("Attendees").lower(): "attendees",
        str(tr.gettext("Conclusions")).lower(): "conclusions",
        str(tr.gettext("Action")).lower(): "action",
    }
    found: dict[str, list[str]] = {"attendees": [], "conclusions": [], "action": []}
    current = None
    for line in body.splitlines():
        key, colon, rest = line.partition(":")
        if colon and key.strip().lower() in labels:
            current = labels[key.strip().lower()]
            found[current].append(rest.strip())
        elif current is not None and line.strip():
            found[current][-1] += "\n" + line.strip()
    actions = []
    for line in found["action"]:
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3:
            raise InvalidInput(N_("An action reads: description ; owner's name ; DD/MM/YYYY."))
        actions.append((parts[0], _owner(parts[1], staff), parse_day(parts[2])))
    if not found["conclusions"]:
        raise InvalidInput(USAGE)
    return RecordMeeting(
        held_on,
        " ".join(found["attendees"]),
        "\n".join(found["conclusions"]),
        tuple(actions),
        tr.language,
    )


async def meeting_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    check(actor, Permission.RECORD_MEETING)
    word = event.args.split(None, 1)[0].lower() if event.args.strip() else ""
    if word in ("", "help", "aide"):
        return o.say(event, tr.gettext(USAGE))
    if word == "status":
        return o.say(event, await _status(deps, tr))
    if word == "done":
        return o.say(event, await _done(deps, tr, actor, event.args.split(None, 2)[1:]))
    async with deps.uow() as uow:
        staff = await uow.staff.list()
    today = deps.calendar.local_date(deps.clock.now())
    meeting = await record_meeting(deps, actor, parse_meeting(tr, event.args, staff, today))
    async with deps.uow() as uow:  # the engine's transaction: recorded and sent, or neither
        await uow.outbox.add(meeting_items(tr, meeting, staff), deps.clock.now())
        await uow.commit()
    text = tr.ngettext(
        "Quality meeting of {date} recorded; its conclusions went to {n} collaborator.",
        "Quality meeting of {date} recorded; its conclusions went to {n} collaborators.",
        len(meeting.reads),
        date=tr.date(meeting.held_on),
    )
    return o.say(event, text)


async def _status(deps: Deps, tr: HtmlTranslator) -> Html:
    async with deps.uow() as uow:
        meeting = await uow.meetings.latest()
        staff = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
    if meeting is None:
        return tr.gettext("No quality meeting is recorded yet.")
    read = [staff.get(s, "?") for s, at in meeting.reads.items() if at is not None]
    unread = [staff.get(s, "?") for s in meeting.unread]
    lines = [
        tr.gettext("📋 <b>Quality meeting of {date}</b>", date=tr.date(meeting.held_on)),
        tr.gettext("Read by: {names}", names=h(", ".join(sorted(read)) or "—")),
        tr.gettext("Not read yet: {names}", names=h(", ".join(sorted(unread)) or "—")),
    ]
    for a in meeting.actions:
        state = tr.gettext("done") if a.done_at else tr.gettext("open")
        owner = staff.get(a.owner_id, "?")
        lines.append(Html("{}. {} — {} ({})").format(a.number, a.description, owner, state))
    return NEWLINE.join(lines)


async def _done(deps: Deps, tr: HtmlTranslator, actor: Actor, words: list[str]) -> Html:
    if len(words) != 2 or not words[0].isdigit():
        raise InvalidInput(USAGE)
    command = CompleteMeetingAction(int(words[0]), words[1].strip()[:1000])
    if not await complete_meeting_action(deps, actor, command):
        return tr.gettext("No quality meeting is recorded yet.")
    return tr.gettext("Action {number} is done.", number=int(words[0]))


async def read_button(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome, value: str
) -> Outcome:
    if not value.isdigit():
        return o.toast(event, tr.gettext("This button is not valid."), alert=True)
    recorded = await acknowledge_meeting(deps, actor, int(value))
    text = (
        tr.gettext("Thank you, your reading is recorded.")
        if recorded
        else tr.gettext("Your reading was already recorded.")
    )
    return o.toast(event, text)
