"""One question of a mock interview report: time, coverage, concepts heard and missed (each focusable: ``space``
toggles it between heard and not heard, posting :class:`ConceptRow.Toggled`), the contradictions in red with their
corrections, the follow-up questions with what was heard in each, the typed answer beside the reference (the missed
points' words emphasized), and the self-grade buttons (1–4) that post :class:`InterviewAnswerView.Graded`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Label, Static

from quiz.interview import SELF_GRADES, QuestionResult
from quiz.scoring import ConceptResult
from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.countdown_bar import clock_text
from quiz.tui.widgets.score_lines import concept_line, contradictions_content, emphasized, follow_ups_content


def time_line(result: QuestionResult) -> str:
    """``45 s of 1:30`` (``· timed out``), or ``not reached``."""
    if not result.reached:
        return "not reached"
    text = f"{clock_text(result.time_s)} of {clock_text(result.time_limit_s)}"
    return text + " · timed out" if result.timed_out else text


def coverage_line(result: QuestionResult) -> str:
    """``coverage 50% (2/4)``, and ``· corrected by you`` after an override."""
    counted = f"{len(result.matched)}/{len(result.score.concepts)}"
    if result.recovered:
        counted += f", {len(result.recovered)} recovered"
    text = f"coverage {round(result.coverage * 100)}% ({counted})"
    return text + " · corrected by you" if result.score.overrides else text


class ConceptRow(Static, can_focus=True):
    """One key point of a reported answer. ``space`` (or a click) toggles it between heard and not heard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "toggle_heard",
            "Heard?",
            tooltip="On a key point: mark it heard or not heard (the scorer was wrong); the score follows",
            id="toggle-heard",
        )
    ]

    class Toggled(Message):
        """The user flipped this key point between heard and not heard."""

        def __init__(self, row: ConceptRow, label: str) -> None:
            super().__init__()
            self.row = row
            self.label = label

        @property
        def control(self) -> ConceptRow:
            return self.row

    def __init__(self, concept: ConceptResult) -> None:
        super().__init__(concept_line(concept), classes="concept")
        self.concept = concept

    def show(self, concept: ConceptResult) -> None:
        self.concept = concept
        self.update(concept_line(concept))

    def action_toggle_heard(self) -> None:
        self.post_message(self.Toggled(self, self.concept.label))

    def on_click(self) -> None:
        self.focus()


class InterviewAnswerView(Vertical):
    """A report's question. Focusable: keys 1–4 (or a click on a grade) post :class:`Graded`; the owner records
    it and calls :meth:`show_saved`."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False
    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            str(grade),
            f"grade({grade})",
            f"{label.capitalize()}",
            tooltip=f"Self-grade {grade}: {label}",
            id=f"self-grade-{grade}",
        )
        for grade, label in SELF_GRADES.items()
    ]

    class Graded(Message):
        """The user graded this question (1 again, 2 hard, 3 good, 4 easy)."""

        def __init__(self, view: InterviewAnswerView, position: int, grade: int) -> None:
            super().__init__()
            self.view = view
            self.position = position
            self.grade = grade

        @property
        def control(self) -> InterviewAnswerView:
            return self.view

    grade: reactive[int | None] = reactive(None, init=False)
    """The self-grade given (None: not graded yet)."""
    status: reactive[str] = reactive("", init=False)
    """What happened to the grade: ``""``, ``"saving"``, ``"saved"`` or an error message."""

    def __init__(self, result: QuestionResult, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{result.difficulty}")
        self.result = result
        self.title = f"{result.position + 1}. {result.difficulty.capitalize()} · {time_line(result)}"
        """The border title; while the view is the one 1–4 grade (focused) it says so there too."""
        self.border_title = self.title
        self.border_subtitle = coverage_line(result)
        self.set_class(result.timed_out, "-timed-out")
        self.set_class(bool(result.contradicted), "-contradicted")

    def compose(self) -> ComposeResult:
        result = self.result
        yield Static(printable(f"Card {result.card_id}: {result.question}"), classes="answer-question", markup=False)
        with Vertical(classes="answer-concepts"):
            for concept in result.score.concepts:
                yield ConceptRow(concept)
            wrong = Static(contradictions_content(result.score), classes="answer-contradictions")
            wrong.display = bool(result.contradicted)
            yield wrong
            note = "This answer reads as a list of keywords: say each point in a sentence."
            keywords = Static(Content.styled(note, "italic"), classes="answer-keywords")
            keywords.display = result.score.keyword_list
            yield keywords
        follow_ups = Static(follow_ups_content(result.follow_ups), classes="answer-follow-ups")
        follow_ups.display = bool(result.follow_ups)
        yield follow_ups
        with Horizontal(classes="answer-columns"):
            with Vertical(classes="answer-typed") as typed:
                typed.border_title = "Your answer"
                typed_text = printable(result.answer.strip(), multiline=True) or "(nothing typed)"
                yield Static(typed_text, markup=False, classes="answer-text")
            with Vertical(classes="answer-reference") as reference:
                reference.border_title = "Reference"
                yield Static(emphasized(result.reference, result.missed_in_reference), classes="answer-text")
        with Horizontal(classes="answer-grades"):
            yield Label("▶ Self-grade this one", classes="grade-label grade-here")
            yield Label("Self-grade", classes="grade-label grade-elsewhere")
            for grade, label in SELF_GRADES.items():
                button = Button(f"{grade} {label.capitalize()}", id=f"grade-{grade}", compact=True, classes="grade")
                button.can_focus = False
                yield button
            yield Label("press 1–4", classes="grade-status")

    def show_result(self, result: QuestionResult) -> None:
        """Show ``result`` after a correction: the key points, the contradictions, the coverage, the emphasis."""
        self.result = result
        for row, concept in zip(self.query(ConceptRow).results(ConceptRow), result.score.concepts, strict=True):
            row.show(concept)
        wrong = self.query_one(".answer-contradictions", Static)
        wrong.update(contradictions_content(result.score))
        wrong.display = bool(result.contradicted)
        self.query_one(".answer-reference .answer-text", Static).update(
            emphasized(result.reference, result.missed_in_reference)
        )
        self.border_subtitle = coverage_line(result)
        self.set_class(bool(result.contradicted), "-contradicted")

    def on_focus(self) -> None:
        self.border_title = f"▶ {self.title}  ·  1–4 grade this one"

    def on_blur(self) -> None:
        self.border_title = self.title

    def action_grade(self, grade: int) -> None:
        self.post_message(self.Graded(self, self.result.position, grade))

    @on(Button.Pressed, ".grade")
    def _grade_clicked(self, event: Button.Pressed) -> None:
        event.stop()
        self.focus()
        self.action_grade(int((event.button.id or "grade-0").removeprefix("grade-")))

    def show_saved(self, grade: int | None, status: str) -> None:
        """Show ``grade`` as chosen and what became of it (``"saving"``, ``"saved"`` or an error)."""
        self.grade = grade
        self.status = status

    def watch_grade(self, grade: int | None) -> None:
        for button in self.query(".grade").results(Button):
            button.set_class(button.id == f"grade-{grade}", "-chosen")

    def watch_status(self, status: str) -> None:
        label = self.query_one(".grade-status", Label)
        grade = f"{self.grade} ({SELF_GRADES[self.grade]})" if self.grade else ""
        if status == "saving":
            label.update(f"saving {grade}…")
        elif status == "saved":
            label.update(
                Content.assemble(
                    ("✓ ", "$text-success"), f"{grade} saved as a mock review", ("  (1–4 changes it)", "$text-muted")
                )
            )
        elif status:
            label.update(Content.styled(status, "$text-error"))
        else:
            label.update("press 1–4")
