"""A partial update written with only its changes of style (:mod:`quiz.tui.sgr_output`) shows what Textual's own
writing of it shows: every cell, character, colours, attributes and link, played into a terminal emulator (pyte)
and into a small SGR interpreter that also knows the attributes pyte leaves out (dim, conceal, overline, frame,
double underline). On random updates in all three colour systems, and on the frames of a session in the app.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pyte
import pytest
from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from terminal_cells import PLAIN_PEN, play
from textual._compositor import ChopsUpdate
from textual.app import App
from textual.strip import Strip
from tui_helpers import SIZE

import quiz.tui.sgr_output as sgr_output
from quiz.tui.app import QuizApp
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.sgr_output import PLAIN, Look, SgrDiffUpdate, SgrEncoder, change


def emulated(output: str, width: int, height: int) -> list[list[Any]]:
    """The screen pyte shows once ``output`` is written on a blank one: every cell's character and rendition."""
    screen = pyte.Screen(width, height)
    pyte.Stream(screen).feed(output)
    return [[screen.buffer[y][x] for x in range(width)] for y in range(height)]


def written(update: ChopsUpdate, console: Console, encoder: SgrEncoder) -> tuple[str, str]:
    """Textual's writing of ``update``, and ours."""
    return ChopsUpdate.render_segments(update, console), SgrDiffUpdate(update, encoder).render_segments(console)


def differences(theirs: str, ours: str, width: int, height: int) -> list[str]:
    """Where Textual's writing of an update and ours show something else: empty if they show the same."""
    found: list[str] = []
    their_cells, _ = play(theirs)
    our_cells, our_pen = play(ours)
    if their_cells != our_cells:
        found += [f"cell {where}: {their_cells.get(where)} != {our_cells.get(where)}"
                  for where in sorted(set(their_cells) | set(our_cells))
                  if their_cells.get(where) != our_cells.get(where)][:3]  # fmt: skip
    if our_pen != PLAIN_PEN:
        found.append(f"ends in {our_pen}, not the plain style")
    their_screen, our_screen = emulated(theirs, width, height), emulated(ours, width, height)
    for y, (their_row, our_row) in enumerate(zip(their_screen, our_screen, strict=True)):
        for x, (their_cell, our_cell) in enumerate(zip(their_row, our_row, strict=True)):
            if their_cell != our_cell:
                found.append(f"pyte cell {x, y}: {their_cell} != {our_cell}")
    return found


# --- Random updates ----------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 48, 8
ATTRIBUTES = ["bold", "dim", "italic", "underline", "blink", "blink2", "reverse", "conceal", "strike"]
ATTRIBUTES += ["underline2", "frame", "encircle", "overline"]
COLOURS = [None, None, "default", "red", "bright_cyan", "color(93)", "color(250)", "#1e90ff", "#202020", "#fafafa"]
TEXTS = ["a", "bc", " ", "   ", "█", "•", "é", "日", "xyz", ""]


def random_style(rng: random.Random, system: str) -> Style | None:
    if rng.random() < 0.12:
        return None
    chosen = rng.sample(ATTRIBUTES, rng.choice([0, 0, 1, 1, 2, 3, 5]))
    attributes = {name: rng.random() < 0.85 for name in chosen}  # some set to off: "not bold"
    link = "https://example.com/card" if rng.random() < 0.05 else None
    # Styles of one colour system never equal another's (``meta``, which draws nothing): Textual keeps the first
    # writing of a style on it, and Rich hands out an equal style of an earlier test when it splits a segment.
    meta = {"system": system}
    return Style(color=rng.choice(COLOURS), bgcolor=rng.choice(COLOURS), link=link, meta=meta, **attributes)


def random_strip(rng: random.Random, width: int, styles: list[Style | None]) -> Strip:
    segments: list[Segment] = []
    left = width
    while left > 0:
        text = rng.choice(TEXTS)
        if cell_len(text) > left:
            text = " " * left
        segments.append(Segment(text, rng.choice(styles)))
        left -= cell_len(text)
    return Strip(segments, width)


def random_update(rng: random.Random, kept: list[Strip], system: str) -> ChopsUpdate:
    """Every line cut into chops (some None, some strips seen in earlier updates), and spans over some lines that
    take chops whole, in part, or not at all."""
    styles = [random_style(rng, system) for _ in range(6)]
    chops: list[dict[int, Strip | None]] = []
    ends: list[list[int]] = []
    spans: list[tuple[int, int, int]] = []
    for y in range(HEIGHT):
        cuts = sorted(rng.sample(range(1, WIDTH), rng.randint(0, 4)))
        line: dict[int, Strip | None] = {}
        line_ends: list[int] = []
        for x, end in zip([0, *cuts], [*cuts, WIDTH], strict=True):
            same_width = [strip for strip in kept if strip.cell_length == end - x]
            if same_width and rng.random() < 0.3:
                line[x] = rng.choice(same_width)
            else:
                line[x] = None if rng.random() < 0.1 else random_strip(rng, end - x, styles)
            line_ends.append(end)
        kept += [strip for strip in line.values() if strip is not None]
        chops.append(line)
        ends.append(line_ends)
        if rng.random() < 0.8:
            x1 = rng.choice([0, 0, rng.randrange(WIDTH)])
            spans.append((y, x1, rng.choice([WIDTH, rng.randint(x1, WIDTH)])))
    return ChopsUpdate(chops, spans or [(0, 0, WIDTH)], ends)


SYSTEMS = ("truecolor", "256", "standard")


def random_cases(count: int, system: str, seed: int = 4) -> Iterator[tuple[ChopsUpdate, Console]]:
    """Random updates written for one colour system (Textual keeps a style's and a strip's writing for the first
    colour system it was written for: an app has one)."""
    rng = random.Random(f"{seed}-{system}")
    kept: list[Strip] = []
    console = Console(color_system=system, force_terminal=True)  # type: ignore[arg-type]
    for _ in range(count):
        yield random_update(rng, kept, system), console


@pytest.mark.parametrize("system", SYSTEMS)
def test_random_updates_show_the_same_cells(system: str) -> None:
    encoder = SgrEncoder()  # one for all: what it keeps of strips, looks and changes is used across updates
    shorter = 0
    for number, (update, console) in enumerate(random_cases(60, system)):
        theirs, ours = written(update, console, encoder)
        assert differences(theirs, ours, WIDTH, HEIGHT) == [], f"update {number}"
        shorter += len(ours) < len(theirs)
    assert shorter >= 57  # and is shorter: nearly always (an update of one plain cell cannot be)


def test_an_encoder_whose_caches_start_afresh_writes_the_same_cells() -> None:
    encoder = SgrEncoder()
    encoder.KEPT = 3  # its strips, looks and changes dropped every few entries, in the middle of updates
    for number, (update, console) in enumerate(random_cases(30, "256", seed=9)):
        assert differences(*written(update, console, encoder), WIDTH, HEIGHT) == [], f"update {number}"
    assert len(encoder._strips) <= 3 and len(encoder._looks) <= 3 and len(encoder._changes) <= 3


def test_one_encoder_writes_for_the_colour_system_it_is_given() -> None:
    encoder = SgrEncoder()
    strip = Strip([Segment("x", Style(color="#1e90ff"))], 1)
    update = ChopsUpdate([{0: strip}], [(0, 0, 1)], [[1]])
    written = {
        system: SgrDiffUpdate(update, encoder).render_segments(Console(color_system=system, force_terminal=True))  # type: ignore[arg-type]
        for system in SYSTEMS
    }
    assert written == {
        "truecolor": "\x1b[1;1H\x1b[38;2;30;144;255mx\x1b[0m",
        "256": "\x1b[1;1H\x1b[38;5;33mx\x1b[0m",
        "standard": "\x1b[1;1H\x1b[94mx\x1b[0m",
    }


WRONG_CHANGES: dict[str, Callable[[Look, Look], str]] = {
    # Only turns on what is new: an attribute or colour that goes is never turned off.
    "nothing turned off": lambda old, new: change(PLAIN, new).replace("\x1b[0;", "\x1b[") if new != PLAIN else "",
    # Turns attributes off but never colours back to the default.
    "no default colours": lambda old, new: change(old, new).replace(";39", "").replace(";49", ""),
    # Ends a strip that takes the default style with its predecessor's style.
    "no reset to plain": lambda old, new: "" if new == PLAIN else change(old, new),
}


@pytest.mark.parametrize("wrong", WRONG_CHANGES)
def test_a_wrong_change_of_style_is_found(wrong: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sgr_output, "change", WRONG_CHANGES[wrong])
    encoder = SgrEncoder()
    cases = random_cases(60, "truecolor")
    assert any(differences(*written(update, console, encoder), WIDTH, HEIGHT) for update, console in cases)


def test_a_change_writes_only_what_differs_or_a_reset_when_shorter() -> None:
    def seen(style: Style) -> Look:
        return sgr_output.look(style, ColorSystem.TRUECOLOR)

    bold_dim_red = seen(Style(bold=True, dim=True, color="red"))
    assert change(bold_dim_red, seen(Style(bold=True, color="red"))) == "\x1b[22;1m"  # 22 ends dim and bold both
    assert change(bold_dim_red, seen(Style(bold=True, dim=True, color="blue"))) == "\x1b[34m"
    assert change(bold_dim_red, seen(Style(bold=True, dim=True))) == "\x1b[39m"
    assert change(bold_dim_red, PLAIN) == "\x1b[0m"
    assert change(bold_dim_red, bold_dim_red) == ""
    many = seen(Style(bold=True, italic=True, underline=True, strike=True, reverse=True, bgcolor="#102030"))
    assert change(many, seen(Style(color="red"))) == "\x1b[0;31m"  # shorter than turning five attributes off
    assert seen(Style(bold=False, color="default")) == PLAIN  # what Textual writes nothing for


def test_a_strip_written_before_is_not_taken_for_another_at_the_same_address() -> None:
    encoder = SgrEncoder()
    encoder.use(ColorSystem.TRUECOLOR)
    first = encoder.encoded(Strip([Segment("one", Style(bold=True))], 3))
    assert first is not None
    del first  # the strip may now be freed, and a new one made at its address
    for text in ("two", "six", "ten"):
        written = encoder.encoded(Strip([Segment(text, Style(bold=True))], 3))
        assert written is not None and written.body == text


# --- The app's own frames --------------------------------------------------------------------------------------


async def test_every_frame_of_a_session_shows_what_textual_writes_and_is_smaller(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    textual_display = App._display
    frames: list[tuple[int, int]] = []  # (Textual's bytes, ours) of each partial update

    def compared(self: App[Any], screen: Any, renderable: Any) -> None:
        if isinstance(renderable, SgrDiffUpdate):  # headless Textual writes nothing: write both here, and compare
            width, height = self.size
            theirs, ours = written(renderable, self.console, renderable.encoder)
            problems = differences(theirs, ours, width, height)
            assert problems == [], f"frame {len(frames) + 1}: {problems}"
            frames.append((len(theirs.encode()), len(ours.encode())))
        textual_display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", compared)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ["j", "space", "space", "j", "space", "1", "2", "3", "k", "space", "t", "space"]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("r")
        for _ in range(30):
            await pilot.pause(0.05)
            if isinstance(app.screen, DrillScreen) and app.screen.asking:
                break
        for key in ["space", "3", "space", "1"]:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(frames) >= 15  # every key drew at least one partial update, each compared
    theirs, ours = sum(t for t, _ in frames), sum(o for _, o in frames)
    assert ours < 0.85 * theirs, f"{ours} bytes written against Textual's {theirs}"  # measured: 0.76
