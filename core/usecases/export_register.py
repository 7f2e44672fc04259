"""The complaints register, as rows, for what the actor may see: a staff member's export
never holds a confidential complaint unless they are a manager, and an export posted to
the shared staff group never holds one at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from core.domain.authorisation import Permission, can
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter
from core.i18n import Translator
from core.reports.register import RegisterContext, register_row
from core.usecases.common import Deps, check


@dataclass(frozen=True)
class ExportRegister:
    filter: ComplaintFilter
    language: str = "fr"
    shared: bool = False  # the export goes where everyone in the staff group reads it


def register_rows(
    deps: Deps, actor: Actor, command: ExportRegister
) -> AsyncIterator[list[list[object]]]:
    """The register's rows, in batches, oldest complaint first. The refusal comes at once,
    before any file is opened for them."""
    check(actor, Permission.EXPORT_REGISTER)
    return _rows(deps, actor, command)


async def _rows(
    deps: Deps, actor: Actor, command: ExportRegister
) -> AsyncIterator[list[list[object]]]:
    tr = Translator(command.language, deps.profile.timezone)
    async with deps.uow() as uow:
        staff = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
        async for batch in uow.complaints.matching(command.filter, deps.profile.timezone):
            shown = [
                c
                for c in batch
                if can(actor, Permission.VIEW, c) and not (command.shared and c.confidential)
            ]
            names = await uow.clients.names(sorted({c.client_id for c in shown}))
            ctx = RegisterContext(deps.profile, deps.calendar, tr, names, staff)
            yield [register_row(c, ctx) for c in shown]
