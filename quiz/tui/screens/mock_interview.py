"""The mock interview itself: one question at a time against the clock, answers typed in a box.

A timer calls the engine's :meth:`~quiz.interview.MockInterview.tick` a few times a second with the answer so far:
at zero the engine submits it (timed out) and the next question comes. The engine's clock is injectable, so tests
move time with a :class:`~quiz.interview.FakeClock`. After an answer that missed key points, the engine may ask
follow-up questions: each shows in place of the question ("Follow-up 1 on question 2"), with its own countdown
(half the question's time) and an empty answer box. Dismisses with the finished interview, or ``None`` when the
user abandons it (nothing is saved then).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Header, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from quiz.deck import Card, Deck
from quiz.interview import Clock, FollowUpResult, InterviewError, InterviewSettings, MockInterview, exercise_count
from quiz.progress.exercises import due_order, kind_states
from quiz.text_safety import printable
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.store_access import card_lapses, card_mastery, using_store
from quiz.tui.widgets.chip import Chip, card_chips
from quiz.tui.widgets.countdown_bar import CountdownBar
from quiz.tui.widgets.in_order import TextBox
from quiz.tui.widgets.key_bar import KeyBar

CARD_PLACEHOLDER = "Type your answer as you would say it: full sentences, not keywords."
EXERCISE_PLACEHOLDER = "A number or an expression: 0.0589, 5.89e-2, sqrt(2/576), 2^-19. Graded in the report."
Progress = tuple[dict[int, float | None], dict[int, int], list[str]]
"""What the start-up worker reads: each card's readiness and lapses (what "weakest first" orders by), and the
exercise kinds in the order they are due."""
TICK_SECONDS = 0.2
"""How often the countdown is redrawn and the engine asked whether time is up."""
SUBMIT_KEYS = "ctrl+s or ctrl+enter"

MOCK_INTERVIEW_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "submit", "Submit", tooltip="Submit the answer and go to the next question", id="mock-submit"),
    Binding(
        "ctrl+enter,ctrl+j",
        "submit",
        "Submit",
        show=False,
        tooltip="Submit the answer (where the terminal can send ctrl+enter)",
        id="mock-submit-enter",
    ),
    Binding(
        "escape", "abandon", "Abandon", tooltip="Stop the interview (asks first; nothing is saved)", id="mock-quit"
    ),
    Binding(
        "q",
        "abandon",
        "Abandon",
        show=False,
        tooltip="Asks before abandoning: q does not quit in the middle of an interview",
        id="mock-quit-q",
    ),
]
"""Keys of the interview screen (for the help screen too)."""


class MockInterviewScreen(Screen[MockInterview | None]):
    """Question, countdown, answer box; submit with ctrl+s (or ctrl+enter, or the button); esc to abandon."""

    CSS_PATH = "mock_interview.tcss"
    BINDINGS = MOCK_INTERVIEW_BINDINGS
    AUTO_FOCUS = "#answer"

    def __init__(
        self,
        deck: Deck,
        settings: InterviewSettings,
        *,
        clock: Clock | None = None,
        tick_seconds: float = TICK_SECONDS,
    ) -> None:
        super().__init__(id="mock-interview")
        self.deck = deck
        self.settings = settings
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.interview: MockInterview | None = None
        self._timer: Timer | None = None
        self._mastery_worker: Worker[Progress] | None = None
        self.sub_title = "mock interview"

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="interview"):
            with Horizontal(id="question-meta"):
                yield Label("", id="question-number")
                yield Horizontal(id="question-chips")
            yield Static("Picking the questions…", id="mock-question", markup=False)
            yield CountdownBar(id="countdown")
            yield TextBox(
                id="answer",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder=CARD_PLACEHOLDER,
                disabled=True,
            )
            with Horizontal(id="submit-row"):
                yield Static(
                    f"[b]{SUBMIT_KEYS}[/b] submits · at zero, what you typed is submitted · [b]esc[/b] abandons",
                    id="submit-hint",
                )
                yield Static(f"[b]{SUBMIT_KEYS.replace(' or ', ' / ')}[/b] submits", id="submit-hint-short")
                yield Button(f"Submit ({SUBMIT_KEYS.split()[0]})", id="submit", variant="primary", disabled=True)
        yield KeyBar()

    @property
    def _weakest_first(self) -> bool:
        return self.settings.order == "weakest" and not self.settings.cards

    def on_mount(self) -> None:
        if self._weakest_first or exercise_count(self.settings):
            self._mastery_worker = self._load_mastery()
        else:
            self._begin({})

    # -- starting ---------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="mock-mastery", exit_on_error=False)
    def _load_mastery(self) -> Progress:
        """Each card's mastery (for weakest first) and the exercise kinds in the order they are due."""
        with using_store(self.app) as store:
            mastery = card_mastery(store, self.deck) if self._weakest_first else {}
            lapses = card_lapses(store, self.deck) if self._weakest_first else {}
            kinds = due_order(kind_states(store)) if exercise_count(self.settings) else []
            return mastery, lapses, kinds

    @on(Worker.StateChanged)
    def _mastery_loaded(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._mastery_worker or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._mastery_worker = None
        if event.state == WorkerState.ERROR:
            self.notify(f"Could not read your progress ({event.worker.error}); questions are in random order.")
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        mastery, lapses, kinds = result if isinstance(result, tuple) else ({}, {}, [])
        self._begin(mastery, kinds, lapses)

    def _begin(
        self,
        mastery: dict[int, float | None],
        kinds: list[str] | None = None,
        lapses: dict[int, int] | None = None,
    ) -> None:
        try:
            self.interview = MockInterview.from_deck(
                self.deck, self.settings, mastery=mastery, lapses=lapses, clock=self.clock, exercise_kinds=kinds
            )
        except InterviewError as exc:
            self.notify(str(exc), title="No interview", severity="error")
            self.dismiss(None)
            return
        self.interview.start()
        self.query_one("#answer", TextArea).disabled = False
        self.query_one("#submit", Button).disabled = False
        self._show_question()
        self._timer = self.set_interval(self.tick_seconds, self.tick, name="mock-countdown")

    # -- the current question ---------------------------------------------------------------------------------------

    def _show_question(self) -> None:
        interview = self.interview
        question = interview.current if interview else None
        if interview is None or question is None:
            return
        number = (f"Question {interview.position + 1} of {interview.total}", "bold")
        chips = self.query_one("#question-chips", Horizontal)
        chips.remove_children()
        answer = self.query_one("#answer", TextArea)
        follow_up = interview.follow_up
        self.set_class(follow_up is not None, "-follow-up")
        if follow_up is not None:
            where = f"question {interview.position + 1} of {interview.total}"
            self.query_one("#question-number", Label).update(
                Content.assemble((f"Follow-up {interview.follow_up_number}", "bold $text-warning"), f" on {where}")
            )
            if isinstance(question, Card):
                chips.mount(*card_chips(question))
            answer.placeholder = CARD_PLACEHOLDER
        elif isinstance(question, Card):
            self.query_one("#question-number", Label).update(Content.assemble(number, f"  ·  Card {question.id}"))
            chips.mount(*card_chips(question))
            answer.placeholder = CARD_PLACEHOLDER
        else:
            self.query_one("#question-number", Label).update(Content.assemble(number, "  ·  Exercise"))
            chips.mount(
                Chip(question.kind, classes=f"-{question.difficulty}"),
                Chip(f"graded {question.tolerance.text}", classes="-tag"),
            )
            answer.placeholder = EXERCISE_PLACEHOLDER
        self.set_class(not isinstance(question, Card), "-exercise")
        asked = follow_up.question if follow_up is not None else question.question
        self.query_one("#mock-question", Static).update(printable(asked))
        last = interview.position + 1 == interview.total and follow_up is None
        self.set_class(last, "-last")
        self.query_one("#submit", Button).label = f"{'Finish' if last else 'Submit'} ({SUBMIT_KEYS.split()[0]})"
        answer.clear()
        answer.focus()
        self._show_countdown()

    def _show_countdown(self) -> None:
        if self.interview is not None and not self.interview.finished:
            self.query_one(CountdownBar).show(self.interview.countdown())

    def tick(self) -> None:
        """The timer's call: redraw the countdown; at zero the engine submits the answer so far."""
        interview = self.interview
        if interview is None or interview.finished or self.app.screen is not self:
            return  # while the abandon question is open, time runs on; a timeout is taken when it closes
        result = interview.tick(self.answer_text)
        if result is None:
            self._show_countdown()
            return
        what = "the follow-up's answer" if isinstance(result, FollowUpResult) else f"answer {result.position + 1}"
        self.notify(f"Time is up: {what} was submitted as typed.", title="Next question", timeout=3)
        self._next()

    @property
    def answer_text(self) -> str:
        return self.query_one("#answer", TextArea).text

    def _next(self) -> None:
        interview = self.interview
        if interview is None:
            return
        if interview.finished:
            if self._timer is not None:
                self._timer.stop()
            self.dismiss(interview)
        else:
            self._show_question()

    # -- actions ------------------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        interview = self.interview
        if interview is None or not interview.started or interview.finished:
            return
        interview.submit(self.answer_text)
        self._next()

    def action_abandon(self) -> None:
        self.app.push_screen(
            ConfirmScreen(
                "Abandon the interview?",
                "The answers so far are neither scored nor saved.\n\n"
                "The clock does not stop while you decide, as in a real interview, where the interviewer keeps "
                "waiting: a pause would hand you thinking time a real one does not. If time runs out meanwhile, "
                "what you typed is submitted when you go back.",
                yes="Abandon",
                no="Keep going",
            ),
            self._abandon_answered,
        )

    def _abandon_answered(self, abandon: bool | None) -> None:
        if not abandon:
            self.query_one("#answer", TextArea).focus()
            self.tick()
            return
        if self._timer is not None:
            self._timer.stop()
        if self.interview is not None:
            self.interview.end()
        self.dismiss(None)
