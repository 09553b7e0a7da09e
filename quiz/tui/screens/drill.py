"""A drill: due cards (new ones count as due), chosen cards, or a cram drill that leaves the schedule alone.

Every grade is written through the progress store in a thread worker. The next card shows as the grade key is
pressed, and the status line says "✓ saved card N" once the worker posts back that the review is committed
("Saving card N" if that takes a while: :data:`SLOW_WRITE`). Keys pressed in between wait for that
(:attr:`DrillScreen.keys_wait_since`), so they apply to the card as saved. A failed write brings the card back,
revealed, with the typed answer still there and the reason on the status line, so nothing is lost: grade again to
retry. The last card's grade waits for its commit: the summary counts what is saved.

Reveal and grade must feel instant (``make bench``, section ``keys``): they switch the few widgets concerned
(:class:`~quiz.tui.widgets.drill_card.DrillCard`, the grade bar's ``display``), never a class on the whole screen,
which would make Textual re-style every widget on it; and the frame waits for all of them (:mod:`quiz.tui.one_frame`).
The demo runs only once the answer is revealed: its claim is the answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import DescendantFocus
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Header, LoadingIndicator
from textual.worker import Worker

from quiz.deck import Card, Deck
from quiz.interview import SECONDS_BY_DIFFICULTY
from quiz.progress import ProgressStore, Review
from quiz.progress.drill import DrillSession, Graded
from quiz.progress.scheduling import interval_text
from quiz.scoring import score_answer, suggest_grade
from quiz.tui.demo_runner import DemoFailed, DemoFinished, DemoOutcome, DemoRunner
from quiz.tui.one_frame import OneFrameScreen, ahead
from quiz.tui.store_access import post_outcome
from quiz.tui.widgets.demo_panel import DemoPanel
from quiz.tui.widgets.demo_result_view import DemoResultView
from quiz.tui.widgets.drill_actions import DrillActions
from quiz.tui.widgets.drill_card import DrillCard
from quiz.tui.widgets.drill_progress import DrillProgress
from quiz.tui.widgets.drill_status import DrillStatus
from quiz.tui.widgets.drill_summary import DrillSummary
from quiz.tui.widgets.grade_bar import GRADES, GradeBar
from quiz.tui.widgets.in_place import focus, into_view, scroll_home
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.quiet_scroll import QuietScroll

SLOW_WRITE = 0.15
"""Seconds a write may take before the keys that wait for it show dimmed in the footer, and a grade's write says
"Saving card N" on the status line (a faster one is seen only once committed: "✓ saved card N")."""
NextDue = tuple[int, datetime]
"""The card due soonest, and when."""
Phase = Literal["loading", "card", "finished"]
"""What the drill's body shows (:attr:`DrillScreen.phase`)."""
Intervals = dict[int, str] | None
"""For the current card, when it comes back for each grade (``{1: "10m", 3: "3d", ...}``); None in a cram drill."""


def intervals(session: DrillSession) -> Intervals:
    """The current card's grade intervals as the buttons show them (reads the store: call from a worker)."""
    found = session.intervals()
    return None if found is None else {grade: interval_text(delta) for grade, delta in found.items()}


# `a`, `ctrl+r` and `esc` move the focus into the answer box and out of it. Priority bindings run as the key arrives
# (its action moves the focus at once: OneFrameScreen.take_focus), so the keys that come with it in one burst (a paste,
# a macro, a multiplexer sending a line) go where the focus went; as plain bindings they ran once the key had bubbled
# back up, after those keys had gone to the widget focused before (a space after `a` revealed the answer). Each applies
# only when check_action says so: an `a` typed into the box is a letter. (The other drill keys still run once bubbled
# back: in a burst of `space a`, the `a` runs first and the space then finds the box focused.)
DRILL_BINDINGS: list[BindingType] = [
    Binding("space", "reveal", "Reveal", tooltip="Show the reference answer beside yours", id="drill-reveal"),
    Binding(
        "ctrl+r",
        "reveal_typed",
        "Reveal",
        tooltip="Show the answer (works while typing)",
        id="drill-reveal-typing",
        priority=True,
    ),
    Binding(
        "a",
        "type_answer",
        "Type answer",
        tooltip="Type your answer before revealing",
        id="drill-type-answer",
        priority=True,
    ),
    *(
        Binding(
            str(grade), f"grade({grade})", label, tooltip=f"Grade this card {label} and save it", id=f"grade-{grade}"
        )
        for grade, label, _variant in GRADES
    ),
    Binding("enter", "accept_suggestion", "Accept", tooltip="Grade with the scorer's suggestion", id="drill-accept"),
    Binding("u", "undo", "Undo", tooltip="Take back the last grade (its schedule is restored)", id="drill-undo"),
    Binding(
        "d", "demo", "Demo", tooltip="Run (or restart) the card's live NumPy demo (once revealed)", id="drill-demo"
    ),
    Binding(
        "escape", "done_typing", "Done typing", tooltip="Leave the answer box", id="drill-done-typing", priority=True
    ),
    Binding("escape", "leave", "Back", tooltip="Leave the drill (every grade is already saved)", id="drill-leave"),
]
"""The drill's keys. ``space`` types a space in the answer box, so ``ctrl+r`` reveals from there; ``esc`` leaves
the box first, then the drill. The grades and the demo work once the answer is shown; ``enter`` takes the grade the
scorer suggests for a typed answer."""


class DrillScreen(OneFrameScreen[int]):
    """Returns (through ``dismiss``) the number of cards graded."""

    CSS_PATH = "drill.tcss"
    BINDINGS: ClassVar[list[BindingType]] = DRILL_BINDINGS
    AUTO_FOCUS = "#drill-body"
    DRAWS_NOTHING = (Worker.StateChanged,)  # its workers post back messages of their own (Saved, Loaded, ...)

    class Loaded(Message):
        """The session is built (in a worker): its cards are known, and the first card's grade intervals."""

        def __init__(
            self, session: DrillSession | None, next_due: NextDue | None, intervals: Intervals, error: str
        ) -> None:
            super().__init__()
            self.session = session
            self.next_due = next_due
            self.intervals = intervals
            self.error = error

    class Saved(Message):
        """A grade was committed (``review``), or not (``error``)."""

        def __init__(self, review: Review | None, error: str) -> None:
            super().__init__()
            self.review = review
            self.error = error

    class IntervalsRead(Message):
        """The grade intervals of the card ``card_id`` (read after its card showed: they are needed at the reveal)."""

        def __init__(self, card_id: int | None, intervals: Intervals) -> None:
            super().__init__()
            self.card_id = card_id
            self.intervals = intervals

    class Undone(Message):
        """The last grade was taken back (``graded``: the card and its deleted review; its grade intervals), or not
        (``error``)."""

        def __init__(self, undone: tuple[Graded | None, Intervals] | None, error: str) -> None:
            super().__init__()
            self.graded = undone[0] if undone else None
            self.intervals = undone[1] if undone else None
            self.error = error

    class DemoDone(Message):
        """A demo run ended; ``run`` tells a stale run (the user moved on or restarted it) from the current one."""

        def __init__(self, run: int, outcome: DemoOutcome) -> None:
            super().__init__()
            self.run = run
            self.outcome = outcome

    def __init__(
        self,
        deck: Deck,
        store: ProgressStore,
        *,
        card_ids: Sequence[int] | None = None,
        cram: bool = False,
        title: str = "",
        runner: DemoRunner | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Drill the cards due now (``card_ids`` None), or ``card_ids`` in that order; ``cram`` never schedules."""
        super().__init__(id="drill")
        self.deck = deck
        self.store = store
        self.card_ids = list(card_ids) if card_ids is not None else None
        self.cram = cram
        self.drill_title = title or ("Cram" if cram else "Drill")
        self.runner = runner or DemoRunner()
        self.clock = clock
        self.session: DrillSession | None = None
        self.busy = True
        """A worker is loading or writing: every key that changes something waits for it."""
        self.keys_wait_since: float | None = time.monotonic()
        """Since when the keys pressed wait for the load or write running (``time.monotonic``; None: they do not).
        The app holds them, a short while at most (:func:`quiz.tui.key_dispatch.screen_holds_keys`); then they apply
        to what it has shown."""
        self._slow: Timer | None = None
        """Dims the waiting keys once a write has taken :data:`SLOW_WRITE` (see :meth:`check_action`)."""
        self.slow = False
        self._saving: tuple[int, int] | None = None
        """The card and grade being written, until the write posts back."""
        self._grading: tuple[str, Intervals, float | None] | None = None
        """While a grade's write runs with the next card shown: the graded card's typed answer, its intervals and the
        seconds its reveal took (its suggestion counts them), to bring it back as it was if the write fails (its
        timer still runs: only a committed grade restarts it)."""
        self._revealed_after: float | None = None
        """Seconds from the current card's showing to its reveal (None: not revealed by a key)."""
        self._intervals: tuple[int | None, Intervals] = (None, None)
        """The grade intervals read last, and the card they are for."""
        # The parts a key changes, made here and kept: a query for each on every key walks the screen's widgets.
        self.card_view = DrillCard(id="drill-card")
        self.status = DrillStatus("", id="drill-status")
        self._progress = DrillProgress(id="drill-progress")
        self._body = QuietScroll(id="drill-body")
        self._loading = LoadingIndicator(id="drill-loading")
        self._summary = DrillSummary("", id="drill-summary")
        self._actions = DrillActions(id="drill-actions")
        self._phase: Phase = "card"
        """As the screen's styles start it (``drill.tcss``): on mount it loads."""
        self._demo_run = 0
        """Counts the demo runs: an outcome from an earlier one (restarted, or the drill moved on) is dropped."""
        self._demo_panel: DemoPanel | None = None
        """Mounted when the first demo runs (:meth:`_demo_panel_mounted`)."""
        self._demo_mounting: AwaitMount | None = None
        self.suggested: int | None = None
        """The grade the scorer suggests for the revealed typed answer (``enter`` takes it); None: no suggestion."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield self._progress
        yield self.status
        with self._body:
            yield self._loading
            yield self.card_view
            yield self._summary
        yield self._actions
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.drill_title
        self._show_phase("loading")
        self._load()

    # -- state ---------------------------------------------------------------------------------------------------

    @property
    def typing(self) -> bool:
        """Whether the answer box has focus (then ``space`` and the letter keys type)."""
        return self.focused is self.card_view.answer_box

    @property
    def asking(self) -> bool:
        return self.session is not None and not self.session.finished and not self.card_view.revealed

    @property
    def revealed(self) -> bool:
        return self.session is not None and not self.session.finished and self.card_view.revealed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Which keys apply now (the footer shows those). While a write runs the keys show as they will be once it
        is committed (a key pressed meanwhile waits for it); ``None`` dims them once it is slow (:data:`SLOW_WRITE`)."""
        if action == "reveal":
            return self._dimmed_if_slow(self.asking and not self.typing)
        if action == "reveal_typed":
            return self._dimmed_if_slow(self.asking and self.typing)
        if action == "type_answer":
            return self.asking and not self.typing
        if action == "grade":
            return self._dimmed_if_slow(self.revealed)
        if action == "accept_suggestion":
            if not self.revealed or self.suggested is None:
                return False
            return self._dimmed_if_slow(True)
        if action == "undo":
            # Offered while nothing is graded too: the key then says there is nothing to undo in this drill.
            return self._dimmed_if_slow(self.session is not None)
        if action == "demo":
            return self.revealed and not self.typing
        if action == "done_typing":
            return self.typing
        if action == "leave":
            return None if self.slow and self.session is not None else not self.typing
        return True

    def _dimmed_if_slow(self, applies: bool) -> bool | None:
        """A key that ``applies``, dimmed (``None``) while a slow write keeps it waiting."""
        return None if applies and self.slow else applies

    def on_screen_resume(self) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        into_view(event.widget)  # a field reached by Tab shows at once (the demo's parameters, below the card)
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    @property
    def phase(self) -> Phase:
        """What the body shows: the loading indicator, a card, or the end (the summary, or why there is none)."""
        return self._phase

    def _show_phase(self, phase: Phase) -> None:
        # Each part's display is set on the part: a class on the screen would re-style all of its widgets (about
        # 30 ms of CPU, twice as a drill opens).
        if phase == self._phase:
            return
        self._phase = phase
        self._loading.display = phase == "loading"
        self._progress.display = phase != "loading"
        self.card_view.display = self._actions.display = phase == "card"
        self._summary.display = phase == "finished"

    def _set_busy(self, busy: bool) -> None:
        # Keys wait while busy (keys_wait_since; action_grade and the others refuse to start a second write); the footer
        # dims them only once a write is slow, not for the few milliseconds a write takes.
        self.busy = busy
        self.keys_wait_since = time.monotonic() if busy else None
        if self._slow is not None:
            self._slow.stop()
            self._slow = None
        if busy:
            self._slow = self.set_timer(SLOW_WRITE, self._write_is_slow)
        else:
            self.slow = False
            self.refresh_bindings()

    def _write_is_slow(self) -> None:
        self._slow = None
        if self.busy:
            self.slow = True
            if self._saving is not None:
                self.status.show_saving(*self._saving)
            self.refresh_bindings()

    # -- loading -------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="drill-store", exit_on_error=False)
    def _load(self) -> None:
        def start() -> tuple[DrillSession, NextDue | None, Intervals]:
            if self.card_ids is None:
                session = DrillSession.due(self.store, self.deck, clock=self.clock)
            else:
                session = DrillSession.chosen(self.store, self.deck, self.card_ids, cram=self.cram, clock=self.clock)
            return session, self._next_due() if session.total == 0 else None, intervals(session)

        def loaded(started: tuple[DrillSession, NextDue | None, Intervals] | None, error: str) -> DrillScreen.Loaded:
            session, next_due, first = started or (None, None, None)
            return self.Loaded(session, next_due, first, error)

        post_outcome(self, self.store, start, loaded)

    def _next_due(self) -> NextDue | None:
        """The card due soonest (worker thread): what to say when nothing is due now."""
        return self.store.next_due(self.deck.id, [card.id for card in self.deck.cards])

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.session = event.session
        self._set_busy(False)
        if event.session is None:
            self.status.show_load_failed(event.error)
            self._show_phase("finished")
            self._summary.update("")
            return
        if event.session.total == 0:
            self._show_nothing_due(event.next_due)
            return
        self._show_current(intervals=event.intervals)

    # -- the current card ----------------------------------------------------------------------------------------

    def _show_current(self, *, typed: str = "", revealed: bool = False, intervals: Intervals = None) -> None:
        session = self.session
        assert session is not None
        self._show_card(session.done, typed=typed, revealed=revealed, intervals=intervals)
        session.restart_timer()

    def _show_card(
        self,
        index: int,
        *,
        typed: str = "",
        revealed: bool = False,
        intervals: Intervals = None,
        revealed_after: float | None = None,
    ) -> None:
        """Show the session's card ``index``: the current one, or (as a grade is written) the one after it; the
        summary past the last. A typed answer shown revealed is scored as if revealed ``revealed_after`` seconds in."""
        session = self.session
        assert session is not None
        self._progress.show(index, session.total)
        card = session.cards[index] if index < session.total else None
        self._intervals = (card.id if card else None, intervals)
        self._hide_demo(card)
        if card is None:
            self._show_summary()
            return
        self._show_phase("card")
        self.card_view.show_card(card, self._card_label(index), typed=typed, revealed=revealed)
        if revealed:
            self._show_intervals()
        ahead(self, self.card_view.prepare_reveal)  # once the card is shown
        self._sync_revealed()
        self._revealed_after = revealed_after
        self._score_typed(elapsed=revealed_after)
        scroll_home(self._body)  # not after the frame: it is drawn at once
        focus(self._body)
        self.refresh_bindings()

    def _card_label(self, index: int) -> Content:
        """``Card 7 · 3 of 12`` over the session's card ``index`` (the current one after ``index`` grades)."""
        assert self.session is not None
        return Content.assemble(
            (f"Card {self.session.cards[index].id}", "bold"),
            f" · {index + 1} of {self.session.total}",
            ("  · cram: the schedule is left as it is" if self.cram else "", "$text-muted"),
        )

    def _prepare_next(self, card: Card) -> None:
        """Once ``card``'s answer shows, draw the head of the card that follows it, and the progress line after the
        grade, without showing them: the grade then only places lines already drawn."""
        session = self.session
        if session is None or session.current is not card or not self.revealed:
            return  # graded (or undone) already
        following = session.done + 1
        self._progress.prepare(following, session.total)  # the count once this card is graded
        if following < session.total:
            self.card_view.prepare_card(session.cards[following], self._card_label(following))

    def _show_intervals(self) -> None:
        """The current card's grade intervals on the buttons (set as they are shown: a hidden button's new label
        would cost a layout while the card is being read)."""
        card_id, intervals = self._intervals
        current = self.card_view.card
        self._actions.grades.show_intervals(intervals if current is not None and current.id == card_id else None)

    @on(IntervalsRead)
    def _intervals_read(self, event: IntervalsRead) -> None:
        self._intervals = (event.card_id, event.intervals)
        if self.revealed:
            self._show_intervals()

    def _sync_revealed(self) -> None:
        self._actions.show_revealed(self.card_view.revealed)

    def _score_typed(self, elapsed: float | None) -> None:
        """Once revealed, score the typed answer: what was heard, and the suggested grade (preselected)."""
        card = self.session.current if self.session else None
        typed = self.card_view.typed
        if card is None or not self.card_view.revealed or not typed:
            self.suggested = None
            self.card_view.show_score(None, None)
        else:
            score = score_answer(typed, card)
            suggestion = suggest_grade(score, elapsed, SECONDS_BY_DIFFICULTY[card.difficulty])
            self.suggested = suggestion.grade
            self.card_view.show_score(score, suggestion)
        self._actions.grades.suggest(self.suggested)

    def _update_progress(self) -> None:
        session = self.session
        assert session is not None
        self._progress.show(session.done, session.total)

    # -- actions -------------------------------------------------------------------------------------------------

    def action_reveal(self) -> None:
        if not self.asking or self.busy:
            return
        self._show_intervals()
        self.card_view.revealed = True
        self._sync_revealed()
        self._revealed_after = self.session.elapsed() if self.session else None
        self._score_typed(elapsed=self._revealed_after)
        self.take_focus(self._body)  # out of the answer box (ctrl+r), in this key's frame
        self.refresh_bindings()
        self.call_after_refresh(self._scroll_to_answer)
        if card := self.session.current if self.session else None:
            ahead(self, lambda: self._prepare_next(card))

    def _scroll_to_answer(self) -> None:
        """Bring the revealed answer into view (a long typed answer above it, or a scrolled card, can hide it)."""
        body = self._body
        reference = self.card_view.reference_region  # on screen
        if self.revealed and reference and not body.scrollable_content_region.contains_region(reference):
            # In the body's own coordinates: where it is on screen, plus how far the body has scrolled.
            top = reference.y - body.scrollable_content_region.y + round(body.scroll_y)
            body.scroll_to(y=top, animate=False, immediate=True)

    def action_reveal_typed(self) -> None:
        self.action_reveal()

    def action_type_answer(self) -> None:
        if self.asking:
            self.take_focus(self.card_view.answer_box)  # its border and cursor in this key's frame

    def action_done_typing(self) -> None:
        self.take_focus(self._body)  # out of the answer box, in this key's frame

    def action_leave(self) -> None:
        if self.busy and self.session is not None:
            return
        self.dismiss(self.session.done if self.session else 0)

    def action_grade(self, grade: int) -> None:
        if not self.revealed or self.busy:
            return
        session = self.session
        assert session is not None and session.current is not None
        typed, spent = self.card_view.typed, session.elapsed()
        self.busy, self.keys_wait_since = True, time.monotonic()  # from now on keys wait for the commit
        self._saving = (session.current.id, grade)
        if session.done + 1 < session.total:
            # The next card at once; the keys pressed meanwhile wait for the write's commit.
            self._grading = (typed, self._intervals[1], self._revealed_after)
            self._show_card(session.done + 1)
        # The write's worker (and the timer of a slow write) once this frame is drawn: started here, they came
        # before it (0.15 ms); the worker's thread starts from the event loop, after the frame, either way. (Not
        # through this screen's queue: a message queued there holds the key's frame back, quiz.tui.one_frame.)
        asyncio.get_running_loop().call_soon(self._start_saving, grade, typed, spent)

    def _start_saving(self, grade: int, typed: str, spent: float) -> None:
        self._set_busy(True)
        self._save_grade(grade, typed, spent)

    def action_accept_suggestion(self) -> None:
        if self.suggested is not None:
            self.action_grade(self.suggested)

    def action_undo(self) -> None:
        if self.busy or self.session is None:
            return
        if not self.session.graded:
            self.status.show_nothing_to_undo()
            return
        self._set_busy(True)
        self.status.show_undoing()
        self._undo()

    @on(DrillActions.RevealRequested)
    def _reveal_clicked(self) -> None:
        self.action_reveal()

    @on(GradeBar.Chosen)
    def _grade_clicked(self, event: GradeBar.Chosen) -> None:
        self.action_grade(event.grade)

    # -- writes (thread workers; they only post back) ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="drill-store", exit_on_error=False)
    def _save_grade(self, grade: int, answer: str, spent: float) -> None:
        session = self.session
        assert session is not None

        post_outcome(self, self.store, lambda: session.grade(grade, answer, duration_s=spent), self.Saved)

    @work(thread=True, exclusive=True, group="drill-intervals", exit_on_error=False)
    def _read_intervals(self) -> None:
        """The current card's grade intervals, read once it shows (so the worker does not compete with that frame
        for the interpreter); they are needed at its reveal."""
        session = self.session
        current = session.current if session else None
        if session is None or current is None:
            return
        try:
            found = intervals(session)
        except Exception:  # the store could not be read: the buttons go without intervals
            found = None
        self.post_message(self.IntervalsRead(current.id, found))

    @work(thread=True, exclusive=True, group="drill-store", exit_on_error=False)
    def _undo(self) -> None:
        session = self.session
        assert session is not None

        def undo() -> tuple[Graded | None, Intervals]:
            graded = session.undo()
            return graded, intervals(session)

        post_outcome(self, self.store, undo, self.Undone)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        grading, self._grading, self._saving = self._grading, None, None
        self._set_busy(False)
        session = self.session
        assert session is not None
        if event.review is None:
            if grading is not None:  # the next card was shown: bring this one back as it was
                typed, intervals, revealed_after = grading
                self._show_card(
                    session.done, typed=typed, revealed=True, intervals=intervals, revealed_after=revealed_after
                )
            self.status.show_not_saved(event.error)
            self.draw_now()
            return
        self.status.show_saved(event.review)
        if grading is None:
            self._show_current()  # the summary, after the last card
        self.draw_now()  # in this frame
        # After the frame is written: a worker started now would hold the interpreter while that frame is drawn.
        ahead(self, self._read_intervals)

    @on(Undone)
    def _undone(self, event: Undone) -> None:
        self._set_busy(False)
        if event.graded is None:
            self.status.show_not_undone(event.error)
            return
        self._show_current(typed=event.graded.review.answer, revealed=True, intervals=event.intervals)
        self.status.show_undone(event.graded)
        self.draw_now()

    # -- the end -------------------------------------------------------------------------------------------------

    def _show_nothing_due(self, next_due: NextDue | None) -> None:
        self._update_progress()
        self._show_phase("finished")
        self._summary.show_nothing_due(next_due)
        self.refresh_bindings()

    def _show_summary(self) -> None:
        session = self.session
        assert session is not None
        self._show_phase("finished")
        again = [g.card.id for g in session.graded if g.review.grade == 1]
        self._summary.show_done(total=session.total, counts=session.counts(), again=again, cram=self.cram)
        focus(self._body)
        self.refresh_bindings()

    # -- the demo ------------------------------------------------------------------------------------------------

    async def action_demo(self) -> None:
        card = self.session.current if self.session else None
        if card is None or not self.revealed:
            return  # before the reveal the demo's claim would give the answer away
        panel = await self._demo_panel_mounted()
        if card is not (self.session.current if self.session else None) or not self.revealed:
            return  # graded (or undone) while the panel was mounting
        self._demo_run += 1
        if not panel.display or panel.card_id != card.id:
            panel.display = True
            panel.show_card(card, params=None, values={}, prediction="", outcome=None, running=True)
        panel.show_running()
        self._body.scroll_to_widget(panel, animate=False, top=True)
        self._run_demo(self._demo_run, card.id, card.demo, panel.values())

    async def _demo_panel_mounted(self) -> DemoPanel:
        """The demo panel, mounted under the card the first time a demo runs: most drills run none, and composing
        it with the drill took about 40 ms of every ``r`` (a third of the drill's widgets are the panel's)."""
        if self._demo_panel is None or self._demo_mounting is None:
            self._demo_panel = DemoPanel(id="drill-demo")
            self._demo_mounting = self._body.mount(self._demo_panel)
        await self._demo_mounting  # at once once mounted
        return self._demo_panel

    @on(DemoPanel.RunRequested)
    async def _demo_requested(self, event: DemoPanel.RunRequested) -> None:
        event.stop()
        await self.action_demo()

    @work(thread=True, exclusive=True, group="drill-demo", exit_on_error=False)
    def _run_demo(self, run: int, card_id: int, demo_id: str, values: dict[str, str]) -> None:
        try:
            outcome = self.runner.run(card_id, demo_id, values)
        except Exception as exc:  # the runner turns failures into outcomes; this is the last guard
            outcome = DemoFailed(card_id, str(exc))
        self.post_message(self.DemoDone(run, outcome))

    @on(DemoDone)
    async def _demo_done(self, event: DemoDone) -> None:
        panel = self._demo_panel
        if event.run != self._demo_run or panel is None:
            return  # restarted, or the drill moved on
        await panel.show_outcome(event.outcome, panel.prediction)
        if isinstance(event.outcome, DemoFinished):
            result = self.query_one(DemoResultView)
            self.call_after_refresh(self._body.scroll_to_widget, result, animate=False, top=True)

    def _hide_demo(self, current: Card | None) -> None:
        """Put the demo away when the drill moves to another card (a run still going is ignored when it ends)."""
        panel = self._demo_panel
        if panel is not None and panel.display and (current is None or panel.card_id != current.id):
            panel.display = False
            self._demo_run += 1
