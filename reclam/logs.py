"""The process's logs: a level and a format (text or one JSON object a line) from the
settings, the context of the work in every line (update, chat, complaint), and the
libraries' chatter (APScheduler's two lines every tick, aiohttp's access log, httpx's
request lines, which name the bot token in their URL) kept at WARNING unless asked."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from core.logcontext import current
from reclam.http.metrics import ErrorCounter

#: loggers quiet by default: their INFO lines are chatter, or carry the bot token
LIBRARIES = (
    "apscheduler",
    "aiohttp.access",
    "httpx",
    "httpcore",
    "aiogram",
    "telegram",
    "alembic",
    "fontTools",  # a subsetting line per table of every PDF font
    "matplotlib",
    "PIL",
)
_STANDARD = frozenset(vars(logging.makeLogRecord({})))


class ContextFilter(logging.Filter):
    """Copy the bound fields (update, chat, complaint…) into each record as ``context``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "context"):
            record.context = current()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the context, the error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "context", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The classic line, then the context as ``key=value`` pairs."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        context: dict[str, Any] = getattr(record, "context", {})
        suffix = "".join(f" {key}={value}" for key, value in context.items())
        return super().formatMessage(record) + suffix


def configure_logging(
    level: str = "INFO",
    fmt: str = "text",
    libraries: str = "WARNING",
    stream: TextIO | None = None,
) -> logging.Handler:
    """Route every log line to ``stream`` (standard error) in ``fmt``; return the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.addHandler(ErrorCounter())
    root.setLevel(level.upper())
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(libraries.upper())
    return handler
