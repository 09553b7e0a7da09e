"""The home screen: the card list, the selected card and its live demo, with filter chips and search.

First paint comes first: the chips, the list and card 1 are composed; the search box and the demo panel are mounted
right after the first frame (their modules are imported then), and NumPy only when a demo runs.

Keys come next: ``j``, ``space`` and the chips answer within two frames' time of a bare Textual app (``make bench``,
section ``keys``). Each changes only what it must (see :mod:`quiz.tui.widgets.in_place`), in the frame after the
key; the search is applied at most every :attr:`StudyScreen.SEARCH_DELAY` seconds while typing, never later.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.events import DescendantFocus
from textual.markup import escape
from textual.timer import Timer
from textual.widget import MountError
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from quiz.deck import Card, Deck
from quiz.text_safety import printable
from quiz.tui.card_filter import CardFilter
from quiz.tui.demo_runner import DemoFailed, DemoFinished, DemoOutcome, DemoRejected, DemoRunner
from quiz.tui.keys import STUDY_BINDINGS, STUDY_FOOTER
from quiz.tui.navigation import OpenCram, OpenDrill, OpenMock, OpenPlan, OpenReview, OpenStats
from quiz.tui.one_frame import OneFrameScreen, ahead
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.card_panel import CardPanel
from quiz.tui.widgets.chip_bar import ChipBar
from quiz.tui.widgets.in_place import focus, into_view, scroll_home
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.quiet_scroll import QuietScroll

if TYPE_CHECKING:
    from textual.widgets import Input

    from quiz.demos.base import ParamInfo
    from quiz.tui.store_access import CardStatus
    from quiz.tui.widgets.demo_panel import DemoPanel

CARD_ACTIONS = frozenset({"next_card", "previous_card", "toggle_answer", "run_demo"})
"""What the keys do to the selected card: off (and out of the footer) when no card matches."""


class StudyScreen(OneFrameScreen[None]):
    """Browse, filter and search the deck; reveal answers; run each card's demo in a worker thread."""

    # Styles: study.tcss, loaded by the app (this is its default screen).
    BINDINGS = STUDY_BINDINGS
    AUTO_FOCUS = "#cards"
    SEARCH_DELAY: ClassVar[float] = 0.06
    """Seconds between two applications of the search while typing: keystrokes in between are taken together."""

    def __init__(self, deck: Deck, runner: DemoRunner) -> None:
        super().__init__(id="study")
        self.deck = deck
        self.runner = runner
        self.card_filter = CardFilter()
        self.shown: list[Card] = list(deck.cards)
        self.current: Card = deck.cards[0]
        self._outcomes: dict[int, DemoOutcome] = {}
        self._params: dict[str, list[ParamInfo]] = {}
        self._values: dict[int, dict[str, str]] = {}
        self._predictions: dict[int, str] = {}
        self._running_card: int | None = None
        self._demo_worker: Worker[DemoOutcome] | None = None
        self._finishing = False
        self._laid_out = asyncio.Event()
        self._mastery_loads = 0
        """Counts the readiness reloads (:meth:`_load_mastery`)."""
        self.readiness_label = ""
        """What the list's badges measure (``ready for Tue 8 Dec``, ``recall in 24 h``), once read."""
        self._search_timer: Timer | None = None
        self._search_text = ""
        self._searching = False
        self.searches = 0
        """How many times the search text was applied (typing fast applies it less often than once a key)."""
        # The parts the keys change, made here and kept: a query for each on every key walks the screen's widgets.
        self._chips = ChipBar(id="chips")
        self._cards = CardList(self.shown, id="cards")
        self._detail = QuietScroll(id="detail")
        self._panel = CardPanel(self.current, 1, len(self.shown), id="card")
        self._demo: DemoPanel | None = None
        """The demo panel, once mounted (:meth:`_finish_layout`)."""

    def compose(self) -> ComposeResult:
        yield Static(printable(self.deck.title), id="deck-title", markup=False)
        yield self._chips
        with Horizontal(id="body"):
            yield self._cards
            with self._detail:
                yield self._panel
        yield KeyBar(priority=STUDY_FOOTER, id="keys")

    def on_mount(self) -> None:
        self._show_card(self.current)
        self._apply_filter()
        self.call_after_refresh(self._finish_layout)

    async def _finish_layout(self) -> None:
        """Mount what the first frame did not need (search box, demo panel); callers await it before using them."""
        if not self._finishing:
            self._finishing = True
            from quiz.tui.widgets.demo_panel import DemoPanel
            from quiz.tui.widgets.search_box import SearchBox

            search = SearchBox(placeholder="Search questions and answers (enter: keep, esc: clear)", id="search")
            search.compact = True
            demo = DemoPanel(id="demo")
            demo.display = bool(self.shown)
            try:
                await self.mount(search, after="#chips")
                await self._detail.mount(demo)
            except (MountError, NoMatches):  # the app closed before its first frame settled
                return
            if not demo.is_attached:
                return  # closed while the panel was mounting
            self._demo = demo
            self._laid_out.set()
            try:
                self._show_demo(self.current)
            except NoMatches:
                if demo.children:
                    raise
                return  # the app is closing and has already taken the panel's parts away (a browser tab closed)
            self._warm_search()
            ahead(self, lambda: self._prepare_next(self.current))
        await self._laid_out.wait()

    def _demo_panel(self) -> DemoPanel | None:
        """The demo panel, once mounted (and not yet removed: an app closing at start-up takes it away again)."""
        demo = self._demo
        return demo if demo is not None and demo.is_attached else None

    def _search_box(self) -> Input:
        return cast("Input", self.query_one("#search"))

    # -- what the keys may do now ---------------------------------------------------------------------------------

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        into_view(event.widget)  # a demo parameter reached by Tab shows at once, however far the result scrolled

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No card to act on: the card's keys do nothing, and the footer does not offer them.
        return bool(self.shown) or action not in CARD_ACTIONS

    def key_label(self, binding: Binding) -> str | None:
        """``space`` reads "Hide" once the answer is revealed (the footer asks)."""
        if binding.action == "toggle_answer" and self._panel.revealed:
            return "Hide"
        return None

    # -- the list and the selected card ---------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        had_cards = bool(self.shown)
        self.shown = self.card_filter.apply(self.deck)
        cards = self._cards
        cards.show_cards(self.shown, self.current.id)
        self._update_list_title()
        self._chips.show(self.card_filter.selected)
        panel = self._panel
        if not self.shown:
            panel.show_empty()
        elif self.current not in self.shown:
            self._show_card(self.shown[0])
        elif panel.empty:
            self._show_card(self.current, force=True)
        else:
            self._update_position()
        if had_cards != bool(self.shown):
            demo = self._demo_panel()
            if demo is not None:
                demo.display = bool(self.shown)
            self.refresh_bindings()

    def _update_list_title(self) -> None:
        """``Cards 12/15 · ● 3 due · ready for Tue 8 Dec``: how many are listed, how many a drill would serve, and
        what the badges measure; under the list, the checklist or search applied (``esc clears``)."""
        cards = self._cards
        count, total = len(self.shown), len(self.deck.cards)
        parts = [f"Cards {count}/{total}" if count != total else f"Cards {total}"]
        due = cards.due_count()
        if due is not None:
            parts.append(f"● {due} due")
        if self.readiness_label:
            parts.append(self.readiness_label)
        notes = []
        if self.card_filter.card_ids is not None:
            notes.append(f"checklist: {self.card_filter.card_ids_label}")
        if self.card_filter.text.strip():
            notes.append(f"search “{self.card_filter.text.strip()}”")
        cards.show_titles(" · ".join(parts), escape(printable(" · ".join(notes)) + " · esc clears") if notes else "")

    def _position(self) -> int:
        return self.shown.index(self.current) + 1 if self.current in self.shown else 0

    def _update_position(self) -> None:
        self._panel.show_position(self.current, self._position(), len(self.shown))

    def _show_card(self, card: Card, *, force: bool = False) -> None:
        panel = self._panel
        if card is self.current and panel.card is card and not force:
            return
        self._remember_demo_inputs()
        self.current = card
        was_revealed = panel.revealed
        panel.show_card(card, self._position(), len(self.shown))
        self._show_demo(card)
        scroll_home(self._detail)
        if was_revealed:
            self.refresh_bindings()  # space reads Reveal again
        ahead(self, lambda: self._prepare_next(card))

    def _prepare_next(self, card: Card) -> None:
        """Once ``card`` is shown, draw what the next keys may show (its answer, the cards above and below it in
        the list) without showing it: ``space``, ``j`` and ``k`` then only place lines already drawn."""
        if card is not self.current or card not in self.shown:
            return  # moved on already
        panel = self._panel
        index, total = self.shown.index(card), len(self.shown)
        panel.prepare_card(card, index + 1, total, revealed=True)
        for near in (index + 1, index - 1):
            if 0 <= near < total:
                panel.prepare_card(self.shown[near], near + 1, total, revealed=False)

    def _show_demo(self, card: Card) -> None:
        demo = self._demo_panel()
        if demo is None:
            return
        outcome = self._outcomes.get(card.id)
        values: dict[str, object] = dict(outcome.result.params) if isinstance(outcome, DemoFinished) else {}
        values.update(self._values.get(card.id, {}))
        demo.show_card(
            card,
            params=self._known_params(card.demo),
            values=values,
            prediction=self._predictions.get(card.id, ""),
            outcome=outcome,
            running=self._running_card == card.id,
        )

    def _remember_demo_inputs(self) -> None:
        demo = self._demo_panel()
        if demo is None or demo.card_id != self.current.id:
            return
        self._predictions[self.current.id] = demo.prediction
        if values := demo.values():
            self._values[self.current.id] = values

    def _known_params(self, demo_id: str) -> list[ParamInfo] | None:
        """The demo's parameters if the demos are loaded already (cheap then); ``None`` before the first run."""
        if demo_id not in self._params and self.runner.loaded():
            try:
                self._params[demo_id] = self.runner.params(demo_id)
            except Exception:
                return None
        return self._params.get(demo_id)

    @on(CardList.CardHighlighted)
    def _card_highlighted(self, event: CardList.CardHighlighted) -> None:
        # Keys can outrun these messages (j j j space): act only on the card still highlighted, so a late message
        # for a card already passed cannot take the selection back (or hide an answer just revealed).
        if event.card_id == self._cards.highlighted_card_id:
            self._show_card(self.deck.card(event.card_id))

    def _follow_list(self) -> None:
        card_id = self._cards.highlighted_card_id
        if card_id is not None:
            self._show_card(self.deck.card(card_id))

    # -- actions (keys, palette) ---------------------------------------------------------------------------------

    def action_next_card(self) -> None:
        self._cards.step(1)
        self._follow_list()

    def action_previous_card(self) -> None:
        self._cards.step(-1)
        self._follow_list()

    def action_toggle_answer(self) -> None:
        if not self.shown:
            return
        panel = self._panel
        panel.revealed = not panel.revealed
        self.refresh_bindings()  # space now reads Hide (or Reveal)

    async def action_search(self) -> None:
        await self._finish_layout()
        search = self._search_box()
        search.display = True  # not a class on the screen: that would re-style and redraw all of it
        # Focused now, not in a callback queued behind the keys that came with "/": typed in one burst ("/fan in"),
        # the first letter went to the card list.
        self.take_focus(search)
        if self.focused is not search:
            search.focus()

    async def action_clear_filters(self) -> None:
        await self._finish_layout()
        self._cancel_search_timer()
        search = self._search_box()
        with search.prevent(search.Changed):
            search.value = ""
        self._search_text = ""
        search.display = False
        self.card_filter = CardFilter()
        self._apply_filter()
        focus(self._cards)

    def action_toggle_filter(self, value: str) -> None:
        self.card_filter = self.card_filter.toggled(value)
        self._apply_filter()

    def action_review(self) -> None:
        self.post_message(OpenReview(self._reviewed, self._cards.mastery))

    def action_drill(self) -> None:
        self.post_message(OpenDrill())

    def action_cram(self) -> None:
        self.post_message(OpenCram())

    def action_stats(self) -> None:
        self.post_message(OpenStats())

    def action_mock(self) -> None:
        self.post_message(OpenMock())

    def action_plan(self) -> None:
        self.post_message(OpenPlan(then=self._reload_mastery))

    def _reload_mastery(self) -> None:
        self._load_mastery()

    # -- readiness and due cards in the list --------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        """Each time the list shows (at start, back from a drill or an interview): read every card's readiness."""
        self._load_mastery()

    def _load_mastery(self) -> None:
        # Numbered: setting an interview date reloads twice (the screen resumes before the date is saved, then once
        # it is), and a thread worker cannot be stopped: what the first read must never replace the second's.
        self._mastery_loads += 1
        self._read_mastery(self._mastery_loads)

    @work(thread=True, exclusive=True, group="mastery", exit_on_error=False)
    def _read_mastery(self, load: int) -> None:
        # The store (sqlite3, fsrs) is imported here, in the worker, so the first paint never waits for it.
        from quiz.tui.store_access import read_card_status, readiness_label, store_for

        status = read_card_status(self.app, self.deck)
        if status is not None:
            label = readiness_label(store_for(self.app))
            self.app.call_from_thread(self._show_status, status, label, load)

    def _show_status(self, status: dict[int, CardStatus], label: str, load: int) -> None:
        """Each card's readiness badge and due mark, and what the badges measure in the list's title (unless a
        newer reload was started since this one: its figures come, or came, too)."""
        if load != self._mastery_loads:
            return
        self.readiness_label = label
        self._cards.show_mastery(
            {card: s.readiness for card, s in status.items()}, due={card for card, s in status.items() if s.due}
        )
        self._update_list_title()

    async def action_run_demo(self) -> None:
        if not self.shown:
            return
        await self._finish_layout()
        panel = self._demo_panel()
        assert panel is not None
        card = self.current
        self._remember_demo_inputs()
        self._running_card = card.id
        panel.show_running()
        self._detail.scroll_to_widget(panel, animate=False, top=True)
        self._demo_worker = self._run_demo(card.id, card.demo, self._values.get(card.id, {}))

    # -- search, chips, checklist ---------------------------------------------------------------------------------

    @property
    def search_pending(self) -> bool:
        """Typed search text not applied yet (it will be, :attr:`SEARCH_DELAY` after the first key of a burst)."""
        return self._search_text != self.card_filter.text

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        self._search_text = event.value
        if self._search_timer is None:  # a burst of keys is applied once, SEARCH_DELAY after its first key
            self._search_timer = self.set_timer(self.SEARCH_DELAY, self._apply_search, name="search")

    def _cancel_search_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def _apply_search(self) -> None:
        """The search typed so far, matched in a worker (the first query of a word compares it with every word of
        the deck, typos allowed), then applied here. One search at a time: one typed meanwhile starts when it
        ends, and only the latest text is ever applied."""
        self._cancel_search_timer()
        if self._search_text == self.card_filter.text or self._searching:
            return
        self._searching = True
        self._match(self._search_text)

    @work(thread=True, group="search", exit_on_error=False)
    def _match(self, text: str) -> None:
        from quiz.search import search_cards

        try:
            search_cards(self.deck.cards, text)  # what takes time; the filter below then finds it all cached
        finally:
            self.app.call_from_thread(self._matched, text)

    def _matched(self, text: str) -> None:
        self._searching = False
        self._searched(text)
        if self._search_text != self.card_filter.text and self._search_timer is None:
            self._apply_search()  # typed on while this one ran

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def _warm_search(self) -> None:
        """Read every card's words for the search before the first key (imports the text pipeline)."""
        from quiz.search import index_for

        index_for(self.deck.cards)

    def _searched(self, text: str, *, now: bool = False) -> None:
        if text == self.card_filter.text or (text != self._search_text and not now):
            return  # already applied, or typed on since (that text is on its way)
        self.searches += 1
        self.card_filter = self.card_filter.with_text(text)
        self._apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        self._cancel_search_timer()
        self._search_text = event.value
        self._searched(event.value, now=True)  # at once: the keys typed after enter act on the search's cards
        if not event.value.strip():
            event.input.display = False
        focus(self._cards)

    @on(ChipBar.Toggled)
    def _chip_toggled(self, event: ChipBar.Toggled) -> None:
        self.action_toggle_filter(event.value)

    def _reviewed(self, card_ids: list[int] | None) -> None:
        if not card_ids:
            return
        if len(card_ids) == 1:
            card = self.deck.card(card_ids[0])
            if card not in self.card_filter.apply(self.deck):
                self.card_filter = CardFilter()
            self._show_card(card)
        else:
            label = next((c.text for c in self.deck.checklist if c.cards == card_ids), "")
            self.card_filter = CardFilter().with_cards(tuple(card_ids), label)
            self._show_card(self.deck.card(card_ids[0]))
        self._apply_filter()
        focus(self._cards)

    # -- the demo worker -----------------------------------------------------------------------------------------

    async def on_demo_panel_run_requested(self) -> None:
        """DemoPanel.RunRequested (handled by name: the panel's module loads after the first paint)."""
        await self.action_run_demo()

    @work(thread=True, exclusive=True, group="demos", exit_on_error=False)
    def _run_demo(self, card_id: int, demo_id: str, values: dict[str, str]) -> DemoOutcome:
        # In a thread: the first run imports NumPy and the demos. Only returns; the UI is updated below.
        return self.runner.run(card_id, demo_id, values)

    @on(Worker.StateChanged)
    async def _demo_state(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self._demo_worker or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        card_id = self._running_card if self._running_card is not None else self.current.id
        outcome: DemoOutcome = (
            worker.result
            if event.state == WorkerState.SUCCESS and worker.result is not None
            else DemoFailed(card_id, str(worker.error))
        )
        self._running_card = None
        self._demo_worker = None
        if isinstance(outcome, DemoFinished | DemoRejected):
            self._params[self.deck.card(outcome.card_id).demo] = outcome.params
        if not isinstance(outcome, DemoRejected):  # a rejected run leaves the last result standing
            self._outcomes[outcome.card_id] = outcome
        demo = self._demo_panel()
        if demo is not None and outcome.card_id == self.current.id:
            await demo.show_outcome(outcome, demo.prediction)
            if isinstance(outcome, DemoFinished):
                self.call_after_refresh(self._scroll_to_result)

    def _scroll_to_result(self) -> None:
        detail = self._detail
        detail.scroll_to_widget(self.query_one("#result"), animate=False, top=True)
