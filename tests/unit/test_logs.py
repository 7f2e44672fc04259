"""The process's logs: JSON a line with the work's context, text with it as a suffix, and
the libraries' chatter kept quiet unless asked for."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from core.logcontext import bound, note
from reclam.logs import LIBRARIES, configure_logging
from reclam.settings import Settings


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in LIBRARIES}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.mark.usefixtures("restore_logging")
def test_a_json_line_carries_the_update_the_chat_and_the_complaint_noted_during_the_work() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "json", stream=stream)
    with bound(update=41, chat=501):
        note(complaint="R-2026-0007")
        logging.getLogger("bots.test").info("update %s processed", 41)
    logging.getLogger("bots.test").warning("outside any work")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "update 41 processed"
    assert (first["update"], first["chat"], first["complaint"]) == (41, 501, "R-2026-0007")
    assert first["level"] == "INFO"
    assert first["logger"] == "bots.test"
    assert "update" not in second


@pytest.mark.usefixtures("restore_logging")
def test_an_error_stays_one_json_line_with_its_traceback_inside() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "json", stream=stream)
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("bots.test").exception("update 3 failed")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert "ValueError: boom" in json.loads(lines[0])["error"]


@pytest.mark.usefixtures("restore_logging")
def test_a_text_line_ends_with_the_context_as_key_value_pairs() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "text", stream=stream)
    with bound(update=7, chat=-100123):
        logging.getLogger("bots.test").info("hello")
    assert stream.getvalue().rstrip().endswith("INFO bots.test hello update=7 chat=-100123")


@pytest.mark.usefixtures("restore_logging")
def test_the_libraries_chatter_is_dropped_at_info_unless_their_level_is_lowered() -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", "text", stream=stream)
    logging.getLogger("apscheduler.executors.default").info("Running job tick")
    logging.getLogger("aiohttp.access").info("GET /metrics 200")
    logging.getLogger("httpx").info("HTTP Request: POST https://x/bot123:SECRET/getMe")
    logging.getLogger("fontTools.subset").info("glyf subsetted")
    logging.getLogger("reclam.test").debug("ours")
    assert stream.getvalue().count("\n") == 1
    assert "ours" in stream.getvalue()
    configure_logging("INFO", "text", libraries="INFO", stream=stream)
    logging.getLogger("apscheduler.executors.default").info("Running job tick")
    assert "Running job tick" in stream.getvalue()


def test_the_log_settings_come_from_the_environment_in_any_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RECLAM_LOG_LEVEL", "debug")
    monkeypatch.setenv("RECLAM_LOG_FORMAT", "JSON")
    settings = Settings()
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")
    assert settings.log_libraries_level == "WARNING"
    monkeypatch.setenv("RECLAM_LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="log_format"):
        Settings()
