"""Before a mock interview: how many questions, how much time, which cards, in what order.

Dismisses with the :class:`~quiz.interview.InterviewSettings` to run, or ``None`` when cancelled. Every change is
checked at once: a bad number says why beside the form and Start stays disabled until it is fixed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar, Literal, cast, get_args

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from quiz.deck import Deck, Difficulty, Tag
from quiz.interview import (
    DEFAULT_FOLLOW_UPS,
    DEFAULT_QUESTIONS,
    MAX_FOLLOW_UPS,
    SECONDS_BY_DIFFICULTY,
    InterviewError,
    InterviewSettings,
    Order,
    pick_questions,
)

Timing = Literal["difficulty", "per-question", "total"]
DEFAULT_ORDER: Order = "weakest"
DEFAULT_SECONDS: dict[Timing, str] = {"difficulty": "", "per-question": "90", "total": "600"}
SECONDS_HINTS: dict[Timing, str] = {"difficulty": "(by difficulty)", "per-question": "per question", "total": "in all"}
MIN_SECONDS = 5.0
MAX_SECONDS = 4 * 3600.0
CRAMPED_WIDTH = 72
"""Narrower than this, the check boxes go two to a line."""

_BY_DIFFICULTY = " · ".join(f"{d.capitalize()} {s:g} s" for d, s in SECONDS_BY_DIFFICULTY.items())
TIMINGS: list[tuple[str, Timing]] = [
    (f"By difficulty ({' / '.join(f'{s:g}' for s in SECONDS_BY_DIFFICULTY.values())} s)", "difficulty"),
    ("The same for every question", "per-question"),
    ("One budget for the whole interview", "total"),
]
ORDERS: list[tuple[str, Order]] = [("Weakest cards first", "weakest"), ("Random", "random")]
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
    follow_ups: str = str(DEFAULT_FOLLOW_UPS)
    """At most this many follow-up questions after each answer (0: none)."""
    seed: int | None = None
    """Not on the form: a fixed question order (tests, demos)."""


@dataclass(frozen=True)
class SetupCheck:
    """The settings the form makes (``None`` if it cannot), the problem with it, and a line about what will run."""

    settings: InterviewSettings | None
    problem: str = ""
    summary: str = ""


def parse_seconds(text: str) -> float:
    """``"90"``, ``"90 s"``, ``"1:30"`` or ``"2m"`` → seconds. ValueError with a message for anything else."""
    raw = text.strip().lower().removesuffix("s").strip()
    try:
        if ":" in raw:
            minutes, _, seconds = raw.partition(":")
            value = int(minutes) * 60 + float(seconds)
        elif raw.endswith("m"):
            value = float(raw[:-1]) * 60
        else:
            value = float(raw)
    except ValueError:
        raise ValueError(f"{text.strip() or 'nothing'!r} is not a time: type seconds (90) or m:ss (1:30)") from None
    if not math.isfinite(value) or value < MIN_SECONDS:
        raise ValueError(f"the time must be at least {MIN_SECONDS:g} s")
    if value > MAX_SECONDS:
        raise ValueError(f"the time must be at most {MAX_SECONDS / 3600:g} hours")
    return value


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:g} s"


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
        )
        matching = len(pick_questions(deck.cards, settings.model_copy(update={"questions": len(deck.cards)})))
    except InterviewError as exc:
        return SetupCheck(None, f"{str(exc).capitalize()}.")
    except ValidationError as exc:
        return SetupCheck(None, exc.errors()[0]["msg"])
    asked = min(questions, matching)
    summary = f"{matching} card{'s' if matching != 1 else ''} match · {asked} question{'s' if asked != 1 else ''}"
    if asked < questions:
        summary += f" (only {matching} match)"
    if form.timing == "per-question" and seconds is not None:
        summary += f" · {_minutes(seconds)} each, {_minutes(seconds * asked)} at most"
    elif form.timing == "total" and seconds is not None:
        summary += f" · {_minutes(seconds)} in all"
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
                    yield Input(form.questions, id="questions", compact=True, max_length=4)
                with Horizontal(classes="row"):
                    yield Label("Time", classes="field")
                    yield Select(TIMINGS, value=form.timing, allow_blank=False, id="timing", compact=True)
                with Horizontal(classes="row", id="seconds-row"):
                    yield Label("Seconds", classes="field")
                    yield Input(form.seconds, id="seconds", compact=True, max_length=10, placeholder="90 or 1:30")
                    yield Label("", id="seconds-hint")
            with Vertical(classes="group"):
                with Horizontal(classes="row"):
                    yield Label("Difficulty", classes="field")
                    with Horizontal(classes="checks"):
                        for difficulty in DIFFICULTY_VALUES:
                            yield Checkbox(
                                difficulty.capitalize(),
                                difficulty in form.difficulties,
                                id=f"difficulty-{difficulty}",
                                classes=f"difficulty -{difficulty}",
                                compact=True,
                            )
                with Horizontal(classes="row"):
                    yield Label("Tags (any)", classes="field")
                    with Horizontal(classes="checks"):
                        for tag in TAG_VALUES:
                            yield Checkbox(tag, tag in form.tags, id=f"tag-{tag.lower()}", classes="tag", compact=True)
            with Vertical(classes="group"):
                with Horizontal(classes="row"):
                    yield Label("Order", classes="field")
                    yield Select(ORDERS, value=form.order, allow_blank=False, id="order", compact=True)
                with Horizontal(classes="row"):
                    yield Label("Follow-ups", classes="field")
                    yield Input(form.follow_ups, id="follow-ups", compact=True, max_length=2)
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
