"""Staff commands in the staff group: /open, /overdue, /show REF, /find TEXT.
Confidential complaints never appear in the group, whoever asks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.view import Outcome
from bots.telegram.identity import account, telegram_id
from bots.telegram.markup import NEWLINE, Html, HtmlTranslator, h
from bots.telegram.staff.card import CardFacts, card_buttons, card_text
from bots.telegram.staff.data_commands import erase_command
from bots.telegram.staff.invite_command import invite_command
from bots.telegram.staff.meeting_commands import meeting_command
from bots.telegram.staff.plan_command import plan_command
from bots.telegram.staff.report_commands import register_command, report_command
from core import wording
from core.domain.authorisation import Permission
from core.domain.complaint import Complaint
from core.domain.deadlines import DeadlineCalendar, DeadlineState
from core.domain.enums import OPEN_STATUSES, Role, Status
from core.domain.errors import N_, InvalidInput, NotFound
from core.domain.journal import Actor
from core.i18n import Translator
from core.reports.timeline import timeline
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.common import UNKNOWN_REFERENCE, Deps, check
from core.usecases.list_complaints import ALL_STATUSES, list_complaints, urgency
from core.usecases.remove_staff_member import RemoveStaffMember, remove_staff_member
from core.usecases.view_complaint import view_complaint

MAX_LINES = 30
ROLES = frozenset(r.value for r in Role)
MARK = {DeadlineState.OVERDUE: "🔴", DeadlineState.DUE_SOON: "🟠", DeadlineState.ON_TIME: "🟢"}


def _due(c: Complaint, calendar: DeadlineCalendar, deps: Deps) -> tuple[DeadlineState, str]:
    due = c.acknowledge_by if c.acknowledgement is None else c.answer_by
    if due is None:
        return DeadlineState.ON_TIME, ""
    return calendar.state(due, deps.clock.now()), due.isoformat()


StaffCommand = Callable[[Deps, Event, HtmlTranslator, Actor, Outcome], Awaitable[Outcome]]


def _line(c: Complaint, tr: HtmlTranslator, calendar: DeadlineCalendar, deps: Deps) -> Html:
    state, _ = _due(c, calendar, deps)
    due = c.acknowledge_by if c.acknowledgement is None else c.answer_by
    what = tr.gettext("acknowledge") if c.acknowledgement is None else tr.gettext("answer")
    priority = c.evaluation.priority.label if c.evaluation else "P?"
    when = tr.date(due, "short") if due else "—"
    return Html("{} <b>{}</b> {} — {} — {} {}").format(
        MARK[state], c.reference, priority, c.subject[:60], what, when
    )


async def _visible(deps: Deps, actor: Actor, statuses: frozenset[Status]) -> list[Complaint]:
    return [c for c in await list_complaints(deps, actor, statuses) if not c.confidential]


async def _listing(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    """/open (overdue first) and /overdue."""
    calendar = deps.calendar
    found = await _visible(deps, actor, OPEN_STATUSES)
    overdue = [c for c in found if _due(c, calendar, deps)[0] is DeadlineState.OVERDUE]
    only_late = event.command == "overdue"
    shown = overdue if only_late else (overdue + [c for c in found if c not in overdue])
    shown = sorted(shown, key=lambda c: (c not in overdue, urgency(c)))
    title = (
        tr.gettext("<b>Overdue complaints</b>")
        if only_late
        else tr.gettext("<b>Open complaints</b>, overdue first")
    )
    lines = [_line(c, tr, calendar, deps) for c in shown[:MAX_LINES]]
    return o.say(event, NEWLINE.join([title, *lines]) if lines else tr.gettext("Nothing here."))


async def _show(deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome) -> Outcome:
    file = await view_complaint(deps, actor, event.args)
    if file.complaint.confidential:  # never in the group: as if it did not exist
        raise NotFound(UNKNOWN_REFERENCE, reference=file.complaint.reference)
    facts = CardFacts(file.complaint, file.client, file.history, deps.clock.now())
    text = card_text(facts, deps.profile, tr, deps.calendar)
    o.say(event, text, card_buttons(file.complaint, tr))
    plain = Translator(tr.language, deps.profile.timezone)  # the timeline is plain text
    recent = timeline(plain, file.journal)[-15:]
    return o.say(event, NEWLINE.join(h(line[:300]) for line in recent))


async def _find(deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome) -> Outcome:
    needle = event.args.strip().lower()
    if len(needle) < 3:
        raise InvalidInput(N_("Please search for at least three characters."))
    found = [
        c
        for c in await _visible(deps, actor, ALL_STATUSES)
        if needle in f"{c.reference} {c.subject} {c.description}".lower()
    ]
    lines = [_line(c, tr, deps.calendar, deps) for c in found[:MAX_LINES]]
    return o.say(event, NEWLINE.join(lines) if lines else tr.gettext("Nothing here."))


async def _usage(
    _deps: Deps, event: Event, tr: HtmlTranslator, _actor: Actor, o: Outcome
) -> Outcome:
    return o.say(
        event,
        tr.gettext(
            "Staff commands: /new, /open, /overdue, /show REC-YYYY-NNNN, /find text, "
            "/register [period] [format], /report [period], /plan; for managers, /staff, /invite, "
            "/meeting and /erase REC-YYYY-NNNN."
        ),
    )


async def run_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    """A command in the staff group (or a staff member's private chat)."""
    handler = COMMANDS.get(event.command or "", _usage)
    return await handler(deps, event, tr, actor, o)


async def staff_directory(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    """/staff, /staff add ID ROLE NAME, /staff remove ID: the directory, for managers."""
    words = event.args.split()
    if words[:1] == ["add"] and len(words) >= 4 and words[1].isdigit() and words[2] in ROLES:
        member = await add_staff_member(
            deps,
            actor,
            AddStaffMember(account(int(words[1])), " ".join(words[3:]), Role(words[2])),
        )
        return o.say(
            event,
            tr.gettext(
                "{name} added as {role}.", name=h(member.name), role=wording.role(tr, member.role)
            ),
        )
    if words[:1] == ["remove"] and len(words) == 2 and words[1].isdigit():
        member = await remove_staff_member(deps, actor, RemoveStaffMember(account(int(words[1]))))
        return o.say(
            event, tr.gettext("{name} removed from the staff directory.", name=h(member.name))
        )
    if words:
        raise InvalidInput(
            N_(
                "Use /staff, /staff add ID ROLE NAME or /staff remove ID "
                "(roles: manager, agent, instructor)."
            )
        )
    check(actor, Permission.MANAGE_STAFF)
    async with deps.uow() as uow:
        members = await uow.staff.list()
    lines = [
        Html("• {} — {} (#{})").format(m.name, wording.role(tr, m.role), telegram_id(m))
        for m in members
    ]
    return o.say(event, NEWLINE.join([tr.gettext("<b>Staff directory</b>"), *lines]))


#: the staff commands, and what each does
COMMANDS: dict[str, StaffCommand] = {
    "open": _listing,
    "overdue": _listing,
    "show": _show,
    "find": _find,
    "staff": staff_directory,
    "register": register_command,
    "report": report_command,
    "meeting": meeting_command,
    "plan": plan_command,
    "erase": erase_command,
    "invite": invite_command,
}
