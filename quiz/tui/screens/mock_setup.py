"""Before a mock interview: how many questions, how much time, which cards, in what order.

Dismisses with the :class:`~quiz.interview.InterviewSettings` to run, or ``None`` when cancelled. Every change is
checked at once: a bad number says why beside the form and Start stays disabled until it is fixed.
"""

from __future__ import annotations

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
    DEFAULT_QUESTIONS,
    SECONDS_BY_DIFFICULTY,
    InterviewError,
    InterviewSettings,
    Order,
    parse_seconds,
    pick_questions,
)

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
    seed: int | None = None
    """Not on the form: a fixed question order (tests, demos)."""


@dataclass(frozen=True)
class SetupCheck:
    """The settings the form makes (``None`` if it cannot), the problem with it, and a line about what will run."""

    settings: InterviewSettings | None
    problem: str = ""
    summary: str = ""


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
            with Horizontal(classes="row group"):
                yield Label("Order", classes="field")
                yield Select(ORDERS, value=form.order, allow_blank=False, id="order", compact=True)
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
