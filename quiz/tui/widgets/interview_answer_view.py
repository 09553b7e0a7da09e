"""One question of a mock interview report: time, coverage, concepts heard and missed, the typed answer beside the
reference, and the self-grade buttons (1–4) that post :class:`InterviewAnswerView.Graded`."""

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
from quiz.tui.styles import tcss
from quiz.tui.widgets.countdown_bar import clock_text


def time_line(result: QuestionResult) -> str:
    """``45 s of 1:30`` (``· timed out``), or ``not reached``."""
    if not result.reached:
        return "not reached"
    text = f"{clock_text(result.time_s)} of {clock_text(result.time_limit_s)}"
    return text + " · timed out" if result.timed_out else text


def concepts_content(result: QuestionResult) -> Content:
    """One line a concept: ✓ heard (with what was said), ~ only listed, ✗ missed."""
    lines = []
    for concept in result.score.concepts:
        if concept.matched:
            lines.append(
                Content.assemble(
                    ("✓ ", "bold $text-success"), concept.label, (f"  “{concept.said}”", "italic $text-muted")
                )
            )
        elif concept.listed:
            lines.append(
                Content.assemble(
                    ("~ ", "bold $text-warning"), concept.label, ("  only listed, not explained", "$text-muted")
                )
            )
        else:
            lines.append(Content.assemble(("✗ ", "bold $text-error"), concept.label))
    if result.score.keyword_list:
        lines.append(Content.styled("This answer reads as a list of keywords: say each point in a sentence.", "italic"))
    return Content("\n").join(lines)


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
        concepts = result.score.concepts
        self.title = f"{result.position + 1}. {result.difficulty.capitalize()} · {time_line(result)}"
        """The border title; while the view is the one 1–4 grade (focused) it says so there too."""
        self.border_title = self.title
        self.border_subtitle = f"coverage {round(result.coverage * 100)}% ({len(result.matched)}/{len(concepts)})"
        self.set_class(result.timed_out, "-timed-out")

    def compose(self) -> ComposeResult:
        result = self.result
        yield Static(f"Card {result.card_id}: {result.question}", classes="answer-question", markup=False)
        yield Static(concepts_content(result), classes="answer-concepts")
        with Horizontal(classes="answer-columns"):
            with Vertical(classes="answer-typed") as typed:
                typed.border_title = "Your answer"
                yield Static(result.answer.strip() or "(nothing typed)", markup=False, classes="answer-text")
            with Vertical(classes="answer-reference") as reference:
                reference.border_title = "Reference"
                yield Static(result.reference, markup=False, classes="answer-text")
        with Horizontal(classes="answer-grades"):
            yield Label("▶ Self-grade this one", classes="grade-label grade-here")
            yield Label("Self-grade", classes="grade-label grade-elsewhere")
            for grade, label in SELF_GRADES.items():
                button = Button(f"{grade} {label.capitalize()}", id=f"grade-{grade}", compact=True, classes="grade")
                button.can_focus = False
                yield button
            yield Label("press 1–4", classes="grade-status")

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
