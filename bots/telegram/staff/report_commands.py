"""/register and /report: the register or the quality-meeting pack, as a file in the chat
that asked. In the shared staff group a register never holds a confidential complaint."""

from __future__ import annotations

from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import DocumentReply
from bots.telegram.dialogue.view import Outcome
from bots.telegram.identity import account
from bots.telegram.markup import Html, HtmlTranslator
from core.domain.enums import OPEN_STATUSES, Status
from core.domain.errors import N_, InvalidInput
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter, Period, month_of, parse_period
from core.reports.formats import ExportFormat
from core.reports.pack_file import PackFormat, pack_file
from core.reports.register_file import ReportFile, register_file
from core.usecases.common import Deps
from core.usecases.export_register import ExportRegister

FORMATS = frozenset(f.value for f in ExportFormat)
PACK_FORMATS = frozenset(f.value for f in PackFormat)
STATUSES = {s.value: frozenset({s}) for s in Status} | {"open": OPEN_STATUSES}


async def keep_and_send(
    deps: Deps, event: Event, file: ReportFile, caption: Html
) -> DocumentReply:
    """Keep the file in the documents table (the record of what was sent) and send it."""
    async with deps.uow() as uow:
        kept = await uow.documents.add(
            None, file.name, file.media_type, file.content, deps.clock.now()
        )
        await uow.commit()
    return DocumentReply(event.chat_id, kept.id, caption)


def register_request(deps: Deps, args: str) -> tuple[ComplaintFilter, ExportFormat]:
    """``[period] [csv|xlsx|pdf] [status] [category] [staff telegram id]``, in any order."""
    period: Period = month_of(deps.calendar.local_date(deps.clock.now()))
    fmt, statuses, category, staff = ExportFormat.XLSX, None, None, None
    for word in args.lower().split():
        if word in FORMATS:
            fmt = ExportFormat(word)
        elif word[:1].isdigit() and "-" in word:
            period = parse_period(word)
        elif word in STATUSES:
            statuses = STATUSES[word]
        elif deps.profile.category(word) is not None:
            category = word
        elif word.isdigit():
            staff = int(word)
        else:
            raise InvalidInput(
                N_(
                    "Use /register [period] [csv|xlsx|pdf] [status] [category] "
                    "[staff member's Telegram id], for example /register 2026-11 pdf."
                )
            )
    return ComplaintFilter(period, statuses, category, staff), fmt


async def register_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    f, fmt = register_request(deps, event.args)
    if f.staff_id is not None:  # typed as a Telegram id; the filter wants the directory's
        async with deps.uow() as uow:
            member = await uow.staff.by_chat(account(f.staff_id))
        if member is None:
            raise InvalidInput(N_("Nobody in the staff directory has this Telegram id."))
        f = ComplaintFilter(f.received, f.statuses, f.category, member.id)
    command = ExportRegister(f, tr.language, shared=not event.is_private)
    file = await register_file(deps, actor, command, fmt)
    caption = tr.gettext(
        "Complaints register {period}", period=f.received.label if f.received else ""
    )
    o.replies.add(await keep_and_send(deps, event, file, caption))
    return o


async def report_command(
    deps: Deps, event: Event, tr: HtmlTranslator, actor: Actor, o: Outcome
) -> Outcome:
    """/report [period] [pdf|json|csv]: by default last month's pack, as a PDF."""
    this_month = month_of(deps.calendar.local_date(deps.clock.now()))
    period, fmt = this_month.previous(), PackFormat.PDF
    for word in event.args.lower().split():
        if word in PACK_FORMATS:
            fmt = PackFormat(word)
        elif word[:1].isdigit():
            period = parse_period(word)
        else:
            raise InvalidInput(
                N_("Use /report [period] [pdf|json|csv], for example /report 2026-11.")
            )
    file = await pack_file(deps, actor, period, fmt, tr.language)
    caption = tr.gettext("Quality meeting pack — {period}", period=period.label)
    o.replies.add(await keep_and_send(deps, event, file, caption))
    return o
