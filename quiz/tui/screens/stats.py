"""Progress at a glance: readiness of every card (its recall at the interview date, or in 24 h), the expected
recall day by day until the interview with the plan to get there (``p`` sets the date, ``r`` drills today's cards),
reviews per day, accuracy by difficulty and tag, the streak, the weakest cards (``w`` drills them) and mock
interview scores. Read from the store in a thread worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, LoadingIndicator, Static

from quiz.deck import Deck
from quiz.exercises import KIND_TITLES
from quiz.plural import counted
from quiz.progress import ProgressStore
from quiz.progress import stats as progress_stats
from quiz.progress.plan import Plan, store_plan
from quiz.progress.scheduling import GRADE_NAMES
from quiz.progress.stats import Stats
from quiz.text_safety import printable
from quiz.tui.navigation import OpenCram, OpenDrill, OpenPlan
from quiz.tui.store_access import post_outcome
from quiz.tui.widgets.accuracy_table import AccuracyRow, AccuracyTable
from quiz.tui.widgets.chips import difficulty_chip
from quiz.tui.widgets.interview_scores_chart import InterviewScoresChart, ScorePoint
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.mastery import mastery_content
from quiz.tui.widgets.mastery_grid import MasteryGrid, TileData
from quiz.tui.widgets.mastery_tile import DIFFICULTY_COLORS, MasteryTile, due_label
from quiz.tui.widgets.readiness_chart import ReadinessChart
from quiz.tui.widgets.reviews_chart import DayBar, ReviewsChart

STATS_BINDINGS: list[BindingType] = [
    Binding(
        "w", "drill_weakest", "Drill weakest", tooltip="Drill the weakest cards now (scheduled)", id="drill-weakest"
    ),
    Binding(
        "r",
        "drill_due",
        "Drill due",
        tooltip="Drill the cards due now; with an interview date, today's cards of the plan",
        id="stats-drill-due",
    ),
    Binding("c", "cram", "Cram", tooltip="Cram cards by tag or difficulty (schedule untouched)", id="stats-cram"),
    Binding("p", "plan", "Plan", tooltip="Set the interview date and the desired retention", id="stats-plan"),
    Binding(
        "e",
        "app.open_exercises",
        "Exercises",
        tooltip="Practise exercises (each kind is scheduled)",
        id="stats-exercises",
    ),
    Binding("escape,s", "close", "Back", tooltip="Back to the cards", id="close-stats"),
]


TINY_WIDTH = 64
"""Below this many columns the mastery grid has three tiles a row instead of five."""


def _parse(moment: str | None) -> datetime | None:
    return datetime.fromisoformat(moment) if moment else None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


class StatsScreen(Screen[None]):
    """The figures of :func:`quiz.progress.stats.compute`, reloaded whenever the screen comes back (after a drill)."""

    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = STATS_BINDINGS
    AUTO_FOCUS = "#stats-body"

    class Loaded(Message):
        """The figures were read (``stats``, and the ``plan`` when an interview date is set), or could not be
        (``error``)."""

        def __init__(self, stats: Stats | None, error: str, plan: Plan | None, load: int) -> None:
            super().__init__()
            self.stats = stats
            self.error = error
            self.plan = plan
            self.load = load
            """Which :meth:`StatsScreen.reload` read them."""

    def __init__(
        self,
        deck: Deck,
        store: ProgressStore,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(id="stats")
        self.deck = deck
        self.store = store
        self.clock = clock
        self.stats: Stats | None = None
        self.plan: Plan | None = None
        self._loads = 0
        """Counts the reloads: figures read by one that a newer one replaced are dropped. (A thread worker cannot be
        stopped: replaced, it still posts what it read, and under load it could post after the newer one, putting
        back the figures from before a new interview date.)"""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield LoadingIndicator(id="stats-loading")
            yield Static("", id="stats-error")
            with Horizontal(id="stats-top"):
                with Vertical(id="mastery-box") as box:
                    box.border_title = "Readiness"
                    box.border_subtitle = "click a card to drill it"
                    yield MasteryGrid(self.deck.cards, id="mastery")
                yield Static("", id="overview")
            with Horizontal(id="stats-plan"):
                yield ReadinessChart(id="readiness-chart")
                yield Static("", id="plan-today")
            with Horizontal(id="stats-middle"):
                yield ReviewsChart(id="reviews-chart")
                yield AccuracyTable("", id="accuracy")
            with Horizontal(id="stats-bottom"):
                yield Static("", id="weakest")
                yield InterviewScoresChart(id="interview-scores")
            yield Static("", id="exercise-stats")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "progress"
        self.query_one("#overview").border_title = "Overview"
        today = self.query_one("#plan-today")
        today.border_title = "Today"
        today.border_subtitle = "p: interview date"
        self.query_one("#accuracy").border_title = "Accuracy"
        weakest = self.query_one("#weakest")
        weakest.border_title = "Weakest cards"
        weakest.border_subtitle = "w: drill them"
        exercises = self.query_one("#exercise-stats")
        exercises.border_title = "Exercises · each kind scheduled by FSRS"
        exercises.border_subtitle = "e: practise"

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < TINY_WIDTH, "-tiny")

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the figures again (in a worker); the loading indicator shows until they arrive."""
        self.set_class(self.stats is None, "-loading")
        self._loads += 1
        self._load(self._loads)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill_weakest":
            return None if self.stats is None or not self.stats.weakest else True
        return True

    # -- loading -------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _load(self, load: int) -> None:
        def compute() -> tuple[Stats, Plan | None]:
            now = self.clock() if self.clock else None
            return progress_stats.compute(self.store, self.deck, now), store_plan(self.store, self.deck, now)

        def loaded(figures: tuple[Stats, Plan | None] | None, error: str) -> StatsScreen.Loaded:
            return self.Loaded(figures[0] if figures else None, error, figures[1] if figures else None, load)

        post_outcome(self, self.store, compute, loaded)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.load != self._loads:
            return  # read by a reload that a newer one replaced: that one's figures come (or came) too
        self.set_class(False, "-loading")
        error = self.query_one("#stats-error", Static)
        error.display = event.stats is None
        if event.stats is None:
            error.update(
                Content.assemble(("✗ Could not read the progress store: ", "bold $text-error"), printable(event.error))
            )
            return
        self.stats = event.stats
        self.plan = event.plan
        self._show(event.stats)
        self._show_plan(event.stats, event.plan)
        self.refresh_bindings()

    # -- showing -------------------------------------------------------------------------------------------------

    def _show(self, stats: Stats) -> None:
        now = datetime.fromisoformat(stats.generated_at)
        tiles = [
            TileData(
                card_id=c.id,
                retrievability=None if c.new else c.recall_at_interview,
                due=_parse(c.due),
                is_new=c.new,
                reviews=c.reviews,
                last_grade=GRADE_NAMES.get(c.last_grade or 0, "").capitalize(),
            )
            for c in stats.cards
        ]
        self.query_one(MasteryGrid).show(tiles, now)
        box = self.query_one("#mastery-box")
        if stats.interview_at:
            at = datetime.fromisoformat(stats.interview_at)
            box.border_title = f"Readiness · recall at the interview, {at:%a} {at.day} {at:%b}"
        else:
            box.border_title = "Readiness · recall in 24 h (no interview date: p)"
        self.query_one("#overview", Static).update(self._overview(stats))
        self.query_one(ReviewsChart).show([DayBar(d.day[5:], d.reviews, d.recalled) for d in stats.reviews_per_day])
        self.query_one(AccuracyTable).show(self._accuracy_groups(stats))
        self.query_one("#weakest", Static).update(self._weakest(stats))
        self.query_one("#exercise-stats", Static).update(self._exercises(stats, now))
        points: list[ScorePoint] = [
            (datetime.fromisoformat(s.started_at), s.score) for s in stats.interview_scores if s.score is not None
        ]
        scores = self.query_one(InterviewScoresChart)
        scores.show(points)
        scores.set_class(not points, "-empty")

    def _overview(self, stats: Stats) -> Content:
        def row(label: str, value: str, note: str = "", style: str = "bold") -> Content:
            return Content.assemble(f"{label:<11}", (value, style), (f"  {note}" if note else "", "$text-muted"))

        streak = f"{stats.streak_days} day{'s' if stats.streak_days != 1 else ''}"
        scheduled = len(stats.cards) - stats.new_cards
        return Content("\n").join(
            [
                row("Reviews", str(stats.reviews), f"{stats.reviewed_today} today"),
                row("Accuracy", _percent(stats.accuracy), f"{stats.recalled} recalled"),
                row("Streak", streak, "", "bold $text-success" if stats.streak_days else "bold"),
                row("Due now", str(stats.due_now), f"{stats.new_cards} new" if stats.new_cards else ""),
                row("Scheduled", f"{scheduled}/{len(stats.cards)}", "cards"),
                row("Interviews", str(stats.mock_interviews), "mock"),
            ]
        )

    def _accuracy_groups(self, stats: Stats) -> list[tuple[str, list[AccuracyRow]]]:
        by_difficulty: list[AccuracyRow] = [
            (name.capitalize(), acc.reviews, acc.recalled, DIFFICULTY_COLORS.get(name, "$accent"))
            for name, acc in stats.by_difficulty.items()
        ]
        by_tag: list[AccuracyRow] = [
            (name, acc.reviews, acc.recalled, "$primary") for name, acc in stats.by_tag.items()
        ]
        return [("By difficulty", by_difficulty), ("By tag", by_tag)]

    def _weakest(self, stats: Stats) -> Content:
        if not stats.weakest:
            return Content.styled("No card reviewed yet: the weakest show here after a drill.", "italic $text-muted")
        by_id = {c.id: c for c in stats.cards}
        lines = []
        for card_id in stats.weakest:
            figures = by_id[card_id]
            card = self.deck.card(card_id)
            right = f"{figures.recalled}/{figures.reviews} right"
            lines.append(
                Content.assemble(
                    (f"{card_id:>2} ", "bold"),
                    difficulty_chip(card.difficulty, width=6),
                    " ",
                    mastery_content(None if figures.new else figures.recall_at_interview),
                    (f"  {right:<9}  ", "$text-muted"),
                    card.question,
                )
            )
        return Content("\n").join(lines)

    def _show_plan(self, stats: Stats, plan: Plan | None) -> None:
        self.query_one(ReadinessChart).show(plan)
        today = self.query_one("#plan-today", Static)
        expected = _percent(stats.expected_recall)
        if plan is None:
            today.update(
                Content.assemble(
                    ("Expected recall in 24 h: ", "$text-muted"),
                    (expected, "bold"),
                    ("\nSet the interview date (p): the plan shows which cards to drill each day.", "$text-muted"),
                )
            )
            return
        lines = [
            Content.assemble(
                ("At the interview: ", "$text-muted"),
                (expected, "bold"),
                (" now → ", "$text-muted"),
                (_percent(plan.planned_recall), "bold $text-success"),
                (" with the plan", "$text-muted"),
            )
        ]
        if plan.today:
            lines.append(
                Content.assemble(
                    (f"Drill {counted(len(plan.today), 'card')}: ", "bold"),
                    ", ".join(map(str, plan.today)),
                    ("  (r)", "$text-muted"),
                )
            )
            if plan.at_risk:
                lines.append(
                    Content.styled(f"At risk, not due yet: {', '.join(map(str, plan.at_risk))}", "$text-warning")
                )
        else:
            lines.append(Content.styled("Nothing to drill today for the interview.", "$text-muted"))
        later = [d for d in plan.days[1:] if d.cards]
        if later:
            zone = plan.interview_at.tzinfo
            nxt = later[0].at.astimezone(zone)
            lines.append(
                Content.styled(
                    f"Next: {nxt:%a} {nxt.day} {nxt:%b}, {counted(len(later[0].cards), 'card')}",
                    "$text-muted",
                )
            )
        if plan.below_target:
            below = ", ".join(map(str, plan.below_target))
            lines.append(Content.styled(f"Below target even so: {below}", "bold $text-error"))
        today.update(Content("\n").join(lines))

    def _exercises(self, stats: Stats, now: datetime) -> Content:
        lines = []
        for kind in stats.exercises:
            if kind.attempts:
                record = f"{kind.correct} of {kind.attempts} right ({round(kind.correct / kind.attempts * 100)}%)"
                last = "right" if kind.last_correct else "wrong"
                detail = f"  {record} · last {last}"
            else:
                detail = "  not tried yet"
            lines.append(
                Content.assemble(
                    (f"{KIND_TITLES[kind.kind]:<12}", "bold"),
                    mastery_content(kind.retrievability(now)),
                    (f"  {'' if kind.is_new else due_label(kind.due, now, is_new=False):<12}", "$text-muted"),
                    detail,
                )
            )
        return Content("\n").join(lines)

    # -- actions -------------------------------------------------------------------------------------------------

    def action_drill_weakest(self) -> None:
        if self.stats is not None and self.stats.weakest:
            self._drill(self.stats.weakest, "Drill: weakest")

    @on(MasteryTile.Chosen)
    def _tile_chosen(self, event: MasteryTile.Chosen) -> None:
        self._drill([event.card_id], f"Drill: card {event.card_id}")

    def _drill(self, card_ids: list[int], title: str) -> None:
        self.post_message(OpenDrill(card_ids, title=title, clock=self.clock))

    def action_drill_due(self) -> None:
        self.post_message(OpenDrill(clock=self.clock))

    def action_cram(self) -> None:
        self.post_message(OpenCram(clock=self.clock))

    def action_plan(self) -> None:
        self.post_message(OpenPlan(then=self.reload, clock=self.clock))

    def action_close(self) -> None:
        self.dismiss(None)
