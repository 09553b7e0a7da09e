"""The one escaping function every printer calls, and the one that makes typed text storable."""

from __future__ import annotations

import json

import pytest

from quiz.text_safety import control_character, printable, printable_json, storable

TERMINAL_TRICKS = "\x1b]0;TITLE\x07\x1b[2J"


@pytest.mark.parametrize("char", [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]])
def test_every_c0_and_c1_control_is_shown_escaped(char: str) -> None:
    shown = printable(f"a{char}b")
    assert shown == f"a\\x{ord(char):02x}b"
    assert shown.isprintable()


def test_terminal_escape_sequences_become_visible_text() -> None:
    assert printable(TERMINAL_TRICKS) == "\\x1b]0;TITLE\\x07\\x1b[2J"


def test_newlines_and_tabs_only_where_text_may_span_lines() -> None:
    assert printable("a\tb\nc") == "a\\x09b\\x0ac"
    assert printable("a\tb\nc\x1b", multiline=True) == "a\tb\nc\\x1b"


def test_ordinary_text_is_untouched() -> None:
    text = "Var(W) ≈ 2 / (fan_in + fan_out) — “He” init, café, 😀"
    assert printable(text) == text
    assert storable(text) == text


def test_a_lone_surrogate_is_printable_and_storable() -> None:
    # ascii(): a lone surrogate in a failure report would break pytest-xdist, so the escaped forms are compared
    assert ascii(printable("x\ud800y")) == ascii("x\\ud800y")
    printable("x\udce9y").encode("utf-8")  # no UnicodeEncodeError
    assert ascii(storable("caf\udce9 \ud800 ok")) == ascii("caf\ufffd \ufffd ok")
    storable("\udfff\ud800").encode("utf-8")
    assert ascii(storable("\ud83d\ude00")) == ascii("😀")  # a real pair, split in two code units, is joined


def test_printable_json_is_the_same_json_with_nothing_a_terminal_acts_on() -> None:
    value = {"answer": "x\x1b[2J\x9b\x7f\ud800 é"}
    text = printable_json(json.dumps(value, ensure_ascii=False))
    assert ascii(json.loads(text)) == ascii(value)
    assert ascii(text) == ascii('{"answer": "x\\u001b[2J\\u009b\\u007f\\ud800 é"}')


def test_control_character_finds_the_first_one() -> None:
    assert control_character("ok") is None
    assert control_character("a\nb") == (1, "\n")
    assert control_character("a\nb", multiline=True) is None
    assert control_character("a\tb\x07", multiline=True) == (3, "\x07")
