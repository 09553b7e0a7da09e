"""The fast drawing paths draw what Textual's own would: frame for frame, and line for line.

- :class:`~quiz.tui.compositor.CroppingCompositor` renders fewer widgets and lines per frame than Textual's
  compositor: on every frame of a session through the study screen and a drill, what it writes to the terminal must
  be exactly what Textual's compositor writes for the same changes.
- :class:`~quiz.tui.styled_lines.ContentStylesCache` keeps styled rows by the content they show: after every key,
  the card list's and the card panel's rows must be those a fresh styles cache styles.
- The answer is drawn (and styled) ahead while the question is read: the reveal then draws nothing anew.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from rich.console import RenderableType
from terminal_cells import Pen, cells
from textual._compositor import ChopsUpdate, Compositor, CompositorUpdate, LayoutUpdate
from textual._styles_cache import StylesCache
from textual.app import App
from textual.css.styles import StylesBase
from textual.geometry import Region, Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import TextArea
from tui_helpers import SIZE, searched, study, until

from quiz.progress.drill import DrillSession
from quiz.tui.app import QuizApp
from quiz.tui.compositor import CroppingCompositor, LinesGiven
from quiz.tui.one_frame import AHEAD_DELAY
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.styled_lines import ContentStylesCache
from quiz.tui.widgets.block_text import BlockText
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.card_panel import CardPanel
from quiz.tui.widgets.demo_panel import DemoPanel

STUDY_KEYS = ["j", "j", "space", "k", "space", "space", "1", "2", "1", "3", "2", "3", "end", "space", "home"]


async def press_all(pilot: Pilot[None], keys: list[str], after: Callable[[], None] | None = None) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        if after is not None:
            after()


async def test_every_frame_is_what_textuals_compositor_draws(app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = CroppingCompositor.render_partial_update
    frames: list[str] = []

    def both(self: CroppingCompositor) -> ChopsUpdate | None:
        regions = self._dirty_regions.copy()
        update = ours(self)
        self._dirty_regions.update(regions)
        theirs = Compositor.render_partial_update(self)  # Textual's, on the same changes
        if update is None or theirs is None:
            assert update is theirs
            return update
        # The same cells, in the same styles (Textual's output also moves the cursor to spans it then writes
        # nothing to: the edge of a span that ends where the next widget starts).
        drawn = update.render_segments(app.console)
        assert cells(drawn) == cells(theirs.render_segments(app.console)), f"frame {len(frames) + 1} differs"
        frames.append(drawn)
        return update

    monkeypatch.setattr(CroppingCompositor, "render_partial_update", both)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_all(pilot, STUDY_KEYS)
        await pilot.press("slash", *"fan in")
        await searched(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await press_all(pilot, ["j", "space", "2", "2"])
        await pilot.press("r")
        for _ in range(30):
            await pilot.pause(0.05)
            if isinstance(app.screen, DrillScreen) and app.screen.asking:
                break
        await press_all(pilot, ["space", "3", "space", "3"])
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(frames) >= 25  # every key above drew at least one partial frame, each compared


def rows_as_textual_styles_them(widget: Widget) -> None:
    crop = widget.size.region
    assert widget._styles_cache.render_widget(widget, crop) == StylesCache().render_widget(widget, crop), widget


async def test_kept_rows_are_the_rows_textual_would_style(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = study(app)

        def check() -> None:
            rows_as_textual_styles_them(screen.query_one(CardList))
            rows_as_textual_styles_them(screen.query_one(CardPanel))

        await press_all(pilot, [*STUDY_KEYS, "tab", "1", "shift+tab", "space"], check)
        app.theme = "textual-light"  # new colors: rows kept in the old ones must not show
        await pilot.pause()
        check()
        await press_all(pilot, ["j", "4", "space", "4"], check)


class CountedReads:
    """Counts the reads of one style property (on any widget's styles) while in use (``with``). The property is a
    descriptor that cannot be read off the class (so not for ``monkeypatch``): put back as it was on leaving."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.reads = 0
        self._prop = StylesBase.__dict__[name]

    def __enter__(self) -> CountedReads:
        prop, counter = self._prop, self

        class Counting:
            def __get__(self, obj: object, owner: type | None = None) -> object:
                counter.reads += 1
                return prop.__get__(obj, owner)

            def __set__(self, obj: object, value: object) -> None:
                prop.__set__(obj, value)

        setattr(StylesBase, self.name, Counting())
        return self

    def __exit__(self, *_exc: object) -> None:
        setattr(StylesBase, self.name, self._prop)


async def test_a_widgets_rows_read_its_styles_once_a_rendering_and_a_new_style_shows(app: QuizApp) -> None:
    """A kept row is found by what its styling reads (border, outline, tint, ...): read once for all the rows of a
    rendering, not once a row (31 rows of the card list, on every filter); read again the next time, so a style
    changed in between shows."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = study(app).query_one(CardList)
        rows = listing.size.height
        assert rows > 20
        listing._styles_cache._cache.clear()  # every row through its styling (all of them kept by content)
        with CountedReads("border") as borders:
            listing.render_lines(listing.size.region)
        assert borders.reads <= 3, f"the border was read {borders.reads} times for {rows} rows"
        # The rows' width and first row, read once too (each a lookup in the compositor's map).
        panel = study(app).query_one(CardPanel)
        for widget, name in ((listing, "scrollable_content_region"), (panel, "content_size")):
            reads: list[Widget] = []
            prop = getattr(Widget, name)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(Widget, name, property(lambda w, prop=prop, reads=reads: reads.append(w) or prop.fget(w)))
                widget._styles_cache._cache.clear()
                widget.render_lines(widget.size.region)
            assert widget.size.height > 4 and len(reads) <= 3, f"{name} read {len(reads)} times"
        for change in ("tint", "outline"):
            if change == "tint":
                listing.styles.tint = "red 30%"
            else:
                listing.styles.outline = ("heavy", "green")
            await pilot.pause()
            rows_as_textual_styles_them(listing)


class Drawn:
    """Counts the blocks a widget draws (wraps into lines) and the times it places them (one under the other) while
    it is watched."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.blocks = 0
        self.by: list[str | None] = []
        """The id of the widget that drew each block."""
        self.placed: list[str | None] = []
        """The id of the widget each time it placed its blocks."""
        draw, place = BlockText._draw_block, BlockText._place

        def counted(widget: BlockText, *args: object, **kwargs: object) -> object:
            self.blocks += 1
            self.by.append(widget.id)
            return draw(widget, *args, **kwargs)  # type: ignore[arg-type]

        def placing(widget: BlockText, *args: object, **kwargs: object) -> None:
            self.placed.append(widget.id)
            place(widget, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(BlockText, "_draw_block", counted)
        monkeypatch.setattr(BlockText, "_place", placing)


def styled_rows(widget: Widget) -> int:
    cache = widget._styles_cache
    assert isinstance(cache, ContentStylesCache)
    return len(cache._styled)


async def test_the_answer_is_drawn_and_styled_before_the_reveal(app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = study(app).query_one(CardPanel)
        for key in ["j", "j", "j"]:  # card 4: its answer has a formula box
            await pilot.press(key)
            await pilot.pause(AHEAD_DELAY * 3)  # the user reads the question
            drawn, rows = Drawn(monkeypatch), styled_rows(panel)
            await pilot.press("space")
            await pilot.pause()
            assert panel.revealed and panel.text("card-panel--answer")
            assert (drawn.blocks, styled_rows(panel) - rows) == (0, 0), "the reveal drew or styled anew"
            assert drawn.placed == [], "the reveal placed the card's blocks anew"
            await pilot.press("space")
            await pilot.pause()


async def test_the_drill_answer_and_next_card_are_drawn_ahead(app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.asking, "the drill")
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        session = screen.session
        assert session is not None
        for n in range(3):
            await pilot.pause(AHEAD_DELAY * 10)  # the user reads the question (a margin for a loaded machine)
            drawn = Drawn(monkeypatch)
            revealed = screen.query_one("#drill-revealed", BlockText)
            rows = styled_rows(revealed)
            await pilot.press("space")
            await pilot.pause()
            assert screen.card_view.revealed and screen.card_view.text("answer")
            assert styled_rows(revealed) == rows, "the reveal styled the answer's rows anew (styled while hidden)"
            assert "drill-revealed" not in drawn.by, "the reveal drew the answer anew"
            assert "drill-revealed" not in drawn.placed, "the reveal placed the answer's blocks anew"
            await pilot.pause(AHEAD_DELAY * 10)  # the user reads the answer
            drawn = Drawn(monkeypatch)
            await pilot.press("3")
            await until(pilot, lambda graded=n + 1: session.done == graded, "the grade saved")
            await pilot.pause()
            assert screen.card_view.text("question") == session.cards[n + 1].question
            assert f"{n + 2} of {session.total}" in screen.card_view.text("position")
            assert "drill-head" not in drawn.by, "the grade drew the next card's head anew"
            assert "drill-head" not in drawn.placed, "the grade placed the next card's head anew"


class Terminal:
    """The screen as a terminal would show it: every frame the app writes (full or partial, what is left of it once
    the chops the terminal shows already are left out), written in turn."""

    def __init__(self, app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self.cells: dict[tuple[int, int], tuple[str, Pen]] = {}
        self.frames = self.full_frames = self.written = 0
        """Frames written, full frames among them, and cells written (all counted from the start)."""
        self.last: dict[tuple[int, int], tuple[str, Pen]] = {}
        """The cells the last frame wrote."""
        self.rows: list[set[int]] = []
        """The rows each frame wrote, in turn."""
        display = App._display  # what QuizApp._display hands on to be written

        def written(app: QuizApp, screen: Screen[object], update: RenderableType | None) -> None:
            if isinstance(update, CompositorUpdate):
                self.frames += 1
                self.full_frames += isinstance(update, LayoutUpdate)
                drawn = self.last = cells(update.render_segments(app.console))
                self.rows.append({y for _x, y in drawn})
                self.written += len(drawn)
                self.cells.update(drawn)
            display(app, screen, update)

        monkeypatch.setattr(App, "_display", written)

    def in_full(self) -> dict[tuple[int, int], tuple[str, Pen]]:
        """The screen drawn afresh, all of it: every widget styles its lines anew (the lines the widgets keep, shown
        or hidden, are put back after)."""
        screen = self.app.screen
        compositor = screen._compositor
        pending = compositor._dirty_regions.copy()
        kept = {widget: widget._styles_cache for widget in screen.walk_children(with_self=True)}
        for widget in kept:
            widget._styles_cache = StylesCache()
        given, compositor._drawn = compositor._drawn, {}  # and no lines given again (nor kept from this drawing)
        try:
            return cells(compositor.render_full_update().render_segments(self.app.console))
        finally:
            compositor._dirty_regions.update(pending)
            compositor._drawn = given
            for widget, cache in kept.items():
                widget._styles_cache = cache

    def differs(self) -> list[tuple[int, int]]:
        """The cells on screen (within the terminal's size now) that differ from the screen drawn afresh."""
        full = self.in_full()
        width, height = self.app.size
        on_screen = {(x, y) for x, y in full.keys() | self.cells.keys() if x < width and y < height}
        return sorted(xy for xy in on_screen if full.get(xy) != self.cells.get(xy))


async def test_focus_changes_redraw_only_what_they_change_and_the_screen_stays_whole(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual redraws the whole screen on a focus change, and the widget that gains or loses it whole; the study
    screen and the drill redraw what changed, in one frame ('a' redraws the answer box and the footer, not the drill's
    body it leaves). After every key the screen as drawn, frame by frame, is the screen drawn in full."""
    monkeypatch.setattr(TextArea, "cursor_blink", False)  # a blink is a frame of its own
    terminal = Terminal(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await study(app)._laid_out.wait()  # the search box and the demo panel are mounted after the first frame
        await pilot.pause()
        assert terminal.full_frames >= 1 and terminal.differs() == []
        # Each key, and whether it moves the focus (None: it opens, or leaves, a screen, drawn in full).
        keys: list[tuple[str, bool | None]] = [("slash", True), ("f", False), ("escape", True), ("tab", True)]
        keys += [("shift+tab", True), ("space", False), ("r", None), ("a", True), ("x", False), ("ctrl+r", True)]
        keys += [("3", False), ("a", True), ("escape", True), ("space", False), ("d", False), ("tab", True)]
        keys += [("shift+tab", True), ("3", False), ("escape", None), ("j", False)]
        for n, (key, moves_focus) in enumerate(keys):
            screen, before, frames, full = app.screen, app.screen.focused, terminal.frames, terminal.full_frames
            written = terminal.written
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if key == "r":
                await until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.asking, "the drill")
            if key == "d":  # the result is mounted once the run ends, and drawn in full (a mount redraws the screen)
                await until(pilot, lambda: app.screen.query_one(DemoPanel).has_class("-has-result"), "the demo")
                await pilot.pause()
            if moves_focus is None:
                assert app.screen is not screen, key
            else:
                assert app.screen is screen and (screen.focused is not before) == moves_focus, key
            if moves_focus:
                assert terminal.full_frames == full, f"{key} (key {n}) drew the whole screen"
            if key in ("a", "ctrl+r"):
                assert terminal.frames == frames + 1, f"{key} (key {n}) drew {terminal.frames - frames} frames"
            if key == "a":  # the answer box and the footer (5 rows): not the drill's body, which lost the focus
                assert terminal.written - written <= 5 * SIZE[0], f"a redrew {terminal.written - written} cells"
            assert terminal.differs() == [], f"after {key}, the screen as drawn is not the screen"


async def drill(app: QuizApp, pilot: Pilot[None]) -> tuple[DrillScreen, DrillSession]:
    """The drill (``r``), once its first card asks."""
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.asking, "the drill")
    screen = app.screen
    assert isinstance(screen, DrillScreen) and screen.session is not None
    return screen, screen.session


async def graded(pilot: Pilot[None], screen: DrillScreen, n: int) -> None:
    """``3`` (Good), once the ``n``-th grade is committed and the next card asks with its grade intervals read (a
    drill, not a cram: every card has intervals).

    The write runs in a worker after the next card shows, and the next card's intervals are read in another once the
    write is committed. A reveal before they arrive shows the buttons without intervals, then a frame more with them:
    a test that counted the reveal's frames, having waited only for the session and for the app to be idle, failed
    once in CI that way, and every time with the write made 0.3 s slower."""
    session = screen.session
    assert session is not None
    await pilot.press("3")

    def asking_with_intervals() -> bool:
        current = session.current
        return (
            session.done == n
            and screen.asking
            and not screen.busy
            and (current is None or (screen._intervals[0] == current.id and screen._intervals[1] is not None))
        )

    await until(pilot, asking_with_intervals, "the grade saved and the next card's intervals read")
    await pilot.pause()


def card_lines_as_textual_renders_them(card: Widget) -> None:
    """The drill card's own content lines (one blank line for all its rows) are the lines Textual renders for it."""
    ours = [card.render_line(y) for y in range(card.size.height)]
    Widget._render_content(card)  # Textual's, in place of the card's
    assert ours == list(card._render_cache.lines) and ours


async def test_what_the_drill_hides_and_shows_again_shows_as_drawn_afresh(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drill keeps the lines of the answer box, the answer, the Reveal row and the grades while they are hidden
    (:func:`~quiz.tui.widgets.in_place.set_shown`): shown again after a theme change or a resize made while they were
    hidden, or after a typed answer, they must show as a fresh drawing would."""
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    terminal = Terminal(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen, session = await drill(app, pilot)

        async def grade(n: int) -> None:
            await graded(pilot, screen, n)
            card_lines_as_textual_renders_them(screen.card_view)

        await press_all(pilot, ["space"])  # the answer box and the Reveal row hidden
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert terminal.differs() == [], "the revealed card after a theme change"
        await grade(1)  # shown again, in the new theme's colors
        assert screen.card_view.answer_box.display and terminal.differs() == [], "the next card after a theme change"
        await press_all(pilot, ["space"])
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await grade(2)
        assert terminal.differs() == [], "the next card after a resize"
        await press_all(pilot, ["a", *"he init", "ctrl+r"])  # the answer box hidden with a typed answer in it
        await grade(3)  # and shown again, empty
        assert screen.card_view.typed == "" and terminal.differs() == [], "the next card after a typed answer"
        await press_all(pilot, ["space", "u"])
        await until(pilot, lambda: session.done == 2, "the grade undone")
        await pilot.pause()
        assert terminal.differs() == [], "the undone card"


async def test_a_frame_leaves_out_what_the_terminal_shows_already(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reveal makes the drill card taller, and Textual marks all of it dirty: the card's head, unchanged, is not
    written again (quiz.tui.compositor.WrittenChops), and the screen as written is still the screen. A full frame
    (a resize) or another screen (the help) in between: the next frame writes what it changes in full."""
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    terminal = Terminal(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen, _session = await drill(app, pilot)

        def head_rows() -> set[int]:
            region = screen.card_view._head.region
            return set(range(region.y, region.bottom))

        async def grade(n: int) -> None:
            await graded(pilot, screen, n)

        await press_all(pilot, ["space"])
        await grade(1)
        frames = terminal.frames
        await press_all(pilot, ["space"])
        assert terminal.frames == frames + 1 and screen.card_view.revealed
        assert head_rows() and not head_rows() & {y for _x, y in terminal.last}, "the reveal wrote the head again"
        assert terminal.differs() == []
        frames = terminal.frames
        await grade(2)  # the next card's frame, then the status line's "✓ saved"
        question = screen.card_view._head.region_of("drill-card--question")
        assert set(range(question.y, question.bottom)) & set().union(*terminal.rows[frames:])  # the next question
        assert terminal.differs() == []

        for between in ("resize", "help"):
            if between == "resize":
                await pilot.resize_terminal(SIZE[0] - 10, SIZE[1])
            else:
                await pilot.press("question_mark")
                await pilot.pause()
                await pilot.press("escape")
            await pilot.pause()
            await press_all(pilot, ["space"])
            assert head_rows() <= {y for _x, y in terminal.last}, f"after the {between}, the head was left out"
            assert terminal.differs() == [], between
            await grade(3 if between == "resize" else 4)


async def test_what_a_reveal_moves_unchanged_is_not_rendered_again(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A study reveal moves the demo panel down, and Textual marks where it was and where it goes dirty: its parts
    (the intro, the prediction field, the run button) are not rendered again, their lines as given last time are
    (CroppingCompositor._render_lines), and the screen as written is still the screen."""
    terminal = Terminal(app, monkeypatch)
    rendered: list[Widget] = []
    textual_render_lines = Widget.render_lines

    def counted(self: Widget, crop: Region) -> list[Strip]:
        rendered.append(self)
        return textual_render_lines(self, crop)

    monkeypatch.setattr(Widget, "render_lines", counted)
    async with app.run_test(size=SIZE) as pilot:
        await study(app)._laid_out.wait()
        await pilot.pause()
        demo = study(app).query_one(DemoPanel)
        parts = {demo, *demo.walk_children()}
        await press_all(pilot, ["space", "space"])  # each part rendered once where it shows under a hidden answer
        for key in ("space", "space", "space"):
            top = demo.region.y
            rendered.clear()
            await press_all(pilot, [key])
            assert demo.region.y != top, "the demo panel did not move"
            assert not parts & set(rendered), f"{key} rendered {parts & set(rendered)} again"
            assert rendered, "nothing rendered: the key drew no frame"
            assert terminal.differs() == [], key


async def test_lines_given_again_when_they_changed_would_show_stale_cells(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control of the test above: lines given again by crop and width alone (not by the styled lines they were
    made of) leave the last card's demo intro on screen after ``j``, and the check of the screen finds it."""

    def by_crop_alone(self: CroppingCompositor, widget: Widget, size: Size, crop: Region) -> list[Strip]:
        drawn = self._drawn.get(widget)
        if drawn is not None and drawn.crop == crop and drawn.width == size.width:
            return drawn.lines
        lines = widget.render_lines(crop)
        self._drawn[widget] = LinesGiven(crop, size.width, (), (), widget.hover_style, lines)
        return lines

    monkeypatch.setattr(CroppingCompositor, "_render_lines", by_crop_alone)
    terminal = Terminal(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await study(app)._laid_out.wait()
        await pilot.pause()
        await press_all(pilot, ["j"])
        assert terminal.differs() != []


def _handling() -> set[str]:
    """The names of the functions being run now (the call stack, innermost first)."""
    names: set[str] = set()
    frame = sys._getframe(1)
    while frame is not None:
        names.add(frame.f_code.co_name)
        frame = frame.f_back  # type: ignore[assignment]
    return names


async def test_a_keys_frame_is_drawn_by_the_key_itself(app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawn at once (``OneFrameScreen.draw_now``): each key's whole answer is one frame, drawn while the key's action
    runs, not once each changed widget has handed its change over through its own message queue (a grade: the next
    card as its action runs, then "✓ saved" as its write is shown). The frame holds all of it, the footer's keys too:
    the screen as drawn is the screen."""
    monkeypatch.setattr(TextArea, "cursor_blink", False)  # a blink is a frame of its own
    terminal = Terminal(app, monkeypatch)
    drawn_in: list[set[str]] = []
    written = App._display  # (the terminal's: what is written, once the chops shown already are left out)

    def noted(app: QuizApp, screen: Screen[object], update: RenderableType | None) -> None:
        if isinstance(update, CompositorUpdate):
            drawn_in.append(_handling())
        written(app, screen, update)

    monkeypatch.setattr(App, "_display", noted)
    async with app.run_test(size=SIZE) as pilot:
        await study(app)._laid_out.wait()
        await pilot.pause()
        # Each key, and what draws its frames: the action it runs, or the drill's handler of a saved grade; None: a
        # key that opens a screen. The drill's `a` and `ctrl+r` move the focus in their action (take_focus).
        graded = ("run_action", "_saved")  # the next card, then "✓ saved" once the write is committed
        keys: list[tuple[str, str | tuple[str, ...] | None]] = [("j", "run_action"), ("space", "run_action")]
        keys += [("space", "run_action"), ("2", "run_action"), ("2", "run_action"), ("k", "run_action"), ("r", None)]
        keys += [("space", "run_action"), ("3", graded), ("a", "run_action"), ("ctrl+r", "run_action"), ("3", graded)]
        keys += [("space", "run_action"), ("u", ("run_action", "_undone"))]  # "Undoing…", then the card it undid
        for key, by in keys:
            screen, frames = app.screen, terminal.frames
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if key == "r":
                await until(pilot, lambda: isinstance(app.screen, DrillScreen) and app.screen.asking, "the drill")
                await pilot.pause(AHEAD_DELAY * 3)
                continue
            if key in ("3", "u"):
                await until(pilot, lambda s=screen, k=key: isinstance(s, DrillScreen) and s.asking != (k == "u"), key)
            await pilot.pause(AHEAD_DELAY * 3)  # the work done ahead for the next key is done (it draws nothing)
            assert app.screen is screen, key
            handlers = (by,) if isinstance(by, str) else by or ("",)
            assert terminal.frames == frames + len(handlers), f"{key} drew {terminal.frames - frames} frames"
            for handler, drawn_by in zip(handlers, drawn_in[-len(handlers) :], strict=True):
                assert by is None or handler in drawn_by, f"{key}'s frame was drawn later, not by {handler}"
            assert terminal.differs() == [], f"after {key}, the screen as drawn is not the screen"
