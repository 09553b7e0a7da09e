"""The home screen: the card list, the selected card and its live demo, with filter chips and search.

First paint comes first: the chips, the list and card 1 are composed; the search box and the demo panel are mounted
right after the first frame (their modules are imported then), and NumPy only when a demo runs.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from quiz.deck import Card, Deck
from quiz.tui.card_filter import CardFilter
from quiz.tui.demo_runner import DemoFailed, DemoFinished, DemoOutcome, DemoRejected, DemoRunner
from quiz.tui.keys import STUDY_BINDINGS
from quiz.tui.launch import open_cram, open_drill, open_plan, open_stats
from quiz.tui.launch_mock import open_mock
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.card_panel import CardPanel
from quiz.tui.widgets.chip_bar import ChipBar

if TYPE_CHECKING:
    from textual.widgets import Input

    from quiz.demos.base import ParamInfo
    from quiz.tui.app import QuizApp
    from quiz.tui.widgets.demo_panel import DemoPanel


class StudyScreen(Screen[None]):
    """Browse, filter and search the deck; reveal answers; run each card's demo in a worker thread."""

    # Styles: study.tcss, loaded by the app (this is its default screen).
    BINDINGS = STUDY_BINDINGS
    AUTO_FOCUS = "#cards"

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
        self.readiness_label = ""
        """What the list's badges measure (``ready for Tue 8 Dec``, ``recall in 24 h``), once read."""

    def compose(self) -> ComposeResult:
        yield Static(self.deck.title, id="deck-title", markup=False)
        yield ChipBar(id="chips")
        with Horizontal(id="body"):
            yield CardList(self.shown, id="cards")
            with VerticalScroll(id="detail"):
                yield CardPanel(self.current, 1, len(self.shown), id="card")
        yield Footer()

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
            try:
                await self.mount(search, after="#chips")
                await self.query_one("#detail").mount(DemoPanel(id="demo"))
            except MountError:  # the app closed before its first frame settled
                return
            if not self.query("#demo"):  # the app is closing: the mount was dropped
                return
            self._laid_out.set()
            self._show_demo(self.current)
        await self._laid_out.wait()

    def _demo_panel(self) -> DemoPanel | None:
        """The demo panel, once mounted."""
        if not self._laid_out.is_set():
            return None
        return cast("DemoPanel", self.query_one("#demo"))

    def _search_box(self) -> Input:
        return cast("Input", self.query_one("#search"))

    # -- the list and the selected card ---------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.shown = self.card_filter.apply(self.deck)
        cards = self.query_one(CardList)
        cards.show_cards(self.shown, self.current.id)
        self._title_list()
        notes = []
        if self.card_filter.card_ids is not None:
            notes.append(f"checklist: {self.card_filter.card_ids_label}")
        if self.card_filter.text.strip():
            notes.append(f"search “{self.card_filter.text.strip()}”")
        cards.border_subtitle = escape(" · ".join(notes) + " · esc clears") if notes else ""
        self.query_one(ChipBar).show(self.card_filter.selected)
        self.set_class(not self.shown, "-no-cards")
        if self.shown and self.current not in self.shown:
            self._show_card(self.shown[0])
        elif self.current in self.shown:
            self._update_position()

    def _title_list(self) -> None:
        """``Cards 12/15 · ready for Tue 8 Dec``: how many are listed, and what their badges measure."""
        count = len(self.shown)
        total = len(self.deck.cards)
        title = f"Cards {count}/{total}" if count != total else f"Cards {total}"
        self.query_one(CardList).border_title = f"{title} · {self.readiness_label}" if self.readiness_label else title

    def _position(self) -> int:
        return self.shown.index(self.current) + 1 if self.current in self.shown else 0

    def _update_position(self) -> None:
        self.query_one(CardPanel).show_position(self.current, self._position(), len(self.shown))

    def _show_card(self, card: Card) -> None:
        panel = self.query_one(CardPanel)
        if card is self.current and panel.card is card:
            return
        self._remember_demo_inputs()
        self.current = card
        panel.show_card(card, self._position(), len(self.shown))
        self._show_demo(card)
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

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
        if event.card_id == self.query_one(CardList).highlighted_card_id:
            self._show_card(self.deck.card(event.card_id))

    def _follow_list(self) -> None:
        card_id = self.query_one(CardList).highlighted_card_id
        if card_id is not None:
            self._show_card(self.deck.card(card_id))

    # -- actions (keys, palette) ---------------------------------------------------------------------------------

    def action_next_card(self) -> None:
        self.query_one(CardList).action_cursor_down()
        self._follow_list()

    def action_previous_card(self) -> None:
        self.query_one(CardList).action_cursor_up()
        self._follow_list()

    def action_toggle_answer(self) -> None:
        panel = self.query_one(CardPanel)
        panel.revealed = not panel.revealed

    async def action_search(self) -> None:
        await self._finish_layout()
        self.add_class("-searching")
        self._search_box().focus()

    async def action_clear_filters(self) -> None:
        await self._finish_layout()
        search = self._search_box()
        with search.prevent(search.Changed):
            search.value = ""
        self.remove_class("-searching")
        self.card_filter = CardFilter()
        self._apply_filter()
        self.query_one(CardList).focus()

    def action_toggle_filter(self, value: str) -> None:
        self.card_filter = self.card_filter.toggled(value)
        self._apply_filter()

    def action_review(self) -> None:
        from quiz.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.deck), self._reviewed)

    def action_drill(self) -> None:
        open_drill(self.app)

    def action_cram(self) -> None:
        open_cram(self.app)

    def action_stats(self) -> None:
        open_stats(self.app)

    def action_mock(self) -> None:
        open_mock(cast("QuizApp", self.app))

    def action_plan(self) -> None:
        open_plan(self.app, then=self._reload_mastery)

    def _reload_mastery(self) -> None:
        self._load_mastery()

    # -- mastery in the list ----------------------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        """Each time the list shows (at start, back from a drill or an interview): read every card's readiness."""
        self._load_mastery()

    @work(thread=True, exclusive=True, group="mastery", exit_on_error=False)
    def _load_mastery(self) -> None:
        # The store (sqlite3, fsrs) is imported here, in the worker, so the first paint never waits for it.
        from quiz.tui.store_access import read_mastery, readiness_label, store_for

        mastery = read_mastery(self.app, self.deck)
        if mastery is not None:
            label = readiness_label(store_for(self.app))
            self.app.call_from_thread(self._show_mastery, mastery, label)

    def _show_mastery(self, mastery: dict[int, float | None], label: str) -> None:
        """Each card's readiness badge, and what it measures in the list's title."""
        self.readiness_label = label
        self.query_one(CardList).show_mastery(mastery)
        self._title_list()

    async def action_run_demo(self) -> None:
        await self._finish_layout()
        panel = self._demo_panel()
        assert panel is not None
        card = self.current
        self._remember_demo_inputs()
        self._running_card = card.id
        panel.show_running()
        self.query_one("#detail", VerticalScroll).scroll_to_widget(panel, animate=False, top=True)
        self._demo_worker = self._run_demo(card.id, card.demo, self._values.get(card.id, {}))

    # -- search, chips, checklist ---------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        self.card_filter = self.card_filter.with_text(event.value)
        self._apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        if not event.value.strip():
            self.remove_class("-searching")
        self.query_one(CardList).focus()

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
        self.query_one(CardList).focus()

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
        detail = self.query_one("#detail", VerticalScroll)
        detail.scroll_to_widget(self.query_one("#result"), animate=False, top=True)
