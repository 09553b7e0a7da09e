"""The terminal app: :func:`create_app` builds it (for the CLI and the tests alike), :func:`run_app` runs it.

Only what the first screen needs is imported here: NumPy, the demos and plotext load when a demo first runs.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Mapping
from functools import cache, partial
from pathlib import Path, PurePath
from typing import Any, ClassVar, TypeVar

from rich.console import RenderableType
from textual import events, on, work
from textual._compositor import ChopsUpdate, CompositorUpdate
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quiz.deck import Deck
from quiz.text_safety import printable
from quiz.tui.compositor import WrittenChops
from quiz.tui.demo_runner import DemoRunner
from quiz.tui.idle_gc import CHECK as IDLE_CHECK
from quiz.tui.idle_gc import IdleCollector
from quiz.tui.key_dispatch import RECHECK, KeysOnTheirWay, passes_keys_on, screen_holds_keys, way_of_a_key
from quiz.tui.keys import APP_BINDINGS, PALETTE_TITLES, STUDY_BINDINGS, declared
from quiz.tui.navigation import OpenCram, OpenDrill, OpenMock, OpenPlan, OpenReview, OpenStats
from quiz.tui.one_frame import OneFrameScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.sgr_output import SgrDiffUpdate, SgrEncoder
from quiz.tui.writer_handoff import hand_over

DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"
INPUT_EVENTS = (events.Key, events.MouseEvent, events.Paste)
"""What the user does: the idle collector waits for a pause in these."""
ScreenType = TypeVar("ScreenType")


@cache
def _screen_styles() -> tuple[Path, ...]:
    """Every screen's .tcss, resolved as Textual resolves a screen's ``CSS_PATH`` (its key in the stylesheet); the
    folder is listed once, not on every push."""
    return tuple(sorted((Path(__file__).parent / "screens").resolve().glob("*.tcss")))


class QuizApp(App[None]):
    """Study a deck: cards, answers, and a live demo behind each answer."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        # The home screen's styles load with the app: Textual reads a screen's own CSS_PATH only when it is pushed.
        Path("screens") / "study.tcss",
    ]
    """The app's and the home screen's styles; each widget's .tcss loads with the widget (see ``quiz.tui.styles``)."""
    BINDINGS = APP_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-normal"), (170, "-wide")]  # noqa: RUF012 (as App declares it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012

    def __init__(
        self,
        deck: Deck,
        data_dir: Path | None = None,
        *,
        demo_runner: DemoRunner | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.data_dir = data_dir
        self.demo_runner = demo_runner or DemoRunner()
        self.title = printable(deck.title)
        self.sub_title = "study"
        self._remember_theme = False
        """Save theme changes (from on_mount on: the theme set below is not a change)."""
        self._written = WrittenChops()
        """What the terminal shows of the partial updates written since the last full frame."""
        self._sgr = SgrEncoder()
        """Writes partial updates with only their changes of style, keeping what it wrote (quiz.tui.sgr_output)."""
        self._keys_on_their_way = KeysOnTheirWay()
        """The keys given to Textual's way: a later key is not taken ahead of them (:meth:`on_event`)."""
        self._held_keys: deque[events.Key] = deque()
        """Keys that came while earlier ones were on their way, handed on in order (:meth:`_release_held_keys`)."""
        self._collector: IdleCollector | None = None
        """Collects garbage between keys, once :meth:`collect_garbage_when_idle` asked for it."""
        if theme is not None and theme in self.available_themes:  # a saved theme may since have gone
            self.theme = theme

    def collect_garbage_when_idle(self) -> None:
        """Run CPython's cyclic collector in the pauses between keys, not inside their frames (:mod:`quiz.tui.idle_gc`);
        call before :meth:`run`."""
        self._collector = IdleCollector()

    def on_mount(self) -> None:
        self._remember_theme = True
        if self._collector is not None:
            self._collector.start()
            self.set_interval(IDLE_CHECK, self._collector.tick, name="idle garbage collection")
        # Only for a real terminal, or the pipe from `quiz serve`: headless runs (tests) have none to lose.
        if not self.is_headless and sys.__stdin__ is not None and (self.is_web or os.isatty(sys.__stdin__.fileno())):
            self.set_interval(1.0, self._exit_if_terminal_gone, name="terminal watch")

    def _exit_if_terminal_gone(self) -> None:
        from quiz.tui.terminal import input_gone, terminal_gone

        gone = input_gone if self.is_web else terminal_gone
        if sys.__stdin__ is not None and gone(sys.__stdin__.fileno()):
            self.exit(return_code=129)  # as if by SIGHUP

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Textual's ``run_action``; then a screen that draws at once (:class:`~quiz.tui.one_frame.OneFrameScreen`)
        draws what the action changed, without waiting for each changed widget to hand it over."""
        ran = await super().run_action(action, default_namespace, namespaces)
        screen = self.screen
        if isinstance(screen, OneFrameScreen):
            screen.draw_now()
        return ran

    def get_default_screen(self) -> Screen[None]:
        return self._sized(StudyScreen(self.deck, self.demo_runner))

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Textual's ``push_screen``, with the screen given its size classes first (:meth:`_sized`)."""
        return super().push_screen(self._sized(screen), *args, **kwargs)

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        """Textual reads a screen's ``CSS_PATH`` the first time it is pushed, then parses the whole stylesheet again
        and re-styles every widget of the app: 35-38 ms of the first ``r``, and as much again of the first ``s``,
        ``m``, ``e``... The first screen pushed reads every screen's styles (``screens/*.tcss``, each scoped to its
        screen), so that is paid once."""
        sheet = self.stylesheet
        missing = [path for path in _screen_styles() if not sheet.has_source(str(path), "")]
        if missing:
            sheet.read_all(missing)
            sheet.reparse()
            sheet.update(self)
        super()._load_screen_css(screen)

    def _sized(self, screen: ScreenType) -> ScreenType:
        """Give a screen about to mount the breakpoint classes of the terminal's size (``-narrow``, ``-short``, ...).

        Textual adds them at the screen's first resize, once every widget on it is styled, and then styles them all
        again: 30 ms of CPU as a drill opens, 11 ms for the study screen. Set before it mounts, they are already
        there at that resize, and nothing changes."""
        if isinstance(screen, Screen) and not screen.is_attached and self.size:
            width, height = self.size
            horizontal, vertical = screen.HORIZONTAL_BREAKPOINTS, screen.VERTICAL_BREAKPOINTS  # None: the app's
            for size, breakpoints in (
                (width, self.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal),
                (height, self.VERTICAL_BREAKPOINTS if vertical is None else vertical),
            ):
                # As Textual picks one: the class of the largest breakpoint the size reaches.
                reached = [(at, name) for at, name in breakpoints or () if size >= at]
                if reached:
                    screen.add_class(max(reached)[1], update=False)
        return screen

    # -- navigation: screens post what they want opened (quiz.tui.navigation); only the app imports screens --------

    @on(OpenDrill)
    def _open_drill(self, event: OpenDrill) -> None:
        from quiz.tui.launch import open_drill

        open_drill(self, event.cram, card_ids=event.card_ids, title=event.title, clock=event.clock)

    @on(OpenCram)
    def _open_cram(self, event: OpenCram) -> None:
        from quiz.tui.launch import open_cram

        open_cram(self, clock=event.clock)

    @on(OpenStats)
    def _open_stats(self, event: OpenStats) -> None:
        from quiz.tui.launch import open_stats

        open_stats(self, clock=event.clock)

    @on(OpenPlan)
    def _open_plan(self, event: OpenPlan) -> None:
        from quiz.tui.launch import open_plan

        open_plan(self, then=event.then, clock=event.clock)

    @on(OpenMock)
    def _open_mock(self) -> None:
        from quiz.tui.launch_mock import open_mock

        open_mock(self)

    @on(OpenReview)
    def _open_review(self, event: OpenReview) -> None:
        from quiz.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.deck, event.mastery), event.done)

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_open_exercises(self) -> None:
        """The exercises screen (``e``): fresh numbers every time, graded by computation, each kind scheduled."""
        from quiz.tui.screens.exercises import ExercisesScreen
        from quiz.tui.store_access import store_for

        if not any(isinstance(screen, ExercisesScreen) for screen in self.screen_stack):
            self.push_screen(ExercisesScreen(store_for(self)))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def watch_theme(self, theme: str) -> None:
        """A theme chosen by the user (``t``, or the palette's theme picker) is the theme of the next run too."""
        if self._remember_theme:
            self._save_theme(theme)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def _save_theme(self, theme: str) -> None:
        from quiz.paths import data_dir
        from quiz.settings import write_theme

        try:
            write_theme(data_dir(self.data_dir), theme)
        except OSError as exc:
            self.notify(f"The theme could not be saved: {exc}", title="Settings", severity="warning", markup=False)

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        # A partial update of the screen written last leaves out the chops the terminal shows already
        # (quiz.tui.compositor.WrittenChops); anything else is written whole, and what the terminal shows is then
        # unknown until partial updates write it again.
        written = self._written
        if self._batch_count or self._closed or not self._running or self._driver is None:
            written.forget()  # not written now (Textual drops it): what the terminal shows is not known
        elif isinstance(renderable, CompositorUpdate):
            if not written.knows(screen, self.size) or not isinstance(renderable, ChopsUpdate):
                written.forget(screen, self.size)  # another screen wrote since, or this update writes every line
            if isinstance(renderable, ChopsUpdate):
                renderable = written.leave_out_unchanged(renderable)
                if renderable is not None and not self.is_inline:  # only its changes of style (quiz.tui.sgr_output)
                    renderable = SgrDiffUpdate(renderable, self._sgr)
        elif renderable is not None:
            written.forget()
        # The frame reaches the terminal now, not once this key is over (quiz.tui.writer_handoff).
        hand_over(self._driver, partial(super()._display, screen, renderable))

    def on_unmount(self) -> None:
        if self._collector is not None:
            self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if self._collector is not None and isinstance(event, INPUT_EVENTS):
            self._collector.input_seen()
        if isinstance(event, events.Paste):  # every field (answer boxes, search, forms) gets pasted text from here
            event.text = printable(event.text, multiline=True)  # a pasted escape sequence shows as text, never runs
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_keys or self._must_wait():
                self._hold(event)  # after the keys typed before it, or the screen's write (quiz.tui.key_dispatch)
            else:
                await self._deliver_key(event)
            return
        await super().on_event(event)

    async def _deliver_key(self, event: events.Key) -> None:
        way = way_of_a_key(self.focused or self.screen)
        if not await self._bound_at_once(event, way):
            self._keys_on_their_way.sent(event, way)
            await super().on_event(event)

    def _hold(self, event: events.Key) -> None:
        self._held_keys.append(event)
        if len(self._held_keys) == 1:
            self._release_soon()

    def _release_soon(self) -> None:
        # In the app's own message loop (call_later), so that a key handed on is handled as any other, in turn.
        self.set_timer(RECHECK, partial(self.call_later, self._release_held_keys))

    async def _release_held_keys(self) -> None:
        """Hand on the keys held back, in order, once those before them are handled; look again soon if not yet."""
        while self._held_keys and not self._must_wait():
            await self._deliver_key(self._held_keys.popleft())
        if self._held_keys:
            self._release_soon()

    def _must_wait(self) -> bool:
        """Whether a key must wait: one before it is still on its way, or the screen holds keys for a moment."""
        return self._keys_on_their_way.any() or screen_holds_keys(self.screen, time.monotonic())

    async def _bound_at_once(self, event: events.Key, way: list[DOMNode]) -> bool:
        """Run the binding of a key that no widget on its ``way`` would take, as it arrives (quiz.tui.key_dispatch);
        whether one ran. Otherwise the key goes Textual's way."""
        screen = self.screen
        if screen.maximized is not None and event.key == "escape" and self.escape_to_minimize:
            return False  # Textual's own use of escape
        widgets = way[:-1]  # the app, last, looks its bindings up itself
        if not all(passes_keys_on(node, event) for node in widgets):
            return False
        # What Textual does first with any key, then the bindings it would look up once the key is back.
        self.app_focus = True
        if self.focused is not None:
            screen._clear_tooltip()
        return await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (the store's errors, file paths in them) with its control characters shown escaped."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=markup)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot (and ``action_screenshot``): saved in the data dir, or the working directory
        when the data dir cannot be made (Textual's default, ``~/Downloads``, is often missing); the path is
        shown either way."""
        if path is None:
            from quiz.paths import data_dir

            folder = data_dir(self.data_dir)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                folder = Path.cwd()
            path = str(folder)
        return super().deliver_screenshot(filename, path, time_format)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()  # not Textual's "Failed to save screenshot": it says neither where nor why
            self.notify(f"The screenshot could not be saved: {event.exception}", title="Screenshot", severity="error")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): the study screen's actions and the app's, by name, then Textual's own."""
        if isinstance(screen, StudyScreen):
            yield from _commands(STUDY_BINDINGS, screen)
        yield SystemCommand("Help: keys", "Show every key and what it does", self.action_help)
        yield SystemCommand(
            "Toggle light / dark theme", "Switch between the light and the dark theme", self.action_toggle_theme
        )
        yield from super().get_system_commands(screen)


def _commands(bindings: list[BindingType], screen: Screen[Any]) -> Iterable[SystemCommand]:
    for binding in declared(bindings):
        title = PALETTE_TITLES.get(binding.id or "", binding.description)
        yield SystemCommand(title, binding.tooltip or binding.description, partial(screen.run_action, binding.action))


def create_app(
    deck: Deck | None = None,
    data_dir: Path | None = None,
    *,
    demo_runner: DemoRunner | None = None,
    theme: str | None = None,
) -> QuizApp:
    """The app, for the CLI and the tests: the default deck unless one is given."""
    if deck is None:
        from quiz.deck import default_deck_path, load_deck

        deck = load_deck(default_deck_path())
    return QuizApp(deck, data_dir, demo_runner=demo_runner, theme=theme)


def run_app(deck: Deck, data_dir: Path | None = None) -> int:
    """Run the app until the user quits (in the theme chosen last time); the exit status."""
    from quiz.paths import data_dir as resolve_data_dir
    from quiz.settings import read_theme

    app = create_app(deck, data_dir, theme=read_theme(resolve_data_dir(data_dir)))
    # Everything allocated so far (modules, classes, the deck) lives as long as the process. Freezing it keeps the
    # cyclic GC from walking it all again: without this, building the study screen tips CPython into its first full
    # (generation-2) collection before the first frame, 10–15 ms that frees nothing.
    gc.freeze()
    app.collect_garbage_when_idle()
    # Textual writes each frame from its own writer thread. With CPython's default 5 ms switch interval, a busy main
    # thread (or a demo running in a worker) holds the GIL for up to 5 ms before that thread may write: the first
    # frame reached the terminal 5–6 ms after it was ready. 1 ms keeps every frame prompt.
    sys.setswitchinterval(0.001)
    app.run()
    return app.return_code or 0
