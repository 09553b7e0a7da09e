"""One exercise of a mock interview report: the time, the question, the answer given beside the computed one, the
verdict and the computation (for an experiment, the demo's chart). Graded by computation: no self-grade."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.exercises import KIND_TITLES
from quiz.interview import ExerciseResult
from quiz.tui.styles import tcss
from quiz.tui.widgets.countdown_bar import clock_text
from quiz.tui.widgets.exercise_feedback import ExerciseFeedback, verdict_content


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


class ExerciseAnswerView(Vertical):
    """A report's exercise; :meth:`show` fills in the grade once the report is made (in a worker)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False
    can_focus = True

    def __init__(self, result: ExerciseResult, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result = result
        time = (
            "not reached" if not result.reached else f"{clock_text(result.time_s)} of {clock_text(result.time_limit_s)}"
        )
        timed_out = " · timed out" if result.timed_out and result.reached else ""
        self.border_title = f"{result.position + 1}. Exercise · {KIND_TITLES[result.kind]} · {time}{timed_out}"
        self.border_subtitle = "grading…"
        self.set_class(result.timed_out, "-timed-out")

    def compose(self) -> ComposeResult:
        result = self.result
        yield Static(f"seed {result.seed}: {result.question}", classes="answer-question", markup=False)
        with Horizontal(classes="answer-columns"):
            with Vertical(classes="answer-typed") as typed:
                typed.border_title = "Your answer"
                yield Static(result.answer.strip() or "(nothing typed)", markup=False, classes="answer-text")
            with Vertical(classes="answer-reference") as reference:
                reference.border_title = "Computed answer"
                yield Static("…", markup=False, classes="answer-text answer-computed")
        yield ExerciseFeedback()

    async def show(self, result: ExerciseResult) -> None:
        """Show the graded ``result``: the computed answer, the verdict, the computation and any chart."""
        self.result = result
        self.border_subtitle = "✓ right" if result.correct else "✗ wrong"
        self.set_class(result.correct, "-right")
        self.query_one(".answer-computed", Static).update(_number(result.expected))
        tolerance = result.exercise.tolerance.text
        if result.given is not None:
            summary = f"the answer is {_number(result.expected)}; you said {_number(result.given)} (graded {tolerance})"
        else:
            summary = f"the answer is {_number(result.expected)}" + (f" ({result.note})" if result.note else "")
        verdict = "Right" if result.correct else ("Wrong" if result.given is not None else "No answer")
        series = result.exercise.solution().series if result.expected is not None else ()
        await self.query_one(ExerciseFeedback).show(
            verdict_content(verdict, summary) if result.expected is not None else Content(result.note),
            result.explanation,
            series,
        )
