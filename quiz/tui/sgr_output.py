"""A partial update written with only the changes of style between one run of text and the next.

Textual writes every segment of a frame as ``ESC[<its whole style>m text ESC[0m``: the style in full before it and a
reset after, even where the segment next to it has the same background (nearly every cell of a screen), and even
for a segment with no text at all. A study-screen reveal was 6.9 KB, and is 4.4 KB written this way (tmux
``pipe-pane``, card 1 of a fresh data dir). The terminal has to take in all of it before the frame shows (tmux, a
terminal over ssh: about 0.3 ms a KB, measured with ``make bench``).

:class:`SgrDiffUpdate` writes the very same cells: the same chops of the same lines, in the same places, each
character with the same colours and attributes. Only the SGR sequences differ. It keeps the terminal's current style
from one segment to the next (across the cursor moves between chops too, which change no style) and writes what
changes, the shorter of the difference and a reset followed by the whole new style. Segments with no text are left
out. It ends on a reset, as Textual's own output does, so what Textual writes after it starts from the plain style.
``tests/tui/test_sgr_output.py`` plays both outputs into a terminal emulator and compares every cell.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.color import ColorSystem
from rich.console import Console
from rich.control import Control
from rich.style import Style
from textual._compositor import ChopsUpdate
from textual.strip import SGR_STYLES, Strip

_ATTRIBUTE_OFF: tuple[tuple[int, str], ...] = (
    (0b11, "22"),  # bold, dim: 22 ends both
    (0b100, "23"),  # italic
    (0b1000 | 1 << 9, "24"),  # underline, double underline
    (0b110000, "25"),  # blink, rapid blink
    (1 << 6, "27"),  # reverse
    (1 << 7, "28"),  # conceal
    (1 << 8, "29"),  # strike
    (1 << 10 | 1 << 11, "54"),  # frame, encircle
    (1 << 12, "55"),  # overline
)
"""The SGR code that turns off each group of attributes (bits as in Rich's ``Style._attributes``, codes in
Textual's ``SGR_STYLES`` order); every attribute Textual writes is in one group."""


class Look(NamedTuple):
    """What a style makes the terminal draw: its attribute bits and its colours' SGR codes (None: the default)."""

    attributes: int
    color: tuple[str, ...] | None
    bgcolor: tuple[str, ...] | None


PLAIN = Look(0, None, None)
"""The terminal's state after a reset (``ESC[0m``)."""


def look(style: Style | None, color_system: ColorSystem) -> Look:
    """The look Textual writes for ``style`` (``Strip.render_ansi``): its set attributes and its colours, downgraded
    to ``color_system``; a default colour is the plain one."""
    if style is None:
        return PLAIN
    color = style._color.downgrade(color_system).get_ansi_codes() if style._color is not None else None
    bgcolor = style._bgcolor.downgrade(color_system).get_ansi_codes(False) if style._bgcolor is not None else None
    return Look(
        style._attributes & style._set_attributes,
        None if color == ("39",) else color,
        None if bgcolor == ("49",) else bgcolor,
    )


def _codes(attributes: int) -> list[str]:
    return [SGR_STYLES[bit] for bit in range(attributes.bit_length()) if attributes & (1 << bit)]


def change(old: Look, new: Look) -> str:
    """The shortest SGR sequence that turns a terminal drawing ``old`` into one drawing ``new`` ("" if the same)."""
    if old == new:
        return ""
    if new == PLAIN:
        return "\x1b[0m"
    whole = ["0", *_codes(new.attributes), *(new.color or ()), *(new.bgcolor or ())]
    removed = old.attributes & ~new.attributes
    again = 0
    codes: list[str] = []
    for group, off in _ATTRIBUTE_OFF:
        if removed & group:
            codes.append(off)
            again |= new.attributes & group  # turned off with the rest of its group: on again
    codes += _codes((new.attributes & ~old.attributes) | again)
    if new.color != old.color:
        codes += new.color or ("39",)
    if new.bgcolor != old.bgcolor:
        codes += new.bgcolor or ("49",)
    shorter = codes if len(";".join(codes)) <= len(";".join(whole)) else whole
    return f"\x1b[{';'.join(shorter)}m"


class Encoded(NamedTuple):
    """A strip written from its first look on: set that look, then ``body``; the terminal then draws ``last``."""

    strip: Strip
    first: Look
    body: str
    last: Look


class SgrEncoder:
    """Writes strips with only the change of style from each run of text to the next (see the module).

    A widget hands the compositor the same :class:`Strip` objects frame after frame from its cache of lines, so each
    strip's writing is kept (from its first look on, which is all that depends on what came before it), and so are
    the looks of styles and the changes between looks."""

    KEPT = 2048
    """Strips (and looks, and changes) kept at most; beyond it each cache starts afresh."""

    def __init__(self) -> None:
        self._color_system: ColorSystem | None = None
        self._looks: dict[Style, Look] = {}
        self._changes: dict[tuple[Look, Look], str] = {}
        self._strips: dict[int, Encoded] = {}

    def use(self, color_system: ColorSystem) -> None:
        """Write for ``color_system`` (what was kept for another is dropped)."""
        if color_system is not self._color_system:
            self._color_system = color_system
            self._looks.clear()
            self._strips.clear()

    def look(self, style: Style | None) -> Look:
        if style is None:
            return PLAIN
        found = self._looks.get(style)
        if found is None:
            assert self._color_system is not None
            if len(self._looks) >= self.KEPT:
                self._looks.clear()  # (a theme's styles are a few hundred: only theme after theme gets here)
            found = self._looks[style] = look(style, self._color_system)
        return found

    def change(self, old: Look, new: Look) -> str:
        found = self._changes.get((old, new))
        if found is None:
            if len(self._changes) >= self.KEPT:
                self._changes.clear()
            found = self._changes[old, new] = change(old, new)
        return found

    def encoded(self, strip: Strip) -> Encoded | None:
        """``strip`` written from its first look on; None if it has no text."""
        found = self._strips.get(id(strip))
        if found is not None and found.strip is strip:
            return found
        first: Look | None = None
        state = PLAIN
        out: list[str] = []
        for text, style, _control in strip:
            if not text:
                continue  # draws nothing: its style need not be set
            new = self.look(style)
            if first is None:
                first = state = new
            elif new != state:
                out.append(self.change(state, new))
                state = new
            if style is not None and style._link:
                out.append(f"\x1b]8;id={style._link_id};{style._link}\x1b\\{text}\x1b]8;;\x1b\\")
            else:
                out.append(text)
        if first is None:
            return None
        if len(self._strips) >= self.KEPT:
            self._strips.clear()
        found = self._strips[id(strip)] = Encoded(strip, first, "".join(out), state)
        return found


class SgrDiffUpdate(ChopsUpdate):
    """Textual's partial update, the same chops in the same places, written by an :class:`SgrEncoder`."""

    def __init__(self, update: ChopsUpdate, encoder: SgrEncoder) -> None:
        super().__init__(update.chops, update.spans, update.chop_ends)
        self.encoder = encoder

    def render_segments(self, console: Console) -> str:
        # ChopsUpdate.render_segments, chop for chop; only the writing of each strip differs.
        encoder = self.encoder
        encoder.use(console._color_system or ColorSystem.TRUECOLOR)
        change = encoder.change
        out: list[str] = []
        state = PLAIN
        move_to = Control.move_to
        chops = self.chops
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(self.chop_ends[y], chops[y].items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):
                    strip = strip.crop(0, min(end, x2) - x)
                out.append(move_to(x, y).segment.text)
                written = encoder.encoded(strip)
                if written is not None:
                    out.append(change(state, written.first))
                    out.append(written.body)
                    state = written.last
            if y != last_y:
                out.append("\n")
        if state != PLAIN:
            out.append("\x1b[0m")
        return "".join(out)
