"""Exercises: fresh numbers every time, graded by computation (``e`` from the study screen).

The list on the left chooses what comes next: the kind FSRS says is due first, or one kind (fan, scale, gain,
experiment), each with its schedule and record. The right side asks one exercise; the answer (a number or an
expression: ``sqrt(2/576)``) is read at once, and an answer that does not parse is explained under the box, inline,
with nothing graded. A readable answer is graded and saved in a worker (an experiment runs its demo there): then the
verdict, the computation with its numbers and, for an experiment, the demo's chart. ``enter`` or ``ctrl+n`` gives
the next exercise; ``ctrl+r`` shows the answer (graded wrong).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from quiz.exercises import (
    KIND_DESCRIPTIONS,
    KIND_TITLES,
    KINDS,
    Exercise,
    ExpressionError,
    Grade,
    evaluate,
    fresh_seed,
    make_exercise,
)
from quiz.progress import ProgressStore
from quiz.progress.exercises import ExerciseAttempt, KindState, kind_states, next_kind, record_grade
from quiz.progress.scheduling import utc
from quiz.tui.store_access import post_outcome
from quiz.tui.widgets.exercise_feedback import ExerciseFeedback, verdict_content
from quiz.tui.widgets.in_order import Field
from quiz.tui.widgets.mastery import mastery_content
from quiz.tui.widgets.mastery_tile import due_label

DUE = "due"
"""The list entry that lets FSRS choose the kind."""

EXERCISES_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+n", "next_exercise", "Next", tooltip="A new exercise (of the kind chosen on the left)", id="next-exercise"
    ),
    Binding("ctrl+r", "show_answer", "Show answer", tooltip="Show the answer (graded wrong)", id="show-answer"),
    Binding(
        "escape", "close", "Back", tooltip="Back to the cards (every graded answer is saved)", id="close-exercises"
    ),
]
"""Keys of the exercises screen (for the help screen too)."""

State = Literal["loading", "asking", "grading", "graded"]


@dataclass(frozen=True)
class Outcome:
    """What the grading worker found: the grade, the saved attempt (None if saving failed, with ``error``), and
    every kind's schedule after it."""

    grade: Grade
    attempt: ExerciseAttempt | None
    states: dict[str, KindState]
    error: str = ""


class ExercisesScreen(Screen[None]):
    """One exercise at a time; the kinds and their schedules on the left."""

    CSS_PATH = "exercises.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *EXERCISES_BINDINGS,
        Binding("enter,n", "next_if_graded", "Next", show=False, id="next-after-grade"),
    ]
    AUTO_FOCUS = "#exercise-answer"

    class StatesLoaded(Message):
        def __init__(self, states: dict[str, KindState] | None, error: str) -> None:
            super().__init__()
            self.states = states
            self.error = error

    class Graded(Message):
        def __init__(self, outcome: Outcome | None, error: str) -> None:
            super().__init__()
            self.outcome = outcome
            self.error = error

    def __init__(
        self,
        store: ProgressStore,
        *,
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(id="exercises")
        self.store = store
        self.clock = clock
        self.rng = rng
        self.states: dict[str, KindState] = {kind: KindState(kind) for kind in KINDS}
        self.mode = DUE
        self.exercise: Exercise | None = None
        self.state: State = "loading"
        self.last: Outcome | None = None
        self._asked_at = 0.0

    def now(self) -> datetime:
        return utc(self.clock() if self.clock else None)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="exercises-body"):
            kinds = OptionList(id="kinds")
            kinds.border_title = "Next exercise"
            kinds.border_subtitle = "enter: choose"
            yield kinds
            with VerticalScroll(id="exercise"):
                yield Static("", id="exercise-meta")
                yield Static("Loading your progress…", id="exercise-question", markup=False)
                yield Field(
                    id="exercise-answer",
                    placeholder="A number or an expression: 0.0589, 5.89e-2, sqrt(2/576), 2^-19",
                    max_length=1000,  # the parser names anything past 200 characters as too long
                    disabled=True,
                )
                yield Static("", id="exercise-message")
                yield LoadingIndicator(id="exercise-grading")
                yield ExerciseFeedback(id="exercise-feedback")
                yield Static("", id="exercise-saved")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "exercises"
        # Focusable only once an answer is graded (to scroll the feedback): tab and shift+tab go between the answer
        # box and the list while asking.
        self.query_one("#exercise", VerticalScroll).can_focus = False
        self.query_one("#exercise-grading").display = False
        self.query_one(ExerciseFeedback).display = False
        self._fill_kinds()
        self._load_states()

    # -- the kinds on the left -------------------------------------------------------------------------------------

    def _kind_prompt(self, kind: str) -> Content:
        state = self.states.get(kind, KindState(kind))
        now = self.now()
        record = f"{state.correct} of {state.attempts} right" if state.attempts else "not tried yet"
        schedule = "" if state.is_new else f"  {due_label(state.due, now, is_new=False)}"
        return Content.assemble(
            (f"{KIND_TITLES[kind]:<12}", "bold"),
            mastery_content(state.retrievability(now)),
            (f"{schedule}\n", "$text-muted"),
            (f"  {record}", "$text-muted"),
        )

    def _due_prompt(self) -> Content:
        kind = next_kind(self.states, self.now())
        return Content.assemble(
            ("Due first", "bold"), ("  (FSRS)\n", "$text-muted"), (f"  now: {KIND_TITLES[kind]}", "$text-muted")
        )

    def _fill_kinds(self) -> None:
        kinds = self.query_one("#kinds", OptionList)
        highlighted = kinds.highlighted
        kinds.clear_options()
        kinds.add_options([Option(self._due_prompt(), id=DUE), *(Option(self._kind_prompt(k), id=k) for k in KINDS)])
        kinds.highlighted = highlighted if highlighted is not None else 0

    @on(OptionList.OptionSelected, "#kinds")
    def _kind_chosen(self, event: OptionList.OptionSelected) -> None:
        self.mode = event.option.id or DUE
        self._new_exercise()

    # -- loading ---------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="exercise-states", exit_on_error=False)
    def _load_states(self) -> None:
        post_outcome(self, self.store, lambda: kind_states(self.store), self.StatesLoaded)

    @on(StatesLoaded)
    def _states_loaded(self, event: StatesLoaded) -> None:
        if event.states is None:
            self.notify(
                f"Could not read your progress ({event.error}): kinds are offered in order.",
                title="Exercises",
                severity="warning",
            )
        else:
            self.states = event.states
        self._fill_kinds()
        if self.exercise is None:
            self._new_exercise()

    # -- asking ----------------------------------------------------------------------------------------------------

    def _new_exercise(self) -> None:
        kind = next_kind(self.states, self.now()) if self.mode == DUE else self.mode
        exercise = make_exercise(kind, fresh_seed(self.rng))
        self.exercise = exercise
        self.state = "asking"
        self.last = None
        self.query_one("#exercise-meta", Static).update(
            Content.assemble(
                (KIND_TITLES[exercise.kind], "bold $text-accent"),
                (f"  ·  seed {exercise.seed}  ·  graded {exercise.tolerance.text}\n", "$text-muted"),
                (KIND_DESCRIPTIONS[exercise.kind], "italic $text-muted"),
            )
        )
        self.query_one("#exercise-question", Static).update(exercise.question)
        self._message("")
        self.query_one("#exercise-saved", Static).update(
            Content.styled("enter: grade · ctrl+r: show the answer · ctrl+n: another one", "$text-muted")
        )
        self.call_later(self.query_one(ExerciseFeedback).clear)
        answer = self.query_one("#exercise-answer", Input)
        answer.disabled = False
        answer.value = ""
        answer.focus()
        self.query_one("#exercise", VerticalScroll).can_focus = False
        self._asked_at = time.monotonic()

    def _message(self, text: str) -> None:
        message = self.query_one("#exercise-message", Static)
        message.update(Content.styled(text, "$text-error") if text else "")
        message.display = bool(text)
        self.query_one("#exercise-answer", Input).set_class(bool(text), "-invalid")

    @on(Input.Changed, "#exercise-answer")
    def _typing(self) -> None:
        if self.state == "asking":
            self._message("")

    @on(Input.Submitted, "#exercise-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state != "asking" or self.exercise is None:
            return
        try:
            value = evaluate(event.value)
        except ExpressionError as exc:
            self._message(f"✗ Could not read that: {exc}")
            return
        self._grade(event.value, value)

    def action_show_answer(self) -> None:
        if self.state == "asking":
            self._grade("", None)

    def _grade(self, text: str, value: float | None) -> None:
        exercise = self.exercise
        assert exercise is not None
        self.state = "grading"
        self._message("")
        self.query_one("#exercise-answer", Input).disabled = True
        grading = self.query_one("#exercise-grading", LoadingIndicator)
        grading.display = True
        note = "Running the demo…" if exercise.needs_computation else "Grading…"
        self.query_one("#exercise-saved", Static).update(Content.styled(note, "$text-muted"))
        self._grade_and_save(exercise, text, value, max(0.0, time.monotonic() - self._asked_at))

    @work(thread=True, exclusive=True, group="exercise-grade", exit_on_error=False)
    def _grade_and_save(self, exercise: Exercise, text: str, value: float | None, seconds: float) -> None:
        # In a worker: an experiment runs its demo here, and the attempt is written to the store.
        def work() -> Outcome:
            grade = exercise.no_answer() if value is None else exercise.grade_value(value, text)
            try:
                attempt = record_grade(self.store, grade, duration_s=seconds, now=self.clock() if self.clock else None)
                states = kind_states(self.store)
            except Exception as exc:  # the store says why (busy, damaged, read-only): shown, the grade stays
                return Outcome(grade, None, self.states, error=str(exc))
            return Outcome(grade, attempt, states)

        post_outcome(self, self.store, work, self.Graded)

    @on(Graded)
    async def _graded(self, event: Graded) -> None:
        self.query_one("#exercise-grading", LoadingIndicator).display = False
        saved = self.query_one("#exercise-saved", Static)
        outcome = event.outcome
        if outcome is None:  # the exercise could not be solved (its demo failed)
            self.state = "asking"
            self.query_one("#exercise-answer", Input).disabled = False
            self._message(f"✗ This exercise could not be graded: {event.error}. ctrl+n gives another one.")
            saved.update("")
            return
        self.last = outcome
        self.state = "graded"
        grade = outcome.grade
        await self.query_one(ExerciseFeedback).show(
            verdict_content(grade.verdict, grade.summary()), grade.solution.explanation, grade.solution.series
        )
        if outcome.attempt is None:
            saved.update(Content.styled(f"✗ Not saved: {outcome.error}", "$text-error"))
        else:
            self.states = outcome.states
            self._fill_kinds()
            state = self.states[grade.exercise.kind]
            when = due_label(state.due, self.now(), is_new=False)
            rating = "good" if outcome.attempt.grade == 3 else "again"
            saved.update(
                Content.assemble(
                    ("✓ Saved", "$text-success"),
                    f": {KIND_TITLES[grade.exercise.kind]} graded {rating}, {when}",
                    ("  ·  enter: next exercise", "$text-muted"),
                )
            )
        body = self.query_one("#exercise", VerticalScroll)
        body.can_focus = True
        body.focus()

    # -- actions ---------------------------------------------------------------------------------------------------

    def action_next_exercise(self) -> None:
        if self.state != "grading":
            self._new_exercise()

    def action_next_if_graded(self) -> None:
        if self.state == "graded":
            self._new_exercise()

    def action_close(self) -> None:
        self.dismiss(None)
