"""Text from outside quiz (deck files, typed answers, imported records, file names) made safe to print and store.

A terminal obeys the control characters in what it is sent: ``\\x1b]0;TITLE\\x07`` retitles the window, ``\\x1b[2J``
wipes the screen. :func:`printable` is the one function every printer calls (the CLI, the app, the Markdown
reports): each C0 or C1 control character (and DEL) becomes a visible escape such as ``\\x1b``, and so does a lone
surrogate (``\\ud800``), which no terminal encoding can write. Newlines and tabs are kept where the text may span
lines. :func:`storable` is for text about to be saved: a lone surrogate (from undecodable input) becomes U+FFFD, so
SQLite and JSON can encode it and the answer is kept. :func:`control_character` finds what a deck must not contain.
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 controls but tab and newline, DEL, C1 controls."""
_UNPRINTABLE_LINE = re.compile(f"[\t\n{_CONTROL}\ud800-\udfff]")
_UNPRINTABLE_MULTILINE = re.compile(f"[{_CONTROL}\ud800-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\ud800-\udfff]")
_CONTROL_LINE = re.compile(f"[\t\n{_CONTROL}]")
_CONTROL_MULTILINE = re.compile(f"[{_CONTROL}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character and lone surrogate shown as an escape (``\\x1b``, ``\\x07``,
    ``\\ud800``); with ``multiline``, newlines and tabs are kept as they are."""
    pattern = _UNPRINTABLE_MULTILINE if multiline else _UNPRINTABLE_LINE
    return pattern.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text as ``json.dumps(..., ensure_ascii=False)`` writes it, with what that leaves unescaped but a terminal
    would act on or cannot write (DEL, C1 controls, lone surrogates) as ``\\u`` escapes: the same JSON value."""
    return _JSON_UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def storable(text: str) -> str:
    """``text`` with each lone surrogate (an undecodable byte, a half pair) replaced by U+FFFD; a proper pair is
    joined into its character. Everything else is kept: the result always encodes as UTF-8."""
    if not _LONE_SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def control_character(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first control character in ``text`` and its index, or None. With ``multiline``, newlines and tabs are
    allowed."""
    match = (_CONTROL_MULTILINE if multiline else _CONTROL_LINE).search(text)
    return (match.start(), match.group()) if match else None
