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


def test_the_libraries_load_when_a_report_is_built() -> None:
    loaded = loaded_after_importing(("core.reports.exports", "core.reports.pack_files"))
    assert {"fpdf", "openpyxl", "matplotlib"} <= set(loaded)
