"""Write the school's complaint procedure from its profile and the software's rules, and
keep each version: the first time a version is written, its PDF is kept among the school's
documents (outside the journal, with its SHA-256), and that day is the version's date.
Writing it again with the same profile gives the same version, date and text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.domain.authorisation import Permission
from core.domain.journal import Actor
from core.i18n import Translator
from core.usecases.common import Deps, check

MEDIA_TYPE = "application/pdf"


@dataclass(frozen=True)
class WrittenProcedure:
    version: str
    since: date  # the day this version was first written
    content: bytes
    new: bool  # this version was written for the first time now


async def write_procedure(deps: Deps, actor: Actor, language: str = "fr") -> WrittenProcedure:
    check(actor, Permission.BUILD_REPORT)
    from core.reports.procedure import (  # the PDF writer: only when asked
        ProcedureFacts,
        procedure_pdf,
        procedure_version,
        stored_name,
    )

    tr = Translator(language, deps.profile.timezone)
    version = procedure_version(deps.profile, tr.language)
    name = stored_name(version)
    now = deps.clock.now()
    async with deps.uow() as uow:
        kept = await uow.documents.reports_named(name)
        first = kept[0] if kept and kept[0].name == name else None
        if first is not None and first.created_at is not None:
            since = deps.calendar.local_date(first.created_at)
        else:
            since = deps.calendar.local_date(now)
        content = procedure_pdf(ProcedureFacts(deps.profile, version, since), tr)
        if first is None:
            await uow.documents.add(None, name, MEDIA_TYPE, content, now)
            await uow.commit()
    return WrittenProcedure(version, since, content, first is None)
