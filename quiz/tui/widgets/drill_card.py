"""One card of a drill: the question, an optional answer box, and once revealed the typed answer beside the
reference answer, its formula and key points."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Label, Static, TextArea

from quiz.deck import Card
from quiz.scoring import AnswerScore, Suggestion, reference_spans
from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.card_panel import show_card_color
from quiz.tui.widgets.chip import card_chips
from quiz.tui.widgets.grade_bar import GRADES
from quiz.tui.widgets.score_lines import emphasized, score_content

HINT = Content.assemble(
    ("space", "bold $text-accent"),
    " reveals · ",
    ("a", "bold $text-accent"),
    " type first, then ",
    ("ctrl+r", "bold $text-accent"),
)
"""Beside the Reveal button while the answer is hidden."""
GRADE_LABELS = {grade: label for grade, label, _variant in GRADES}


class DrillCard(Vertical):
    """Shows what it is given; the screen decides when to reveal. The answer box is read-only once revealed."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class RevealRequested(Message):
        """The Reveal button was clicked."""

        def __init__(self, card_view: DrillCard) -> None:
            super().__init__()
            self.card_view = card_view

        @property
        def control(self) -> DrillCard:
            return self.card_view

    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the reference answer (and the typed one beside it) is shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.card: Card | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="drill-position")
        yield Static("", id="drill-question", markup=False)
        yield Horizontal(id="drill-chips")
        yield TextArea(
            "",
            id="answer-input",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Type your answer (optional): ctrl+r reveals, esc leaves the box",
        )
        with Horizontal(id="drill-hint-row"):
            reveal = Button("Reveal", id="drill-reveal", variant="primary", compact=True)
            reveal.can_focus = False  # keys stay with the drill; this is for the mouse
            reveal.tooltip = "Show the reference answer (space, or ctrl+r while typing)"
            yield reveal
            yield Static(HINT, id="drill-hint")
        with Horizontal(id="drill-revealed"):
            with Vertical(id="yours"):
                yield Label("Your answer", classes="section")
                yield Static("", id="typed", markup=False)
                yield Label("What the scorer heard", classes="section", id="drill-scored-label")
                yield Static("", id="drill-scored")
                yield Static("", id="drill-suggestion")
            with Vertical(id="reference"):
                yield Label("Answer", classes="section")
                yield Static("", id="drill-answer", markup=False)
                with Vertical(id="drill-formula-box"):
                    yield Static("", id="drill-formula", markup=False)
                    yield Static("", id="drill-formula-note", markup=False)
                yield Label("Key points", classes="section")
                yield Static("", id="drill-key-points")

    @property
    def answer_box(self) -> TextArea:
        return self.query_one("#answer-input", TextArea)

    @property
    def typed(self) -> str:
        """The typed answer, trimmed."""
        return self.answer_box.text.strip()

    def show_card(self, card: Card, label: Content, *, typed: str = "", revealed: bool = False) -> None:
        """Show ``card`` under ``label`` (``Card 7 · 3 of 12``), with ``typed`` in the answer box."""
        self.card = card
        show_card_color(self, card)
        self.query_one("#drill-position", Label).update(label)
        self.query_one("#drill-question", Static).update(printable(card.question))
        chips = self.query_one("#drill-chips", Horizontal)
        chips.remove_children()
        chips.mount(*card_chips(card))
        self.query_one("#drill-answer", Static).update(printable(card.answer, multiline=True))
        self.query_one("#drill-formula-box").display = card.formula is not None
        self.query_one("#drill-formula", Static).update(printable(card.formula or ""))
        note = self.query_one("#drill-formula-note", Static)
        note.update(printable(card.formula_note or ""))
        note.display = card.formula_note is not None
        points = Content("\n").join(Content.assemble(("• ", "$accent"), printable(kp.label)) for kp in card.key_points)
        self.query_one("#drill-key-points", Static).update(points)
        self.answer_box.load_text(typed)
        self.answer_box.move_cursor(self.answer_box.document.end)
        self.revealed = revealed
        self.watch_revealed(revealed)

    def show_score(self, score: AnswerScore | None, suggestion: Suggestion | None) -> None:
        """Show what the scorer heard in the typed answer and its suggested grade, and emphasize the reference's
        words for the key points it missed (``None``: nothing typed, the reference as it is)."""
        card = self.card
        if card is None:
            return
        self.set_class(score is not None, "-scored")
        if score is None:
            self.query_one("#drill-answer", Static).update(card.answer)
            self.query_one("#drill-scored", Static).update("")
            self.query_one("#drill-suggestion", Static).update("")
            return
        self.query_one("#drill-answer", Static).update(emphasized(card.answer, reference_spans(card, score.missed)))
        self.query_one("#drill-scored", Static).update(score_content(score))
        if suggestion is not None:
            self.query_one("#drill-suggestion", Static).update(
                Content.assemble(
                    ("Suggested: ", "$text-muted"),
                    (f"{suggestion.grade} {GRADE_LABELS[suggestion.grade]}", "bold $text-accent"),
                    (f" ({suggestion.reason}) · ", "$text-muted"),
                    ("enter", "bold $text-accent"),
                    (" accepts, ", "$text-muted"),
                    ("1–4", "bold $text-accent"),
                    (" override", "$text-muted"),
                )
            )

    def watch_revealed(self, revealed: bool) -> None:
        typed = self.typed
        self.query_one("#typed", Static).update(printable(typed, multiline=True))
        self.answer_box.read_only = revealed
        self.set_class(revealed, "-revealed")
        self.set_class(revealed and not typed, "-nothing-typed")

    @on(Button.Pressed, "#drill-reveal")
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RevealRequested(self))
