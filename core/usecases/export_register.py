"""The complaints register, as rows, for what the actor may see: a staff member's export
never holds a confidential complaint unless they are a manager, and an export posted to
the shared staff group never holds one at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from core.domain.authorisation import Permission, sees_confidential
from core.domain.journal import Actor
from core.domain.periods import ComplaintFilter
from core.i18n import Translator
from core.reports.register import ActionWords, RegisterRows
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
    """Rows from the register's flat projection, streamed batch by batch."""
    tr = Translator(command.language, deps.profile.timezone)
    rows = RegisterRows(deps.profile, deps.calendar, tr)
    confidential = sees_confidential(actor) and not command.shared
    async with deps.uow() as uow:
        lines = uow.register.lines(
            command.filter, deps.profile.timezone, confidential, ActionWords.of(tr)
        )
        async for batch in lines:
            yield [rows.row(line) for line in batch]
