"""After a mock interview: the report. The interview is saved to the progress store by a worker first; the score,
the anchors and the comparison with earlier interviews are shown once it is (they come from the store).

Each question can be self-graded 1–4 (again, hard, good, easy): the grade is recorded, in a worker, as a ``mock``
review of the card, so it feeds the scheduler; grading again changes it (the earlier review is replaced). The keys
grade the highlighted question, which is always the one in the middle of the screen: scrolling (the wheel, pgup/pgdn)
moves the highlight with it, and ``j``/``k`` move both. A key point the scorer got wrong can be toggled between
heard and not heard (``space`` on the focused key point): the score updates and the correction is stored, in a
worker. ``s`` saves the report as Markdown in the data dir.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from quiz.interview import (
    ExerciseResult,
    InterviewReport,
    MockInterview,
    QuestionResult,
    report_markdown,
    signed_points,
)
from quiz.interview.typing_guard import NoGuard, TypingGuard
from quiz.progress import ProgressError, ProgressStore
from quiz.progress.interviews import record_overrides, record_report
from quiz.text_safety import printable
from quiz.tui.store_access import using_store
from quiz.tui.widgets.chip import Chip
from quiz.tui.widgets.countdown_bar import clock_text
from quiz.tui.widgets.exercise_answer_view import ExerciseAnswerView
from quiz.tui.widgets.interview_answer_view import ConceptRow, InterviewAnswerView
from quiz.tui.widgets.interview_scores_chart import InterviewScoresChart, ScorePoint
from quiz.tui.widgets.key_bar import KeyBar

STORE_ERRORS = (sqlite3.Error, OSError)
NOTHING_SAID = "nothing was answered, so this interview is not saved (it would count as 0 %)"


@dataclass(frozen=True)
class Stored:
    """What the saving worker found: the report (compared with earlier interviews), the new interview's id and how
    many the deck has now, their scores over time, and anything to tell the user."""

    report: InterviewReport
    previous_scores: list[float]
    previous_clean: list[bool] = field(default_factory=list)
    interview_id: int | None = None
    count: int = 0
    history: list[ScorePoint] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class GradeSaved:
    position: int
    grade: int
    error: str = ""
    review_id: int | None = None
    """The review recorded for an interview that could not be saved (a change of grade deletes it first)."""


def store_interview(interview: MockInterview, store: ProgressStore) -> Stored:
    """Read the deck's earlier scores, build the report, save the interview (self-grades become mock reviews).
    Reads and writes the disk: call from a worker."""
    try:
        earlier = [i for i in store.interviews(interview.deck_id) if i.score is not None]
    except (ProgressError, *STORE_ERRORS):
        earlier = []
    previous = [i.score for i in earlier if i.score is not None]
    clean = [i.clean for i in earlier]
    report = interview.report(previous_scores=previous, previous_clean=clean)
    if not report.anything_said:
        return Stored(report, previous, error=NOTHING_SAID)
    try:
        interview_id = record_report(store, report, mode="tui")
        stored = store.interviews(report.deck_id)
    except (ProgressError, *STORE_ERRORS) as exc:
        return Stored(report, previous, clean, error=f"could not save the interview: {exc}")
    return Stored(
        report,
        previous,
        clean,
        interview_id=interview_id,
        count=len(stored),
        history=InterviewScoresChart.points_from(stored),
    )


def record_self_grade(
    store: ProgressStore,
    interview: MockInterview,
    interview_id: int | None,
    position: int,
    grade: int,
    replaces: int | None = None,
) -> GradeSaved:
    """Record a self-grade as a ``mock`` review (on the saved interview's answer when there is one, which replaces
    its earlier grade; else a review of its own, replacing the review ``replaces``). Writes the disk: call from a
    worker."""
    result = next(r for r in interview.results if r.position == position)
    try:
        if interview_id is not None:
            store.set_interview_self_grade(interview_id, position, grade)
            return GradeSaved(position, grade)
        if replaces is not None:
            store.undo_last(interview.deck_id, replaces)
        review = store.record_review(
            interview.deck_id,
            result.card_id,
            grade,
            answer=result.answer,
            duration_s=result.time_s,
            mode="mock",
        )
    except (ProgressError, *STORE_ERRORS) as exc:
        return GradeSaved(position, grade, error=str(exc))
    return GradeSaved(position, grade, review_id=review.id)


def markdown_path(report: InterviewReport, folder: Path) -> Path:
    """``<folder>/mock-interview-<deck>-<local start time>.md``: one file an interview (saving again updates it)."""
    stamp = report.started_at.astimezone().strftime("%Y%m%d-%H%M%S")
    return folder / f"mock-interview-{report.deck_id or 'deck'}-{stamp}.md"


def write_markdown(text: str, report: InterviewReport, data_dir: Path) -> Path:
    """Write the report in the data dir, or in the working directory when the data dir cannot be written."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = markdown_path(report, data_dir)
        path.write_text(text, encoding="utf-8")
    except OSError:
        path = markdown_path(report, Path.cwd())
        path.write_text(text, encoding="utf-8")
    return path


def comparison_content(report: InterviewReport) -> Content:
    comp = report.comparison
    if comp.previous == 0 or comp.last is None or comp.previous_mean is None or comp.previous_best is None:
        return Content("Your first mock interview with this deck: the next ones will be compared with it.")
    parts = [
        Content.assemble(("Compared with ", "$text-muted"), f"{comp.previous} earlier: "),
        Content(f"last {round(comp.last * 100)}% ({signed_points(comp.score - comp.last)} points) · "),
        Content(f"mean {round(comp.previous_mean * 100)}% ({signed_points(comp.score - comp.previous_mean)}) · "),
        Content(f"best {round(comp.previous_best * 100)}%"),
    ]
    if comp.personal_best:
        parts.append(Content.styled("  ★ new personal best", "bold $text-success"))
    return Content.assemble(*parts)


class ReportScroll(VerticalScroll):
    """The report's scroll area; says when the user scrolls it (the wheel, the page keys), not when the focus
    moving to a question scrolls it."""

    class Scrolled(Message):
        """The user scrolled the report."""

    def on_mouse_scroll_down(self) -> None:
        self.post_message(self.Scrolled())

    def on_mouse_scroll_up(self) -> None:
        self.post_message(self.Scrolled())

    def action_page_down(self) -> None:
        super().action_page_down()
        self.post_message(self.Scrolled())

    def action_page_up(self) -> None:
        super().action_page_up()
        self.post_message(self.Scrolled())


MOCK_REPORT_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Close", tooltip="Back to the cards", id="mock-report-close"),
    Binding(
        "s",
        "save_markdown",
        "Save .md",
        tooltip="Save the report as Markdown in the data dir",
        id="mock-report-save",
    ),
    Binding("j,down", "next_question", "Next", show=False, tooltip="Next question", id="mock-report-next"),
    Binding("k,up", "previous_question", "Prev", show=False, tooltip="Previous question", id="mock-report-prev"),
]
"""Keys of the report screen; each question also takes 1–4 (``InterviewAnswerView.BINDINGS``)."""


class MockReportScreen(Screen[None]):
    """The report of a finished interview; esc goes back to the cards."""

    CSS_PATH = "mock_report.tcss"
    BINDINGS = MOCK_REPORT_BINDINGS

    def __init__(self, interview: MockInterview, data_dir: Path) -> None:
        super().__init__(id="mock-report")
        self.interview = interview
        self.data_dir = data_dir
        self.stored: Stored | None = None
        self.saved_path: Path | None = None
        self._store_worker: Worker[Stored] | None = None
        self._unsaved_reviews: dict[int, int] = {}
        self._grades_to_write: dict[int, int] = {}
        self._writing_grade = False
        """Position → the review a self-grade recorded when the interview itself could not be saved."""
        self.sub_title = "mock interview report"
        timed_out = interview.last_timed_out
        # After a timeout the user may still be typing the answer: a stray q or digit must not quit or grade.
        self.typing_guard: TypingGuard | NoGuard = TypingGuard(interview.clock) if timed_out else NoGuard()

    def compose(self) -> ComposeResult:
        yield Header()
        with ReportScroll(id="report"):
            with Vertical(id="summary") as summary:
                summary.border_title = "Report"
                summary.border_subtitle = (
                    "1–4: grade the highlighted question · j/k: next, previous · "
                    "tab, space: a key point heard or not · s: save .md"
                )
                yield LoadingIndicator(id="saving")
                yield Static("Saving the interview…", id="score-line")
                with Horizontal(id="anchors"):
                    yield Static("Anchors", id="anchors-label")
                yield Static("", id="anchors-note")
                yield Static("", id="comparison")
            history = InterviewScoresChart(id="history")
            history.display = False
            yield history
            asked: list[QuestionResult | ExerciseResult] = [*self.interview.results, *self.interview.exercise_results]
            for result in sorted(asked, key=lambda r: r.position):
                if isinstance(result, ExerciseResult):
                    yield ExerciseAnswerView(result, id=f"question-{result.position}")
                else:
                    yield InterviewAnswerView(result, id=f"question-{result.position}")
        yield KeyBar()

    def on_mount(self) -> None:
        self._store_worker = self._store()
        self.call_after_refresh(self.typing_guard.start)  # the grace counts from the first frame the user sees

    @on(ReportScroll.Scrolled)
    def _scrolled(self) -> None:
        self.call_after_refresh(self._follow_scroll)

    def _follow_scroll(self) -> None:
        """The highlighted question (the one 1–4 grade) is the one in the middle of the screen: when the user
        scrolls another one there (the mouse wheel, pgup/pgdn), the highlight moves to it. (j/k move the
        highlight, and the report scrolls to it.)"""
        report = self.query_one("#report", VerticalScroll)
        middle = report.region.y + report.region.height // 2
        views = list(self.query(InterviewAnswerView))
        focused = self.focused
        if isinstance(focused, InterviewAnswerView) and focused.region.y <= middle < focused.region.bottom:
            return
        for view in views:
            if view.region.y <= middle < view.region.bottom:
                view.focus(scroll_visible=False)
                return

    def on_key(self, event: Key) -> None:
        if not self.typing_guard.accepts():
            event.stop()  # keys typed for the answer that timed out: not for the report (nor the app's q)
            event.prevent_default()

    # -- saving the interview ---------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="mock-store", exit_on_error=False)
    def _store(self) -> Stored:
        with using_store(self.app) as store:
            return store_interview(self.interview, store)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        worker = event.worker
        if worker is self._store_worker:
            self._store_worker = None
            if event.state == WorkerState.SUCCESS and isinstance(worker.result, Stored):
                self._show_stored(worker.result)
            else:
                report = self.interview.report()
                self._show_stored(Stored(report, [], error=f"could not save the interview: {worker.error}"))
        elif worker.group == "self-grades":
            outcome = worker.result if event.state == WorkerState.SUCCESS else None
            self._writing_grade = False
            self.call_later(self._write_next_grade)
            if isinstance(outcome, GradeSaved):
                self._show_grade(outcome)
            else:
                self.notify(f"Could not record the self-grade: {worker.error}", severity="error")
        elif worker.group == "overrides":
            if event.state == WorkerState.ERROR:
                self.notify(f"Could not save the correction: {worker.error}", severity="error")
        elif worker.group == "markdown":
            if event.state == WorkerState.SUCCESS and isinstance(worker.result, Path):
                self.saved_path = worker.result
                self.notify(f"Saved the report to {worker.result}", title="Markdown")
            else:
                self.notify(f"Could not save the report: {worker.error}", title="Markdown", severity="error")

    def _report(self) -> InterviewReport:
        """The report as it stands now (self-grades and corrections included)."""
        stored = self.stored
        return self.interview.report(
            previous_scores=stored.previous_scores if stored else [],
            previous_clean=stored.previous_clean if stored else [],
        )

    def _show_score_line(self, report: InterviewReport) -> None:
        stored = self.stored
        assert stored is not None
        done = report.answered
        line = [
            Content.styled(f"Score {round(report.score * 100)}%", "bold $text-accent"),
            Content(f"  ·  {done} of {report.planned} questions  ·  {clock_text(report.time_s)}"),
        ]
        if stored.interview_id is not None:
            line.append(Content.styled(f"  ·  saved as interview #{stored.count} of this deck", "$text-muted"))
        elif stored.error == NOTHING_SAID:
            line.append(Content.styled(f"  ·  {stored.error}", "$text-warning"))
        else:
            line.append(Content.styled(f"  ·  {printable(stored.error)}", "$text-error"))
        self.query_one("#score-line", Static).update(Content.assemble(*line))
        self.query_one("#comparison", Static).update(comparison_content(report))

    def _show_stored(self, stored: Stored) -> None:
        self.stored = stored
        report = stored.report
        self.query_one("#saving", LoadingIndicator).display = False
        self.add_class("-stored")
        self._show_score_line(report)
        if stored.interview_id is None:
            self.notify(stored.error.capitalize(), severity="error", timeout=8)
        anchors = self.query_one("#anchors", Horizontal)
        if report.anchors.anchors:
            anchors.mount_all(
                Chip(printable(f"{'✓' if hit.said else '✗'} {hit.label}"), classes="-said" if hit.said else "-missing")
                for hit in report.anchors.anchors
            )
            missing = report.anchors.missing
            note = (
                "Every anchor of the tip was said."
                if not missing
                else printable(f"Never said: {', '.join(missing)}. The tip: name them in every answer.")
            )
        else:
            note = "This deck's tip has no anchors."
        self.query_one("#anchors-note", Static).update(note)
        if len(stored.history) >= 2:
            chart = self.query_one("#history", InterviewScoresChart)
            chart.show(stored.history)
            chart.display = True
        for graded in report.exercises:
            view = self.query_one(f"#question-{graded.position}", ExerciseAnswerView)
            self.call_later(view.show, graded)
        views = self.query("InterviewAnswerView, ExerciseAnswerView")
        if views:
            views.first().focus(scroll_visible=False)

    # -- self-grades ------------------------------------------------------------------------------------------------

    @on(InterviewAnswerView.Graded)
    def _graded(self, event: InterviewAnswerView.Graded) -> None:
        if self.stored is None:
            self.notify("One moment: the interview is still being saved.")
            return
        self.interview.set_self_grade(event.position, event.grade)
        event.view.show_saved(event.grade, "saving")
        self._grades_to_write[event.position] = event.grade  # a newer grade for the question replaces an older one
        self._write_next_grade()

    def _write_next_grade(self) -> None:
        """One self-grade write at a time, in order: the store ends up with the grade the screen shows."""
        if self._writing_grade or not self._grades_to_write:
            return
        position = next(iter(self._grades_to_write))
        self._writing_grade = True
        self._record_grade(position, self._grades_to_write.pop(position))

    @work(thread=True, group="self-grades", exit_on_error=False)
    def _record_grade(self, position: int, grade: int) -> GradeSaved:
        interview_id = self.stored.interview_id if self.stored else None
        with using_store(self.app) as store:
            return record_self_grade(
                store, self.interview, interview_id, position, grade, self._unsaved_reviews.get(position)
            )

    def _show_grade(self, outcome: GradeSaved) -> None:
        if outcome.review_id is not None:
            self._unsaved_reviews[outcome.position] = outcome.review_id
        view = self.query_one(f"#question-{outcome.position}", InterviewAnswerView)
        if view.grade != outcome.grade:
            return  # graded again since: that one's outcome will say
        if outcome.error:
            view.show_saved(outcome.grade, f"not saved: {outcome.error}")
            self.notify(f"Could not record the self-grade: {outcome.error}", severity="error")
        else:
            view.show_saved(outcome.grade, "saved")

    # -- corrections of the scorer ---------------------------------------------------------------------------------

    @on(ConceptRow.Toggled)
    def _toggled(self, event: ConceptRow.Toggled) -> None:
        if self.stored is None:
            self.notify("One moment: the interview is still being saved.")
            return
        view = next(a for a in event.row.ancestors if isinstance(a, InterviewAnswerView))
        result = self.interview.toggle_concept(view.result.position, event.label)
        view.show_result(result)
        report = self._report()
        self._show_score_line(report)
        if self.stored.interview_id is not None:
            self._record_overrides(self.stored.interview_id, report, result.position)

    @work(thread=True, group="overrides", exit_on_error=False)
    def _record_overrides(self, interview_id: int, report: InterviewReport, position: int) -> None:
        with using_store(self.app) as store:
            record_overrides(store, interview_id, report, position)

    # -- keys -------------------------------------------------------------------------------------------------------

    def action_save_markdown(self) -> None:
        report = self._report()
        self._write_markdown(report_markdown(report), report)

    @work(thread=True, exclusive=True, group="markdown", exit_on_error=False)
    def _write_markdown(self, text: str, report: InterviewReport) -> Path:
        return write_markdown(text, report, self.data_dir)

    def _move(self, step: int) -> None:
        views = list(self.query("InterviewAnswerView, ExerciseAnswerView"))
        if not views:
            return
        focused = self.focused
        if isinstance(focused, ConceptRow):
            focused = next((a for a in focused.ancestors if isinstance(a, InterviewAnswerView)), None)
        index = views.index(focused) if focused in views else -step
        target = views[max(0, min(len(views) - 1, index + step))]
        self.set_focus(target)

    def action_next_question(self) -> None:
        self._move(1)

    def action_previous_question(self) -> None:
        self._move(-1)

    def action_close(self) -> None:
        self.dismiss(None)
