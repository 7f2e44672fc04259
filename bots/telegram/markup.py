"""Telegram's HTML, written safely: every piece of user or staff text that enters an HTML
message is escaped here, and only here.

``Html`` is text already safe to send in HTML mode (markupsafe's ``Markup``): joining,
concatenating or formatting it escapes whatever plain text comes in. ``HtmlTranslator``
returns ``Html`` and escapes every parameter it formats, so a domain error's parameters
or a client's input can never break a message. ``Reply.text`` is typed ``Html``, so mypy
(strict, in CI) refuses a message built from plain text."""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from core.domain.errors import DomainError
from core.i18n import Translator

Html = Markup
TAG = re.compile(r"<[^>]+>")
NEWLINE = Markup("\n")
EMPTY = Markup("")


def h(text: object) -> Html:
    """Plain text (a client's words, a name, a number…) made safe inside an HTML message."""
    return Markup.escape(text)


def plain(text: str) -> str:
    """What a reader sees of an HTML message (tags dropped, entities decoded), for the
    plain-text places: a button's answer, an email."""
    return plain_text(text) if isinstance(text, Markup) else text


def plain_text(message_html: str) -> str:
    """A Telegram HTML message as plain text (an email): tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", message_html))


def lines(*parts: Html | str) -> Html:
    """Lines joined into one message; plain-text lines are escaped."""
    return NEWLINE.join(parts)


class HtmlTranslator(Translator):
    """A translator for Telegram messages: the catalogue's HTML is kept, every parameter
    is escaped unless it is already ``Html``."""

    def gettext(self, msgid: str, /, **params: Any) -> Html:
        text = Markup(self._t.gettext(msgid))
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> Html:
        return Markup(self._t.ngettext(singular, plural, n)).format(n=n, **params)

    def error(self, error: DomainError) -> Html:
        return Markup.escape(super().error(error))
