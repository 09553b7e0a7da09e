"""A small terminal for the TUI tests (a plain module, on ``sys.path`` like tui_helpers): the cells an update
writes, each character with all that it is drawn with, whatever SGR sequences got it there. It knows every SGR
attribute Textual writes (pyte leaves out dim, conceal, overline, frame and double underline), the colour codes of
all three colour systems, OSC 8 links and cursor moves; anything else in the output fails the test reading it."""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.cells import cell_len

_ON = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"}
_OFF = {"22": {"1", "2"}, "23": {"3"}, "24": {"4", "21"}, "25": {"5", "6"}, "27": {"7"}, "28": {"8"}, "29": {"9"}}
_OFF |= {"54": {"51", "52"}, "55": {"53"}}
_TOKEN = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[([0-9;]*)m|\x1b\]8;([^;\x1b]*);([^\x1b]*)\x1b\\|\n|([^\x1b\n])")


class Pen(NamedTuple):
    attributes: frozenset[str]
    color: str | None
    bgcolor: str | None
    link: str | None


PLAIN_PEN = Pen(frozenset(), None, None, None)


def _colour(codes: list[str], index: int) -> tuple[str | None, int]:
    """The colour an SGR colour code at ``codes[index]`` sets (None: the default), and the index after it."""
    code = codes[index]
    if code in ("38", "48"):
        if codes[index + 1] == "5":
            return f"256:{codes[index + 2]}", index + 3
        return f"rgb:{':'.join(codes[index + 2 : index + 5])}", index + 5
    return (None if code in ("39", "49") else code), index + 1


def sgr(pen: Pen, parameters: str) -> Pen:
    codes = parameters.split(";") if parameters else ["0"]
    attributes, color, bgcolor = set(pen.attributes), pen.color, pen.bgcolor
    index = 0
    while index < len(codes):
        code = codes[index]
        number = int(code or "0")
        if number == 0:
            attributes, color, bgcolor = set(), None, None
            index += 1
        elif code in _ON:
            attributes.add(code)
            index += 1
        elif code in _OFF:
            attributes -= _OFF[code]
            index += 1
        elif 30 <= number <= 39 or 90 <= number <= 97:
            color, index = _colour(codes, index)
        elif 40 <= number <= 49 or 100 <= number <= 107:
            bgcolor, index = _colour(codes, index)
        else:
            raise AssertionError(f"SGR code {code} in {parameters!r}")
    return Pen(frozenset(attributes), color, bgcolor, pen.link)


def play(output: str) -> tuple[dict[tuple[int, int], tuple[str, Pen]], Pen]:
    """The cells ``output`` writes on a blank screen (character and pen, by column and row), and the pen it ends
    with."""
    cells: dict[tuple[int, int], tuple[str, Pen]] = {}
    x = y = 0
    pen = PLAIN_PEN
    for match in _TOKEN.finditer(output):
        row, column, parameters, _link_params, link, char = match.groups()
        if row is not None:
            x, y = int(column) - 1, int(row) - 1
        elif parameters is not None:
            pen = sgr(pen, parameters)
        elif link is not None:
            pen = pen._replace(link=link or None)
        elif char is not None:
            cells[x, y] = (char, pen)
            x += cell_len(char)
    assert "".join(m.group(0) for m in _TOKEN.finditer(output)) == output, "output the interpreter cannot read"
    return cells, pen


def cells(output: str) -> dict[tuple[int, int], tuple[str, Pen]]:
    """The cells ``output`` writes on a blank screen, by column and row."""
    return play(output)[0]
