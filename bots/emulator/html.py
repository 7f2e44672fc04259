"""Telegram's HTML parse mode, checked the way the Bot API checks it.

Only Telegram's tag subset is allowed, tags must nest, and a bare ``<`` or ``&`` that
does not start a tag or an entity is refused ("can't parse entities")."""

from __future__ import annotations

import re
from html import unescape

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\"|='[^'<>]*')?)*)\s*>"
)
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class HtmlError(ValueError):
    """The text cannot be parsed; the message is Telegram's description."""


def _fail(reason: str, offset: int) -> HtmlError:
    return HtmlError(f"Bad Request: can't parse entities: {reason} at byte offset {offset}")


def visible_text(text: str) -> str:
    """The text as the user sees it: tags removed, entities decoded."""
    return unescape(TAG.sub("", text))


def check_html(text: str) -> str:
    """Raise HtmlError where Telegram would; return the visible text."""
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = TAG.match(text, position)
            if match is None:
                raise _fail("Unexpected character '<' (escape it as &lt;)", position)
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in ALLOWED:
                raise _fail(f'Unsupported start tag "{name}"', position)
            if closing:
                if not stack or stack[-1] != name:
                    raise _fail(f'Unmatched end tag "{name}"', position)
                stack.pop()
            else:
                stack.append(name)
            position = match.end()
        elif char == "&":
            match = ENTITY.match(text, position)
            if match is None:
                raise _fail("Unescaped '&' (escape it as &amp;)", position)
            position = match.end()
        else:
            position += 1
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"', len(text))
    return visible_text(text)
