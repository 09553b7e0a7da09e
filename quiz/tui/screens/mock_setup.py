"""Before a mock interview: how many questions, how much time, which cards, in what order, how many exercises.

Dismisses with the :class:`~quiz.interview.InterviewSettings` to run, or ``None`` when cancelled. Every change is
checked at once: a bad number says why beside the form and Start stays disabled until it is fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, cast, get_args

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from quiz.deck import Deck, Difficulty, Tag
from quiz.interview import (
    DEFAULT_EXERCISE_EVERY,
    DEFAULT_FOLLOW_UPS,
    DEFAULT_QUESTIONS,
    MAX_FOLLOW_UPS,
    SECONDS_BY_DIFFICULTY,
    InterviewError,
    InterviewSettings,
    Order,
    exercise_count,
    parse_seconds,
    pick_questions,
)
from quiz.interview.follow_ups import FOLLOW_UP_SHARE
from quiz.tui.widgets.in_order import Field
from quiz.tui.widgets.tick_box import TickBox

Timing = Literal["difficulty", "per-question", "total"]
DEFAULT_ORDER: Order = "weakest"
DEFAULT_SECONDS: dict[Timing, str] = {"difficulty": "", "per-question": "90", "total": "600"}
SECONDS_HINTS: dict[Timing, str] = {"difficulty": "(by difficulty)", "per-question": "per question", "total": "in all"}
CRAMPED_WIDTH = 72
"""Narrower than this, the check boxes go two to a line."""

_BY_DIFFICULTY = " · ".join(f"{d.capitalize()} {s:g} s" for d, s in SECONDS_BY_DIFFICULTY.items())
TIMINGS: list[tuple[str, Timing]] = [
    (f"By difficulty ({' / '.join(f'{s:g}' for s in SECONDS_BY_DIFFICULTY.values())} s)", "difficulty"),
    ("The same for every question", "per-question"),
    ("One budget for the whole interview", "total"),
]
ORDERS: list[tuple[str, Order]] = [("Weakest cards first", "weakest"), ("Random", "random")]
EXERCISE_MIXES: list[tuple[str, int]] = [
    ("None: cards only", 0),
    ("1 question in 2", 2),
    ("1 question in 3", 3),
    ("1 question in 5", 5),
    ("1 question in 10", 10),
]
"""How many questions are exercises graded by computation (fans, scales, gains, experiments)."""
DIFFICULTY_VALUES: tuple[Difficulty, ...] = get_args(Difficulty)
TAG_VALUES: tuple[Tag, ...] = get_args(Tag)


@dataclass(frozen=True)
class SetupForm:
    """What the form holds, as typed."""

    questions: str = str(DEFAULT_QUESTIONS)
    timing: Timing = "difficulty"
    seconds: str = ""
    difficulties: tuple[Difficulty, ...] = ()
    tags: tuple[Tag, ...] = ()
    order: Order = DEFAULT_ORDER
    exercise_every: int = DEFAULT_EXERCISE_EVERY
    """One question in every this many is an exercise (0: none)."""
    follow_ups: str = str(DEFAULT_FOLLOW_UPS)
    """At most this many follow-up questions after each answer (0: none)."""
    seed: int | None = None
    """Not on the form: a fixed question order (tests, demos)."""

    def saved(self) -> dict[str, Any]:
        """The form as ``settings.json`` keeps it (the seed is not kept: it is for tests)."""
        return {
            "questions": self.questions,
            "timing": self.timing,
            "seconds": self.seconds,
            "difficulties": list(self.difficulties),
            "tags": list(self.tags),
            "order": self.order,
            "follow_ups": self.follow_ups,
        }

    @classmethod
    def from_saved(cls, saved: Mapping[str, Any]) -> SetupForm:
        """A form from :meth:`saved`'s dict; anything missing, of the wrong type or no longer valid takes its
        default (a hand-edited or old settings file never stops the setup from opening)."""
        default = cls()

        def text(name: str, fallback: str) -> str:
            value = saved.get(name)
            return value[:10] if isinstance(value, str) else fallback

        def chosen(name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            value = saved.get(name)
            return tuple(v for v in allowed if isinstance(value, list) and v in value)

        timing = saved.get("timing")
        order = saved.get("order")
        return cls(
            questions=text("questions", default.questions),
            timing=cast(Timing, timing) if timing in get_args(Timing) else default.timing,
            seconds=text("seconds", default.seconds),
            difficulties=cast("tuple[Difficulty, ...]", chosen("difficulties", DIFFICULTY_VALUES)),
            tags=cast("tuple[Tag, ...]", chosen("tags", TAG_VALUES)),
            order=cast(Order, order) if order in get_args(Order) else default.order,
            follow_ups=text("follow_ups", default.follow_ups),
        )


@dataclass(frozen=True)
class SetupCheck:
    """The settings the form makes (``None`` if it cannot), the problem with it, and a line about what will run."""

    settings: InterviewSettings | None
    problem: str = ""
    summary: str = ""


def duration_text(seconds: float) -> str:
    """``90 s``, ``2 min``, ``4 min 30 s``, ``1 h 5 min``: exact to the second (``3 × 90 s`` is ``4 min 30 s``, never
    a rounded "4 min")."""
    total = round(seconds)
    if total < 120:
        return f"{total} s"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs:
        parts.append(f"{secs} s")
    return " ".join(parts)


def check_form(form: SetupForm, deck: Deck) -> SetupCheck:
    """The settings for ``form`` on ``deck``, or why there are none."""
    text = form.questions.strip()
    try:
        questions = int(text)
    except ValueError:
        return SetupCheck(None, f"Questions: {text or 'nothing'!r} is not a whole number")
    if questions < 1:
        return SetupCheck(None, "Questions: at least 1")
    follow_text = form.follow_ups.strip()
    try:
        follow_ups = int(follow_text)
    except ValueError:
        return SetupCheck(None, f"Follow-ups: {follow_text or 'nothing'!r} is not a whole number")
    if not 0 <= follow_ups <= MAX_FOLLOW_UPS:
        return SetupCheck(None, f"Follow-ups: from 0 to {MAX_FOLLOW_UPS}")
    seconds: float | None = None
    if form.timing != "difficulty":
        try:
            seconds = parse_seconds(form.seconds)
        except ValueError as exc:
            return SetupCheck(None, f"Time: {exc}")
    try:
        settings = InterviewSettings(
            questions=questions,
            seconds_per_question=seconds if form.timing == "per-question" else None,
            total_seconds=seconds if form.timing == "total" else None,
            difficulties=form.difficulties,
            tags=form.tags,
            order=form.order,
            seed=form.seed,
            follow_ups=follow_ups,
            exercise_every=form.exercise_every,
        )
        matching = len(pick_questions(deck.cards, settings.model_copy(update={"questions": len(deck.cards)})))
    except InterviewError as exc:
        return SetupCheck(None, f"{str(exc).capitalize()}.")
    except ValidationError as exc:
        return SetupCheck(None, exc.errors()[0]["msg"])
    exercises = exercise_count(settings)
    cards = min(questions - exercises, matching)
    asked = cards + exercises
    summary = f"{matching} card{'s' if matching != 1 else ''} match · {asked} question{'s' if asked != 1 else ''}"
    if exercises:
        summary += f" ({cards} card{'s' if cards != 1 else ''}, {exercises} exercise{'s' if exercises != 1 else ''})"
    if asked < questions:
        summary += f" (only {matching} match)"
    if form.timing == "per-question" and seconds is not None:
        # A follow-up takes half its question's time: the most an interview can take counts them in.
        longest = seconds * (exercises + cards * (1 + FOLLOW_UP_SHARE * follow_ups))
        summary += f" · {duration_text(seconds)} each, {duration_text(longest)} at most"
        if follow_ups and cards:
            summary += " with the follow-ups"
    elif form.timing == "total" and seconds is not None:
        summary += f" · {duration_text(seconds)} in all"
    else:
        summary += f" · {_BY_DIFFICULTY}"
    if follow_ups:
        summary += f" · up to {follow_ups} follow-up{'s' if follow_ups != 1 else ''} a question (half its time)"
    return SetupCheck(settings, "", summary)


class MockSetupScreen(ModalScreen[InterviewSettings | None]):
    """The mock interview's settings. Enter in a field (or Start) starts; esc cancels."""

    CSS_PATH = "mock_setup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without starting an interview", id="mock-setup-cancel"),
        Binding("ctrl+s", "start", "Start", tooltip="Start the interview with these settings", id="mock-setup-start"),
    ]
    AUTO_FOCUS = "#start"

    def __init__(self, deck: Deck, form: SetupForm | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.initial = form or SetupForm()
        self.check = check_form(self.initial, deck)

    def compose(self) -> ComposeResult:
        form = self.initial
        with Vertical(id="setup-box") as box:
            box.border_title = "Mock interview"
            box.border_subtitle = "enter / ctrl+s: start · esc: cancel"
            with Vertical(classes="group"):
                with Horizontal(classes="row"):
                    yield Label("Questions", classes="field")
                    yield Field(form.questions, id="questions", compact=True, max_length=4)
                with Horizontal(classes="row"):
                    yield Label("Time", classes="field")
                    yield Select(TIMINGS, value=form.timing, allow_blank=False, id="timing", compact=True)
                with Horizontal(classes="row", id="seconds-row"):
                    yield Label("Seconds", classes="field")
                    yield Field(form.seconds, id="seconds", compact=True, max_length=10, placeholder="90 or 1:30")
                    yield Label("", id="seconds-hint")
            with Vertical(classes="group"):
                with Horizontal(classes="row"):
                    yield Label("Difficulty", classes="field")
                    with Horizontal(classes="checks"):
                        for difficulty in DIFFICULTY_VALUES:
                            yield TickBox(
                                difficulty.capitalize(),
                                difficulty in form.difficulties,
                                id=f"difficulty-{difficulty}",
                                classes=f"difficulty -{difficulty}",
                                compact=True,
                            )
                with Horizontal(classes="row"):
                    yield Label("Any tag of", classes="field")
                    with Horizontal(classes="checks"):
                        for tag in TAG_VALUES:
                            yield TickBox(tag, tag in form.tags, id=f"tag-{tag.lower()}", classes="tag", compact=True)
            with Horizontal(classes="row group"):
                yield Label("Order", classes="field")
                yield Select(ORDERS, value=form.order, allow_blank=False, id="order", compact=True)
            with Horizontal(classes="row group"):
                yield Label("Exercises", classes="field")
                yield Select(
                    EXERCISE_MIXES, value=form.exercise_every, allow_blank=False, id="exercise-mix", compact=True
                )
            with Horizontal(classes="row group"):
                yield Label("Follow-ups", classes="field")
                yield Field(form.follow_ups, id="follow-ups", compact=True, max_length=2)
                yield Label("a question, on key points missed (0: none)", id="follow-ups-hint")
            yield Static("", id="setup-status", markup=False)
            with Horizontal(id="setup-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start", id="start", variant="primary")

    def on_mount(self) -> None:
        self._refresh()

    def on_resize(self) -> None:
        self.set_class(self.size.width < CRAMPED_WIDTH, "-cramped")

    # -- reading and checking the form ----------------------------------------------------------------------------

    def form(self) -> SetupForm:
        """The form as it stands."""
        return SetupForm(
            questions=self.query_one("#questions", Input).value,
            timing=cast(Timing, self.query_one("#timing", Select).value),
            seconds=self.query_one("#seconds", Input).value,
            difficulties=tuple(d for d in DIFFICULTY_VALUES if self.query_one(f"#difficulty-{d}", Checkbox).value),
            tags=tuple(t for t in TAG_VALUES if self.query_one(f"#tag-{t.lower()}", Checkbox).value),
            order=cast(Order, self.query_one("#order", Select).value),
            exercise_every=cast(int, self.query_one("#exercise-mix", Select).value),
            follow_ups=self.query_one("#follow-ups", Input).value,
            seed=self.initial.seed,
        )

    def _refresh(self) -> None:
        form = self.form()
        self.check = check_form(form, self.deck)
        by_difficulty = form.timing == "difficulty"
        seconds = self.query_one("#seconds", Input)
        seconds.disabled = by_difficulty
        self.query_one("#seconds-row").display = not by_difficulty
        self.query_one("#seconds-hint", Label).update(SECONDS_HINTS[form.timing])
        status = self.query_one("#setup-status", Static)
        status.update(self.check.problem or self.check.summary)
        status.set_class(bool(self.check.problem), "-error")
        self.query_one("#start", Button).disabled = self.check.settings is None
        self.query_one("#questions", Input).set_class(self.check.problem.startswith("Questions"), "-invalid")
        seconds.set_class(self.check.problem.startswith("Time"), "-invalid")
        self.query_one("#follow-ups", Input).set_class(self.check.problem.startswith("Follow-ups"), "-invalid")

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed, "#order")
    @on(Select.Changed, "#exercise-mix")
    def _changed(self) -> None:
        self._refresh()

    @on(Select.Changed, "#timing")
    def _timing_changed(self, event: Select.Changed) -> None:
        seconds = self.query_one("#seconds", Input)
        timing = cast(Timing, event.value)
        if seconds.value.strip() in ("", *DEFAULT_SECONDS.values()):
            with seconds.prevent(Input.Changed):
                seconds.value = DEFAULT_SECONDS[timing]
        self._refresh()

    # -- leaving ---------------------------------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start_asked(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_start(self) -> None:
        self._refresh()
        if self.check.settings is None:
            self.app.bell()
            return
        self.dismiss(self.check.settings)

    def action_cancel(self) -> None:
        self.dismiss(None)
