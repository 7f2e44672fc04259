"""What a polling bot loads at start: nothing it needs only once a month."""

from __future__ import annotations

import subprocess
import sys

REPORT_LIBRARIES = ("matplotlib", "fpdf", "openpyxl", "qrcode", "uharfbuzz", "PIL", "numpy")
BOT_MODULES = (
    "reclam.cli",
    "reclam.serving",
    "bots.service",
    "bots.aiogram.adapter",
    "bots.ptb.adapter",
    "bots.telegram.dialogue.engine",
    "bots.telegram.staff.intake",
    "bots.telegram.scheduling.handlers",
)
#: the report modules a command or a bot imports to offer a report, before any is asked for
EXPORT_MODULES = (
    "core.reports.exports",
    "core.reports.pack_files",
    "core.reports.register_file",
    "core.reports.pack_file",
)


def loaded_after_importing(modules: tuple[str, ...]) -> list[str]:
    script = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"print(' '.join(m for m in {REPORT_LIBRARIES!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()


def test_the_bot_starts_without_the_pdf_chart_and_spreadsheet_libraries() -> None:
    assert loaded_after_importing(BOT_MODULES) == []


def test_the_export_modules_load_no_report_library_until_a_report_is_built() -> None:
    assert loaded_after_importing(EXPORT_MODULES) == []


def test_the_libraries_load_when_a_report_is_built() -> None:
    script = (
        "import asyncio, sys\n"
        "from core.reports import exports, pack_files\n"
        "from core.i18n import Translator\n"
        "from core.reports.formats import SheetHeading\n"
        "from tests.school import demo_profile\n"
        "async def rows():\n"
        "    yield [['REC-2026-0001'] + [''] * 20]\n"
        "tr, heading = Translator('fr'), SheetHeading('École', 'Registre', 'mars', 'hier')\n"
        "titles = [str(i) for i in range(21)]\n"
        "asyncio.run(exports.to_pdf(titles, rows(), tr, demo_profile(), heading))\n"
        "pack_files._chart(lambda ax: ax.bar([0], [1]), 'x')\n"
        f"print(' '.join(m for m in {REPORT_LIBRARIES!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert {"fpdf", "matplotlib"} <= set(done.stdout.split())
