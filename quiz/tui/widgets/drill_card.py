"""One card of a drill: the question, an optional answer box, and once revealed the typed answer beside the
reference answer, its formula and key points.

Reveal and grade must feel instant (``make bench``, section ``keys``): a card change updates texts in place (the
chips are one line of text, not a widget each), the border is colored inline, and revealing switches the
``display`` of the few widgets concerned rather than a class that would re-style the whole card.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.theme import Theme
from textual.widgets import Label, Static, TextArea

from quiz.deck import Card
from quiz.scoring import AnswerScore, Suggestion, reference_spans
from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.card_panel import chips
from quiz.tui.widgets.grade_bar import GRADES
from quiz.tui.widgets.in_order import TextBox
from quiz.tui.widgets.in_place import show_card_color, update_in_place
from quiz.tui.widgets.score_lines import emphasized, score_content

GRADE_LABELS = {grade: label for grade, label, _variant in GRADES}
SCORED_PARTS = ("#drill-scored-label", "#drill-scored", "#drill-suggestion")
"""What the scorer heard in a typed answer: shown only once there is a typed answer to score."""


def key_points(card: Card) -> Content:
    return Content("\n").join(Content.assemble(("• ", "$accent"), kp.label) for kp in card.key_points)


class DrillCard(Vertical):
    """Shows what it is given; the screen decides when to reveal. The answer box hides once revealed (the typed
    answer shows beside the reference answer instead)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the reference answer (and the typed one beside it) is shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.card: Card | None = None
        self._answer_box: TextArea | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="drill-position")
        yield Static("", id="drill-question", markup=False)
        yield Static("", id="drill-chips")
        yield TextBox(
            "",
            id="answer-input",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Type your answer (optional): ctrl+r reveals, esc leaves the box",
        )
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

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        if self.card is not None:
            show_card_color(self, self.card)

    @property
    def answer_box(self) -> TextArea:
        if self._answer_box is None:
            self._answer_box = self.query_one("#answer-input", TextArea)
        return self._answer_box

    @property
    def typed(self) -> str:
        """The typed answer, trimmed."""
        return self.answer_box.text.strip()

    @property
    def reference(self) -> Vertical:
        """The reference answer's column (to scroll it into view)."""
        return self.query_one("#reference", Vertical)

    def show_card(self, card: Card, label: Content, *, typed: str = "", revealed: bool = False) -> None:
        """Show ``card`` under ``label`` (``Card 7 · 3 of 12``), with ``typed`` in the answer box."""
        self.card = card
        show_card_color(self, card)
        self.query_one("#drill-position", Static).update(label, layout=False)  # one full-width line
        update_in_place(self.query_one("#drill-question", Static), printable(card.question))
        update_in_place(self.query_one("#drill-chips", Static), chips(card))
        # The revealed part is hidden now: its texts are measured when it shows.
        self.query_one("#drill-answer", Static).update(card.answer, layout=False)
        self.query_one("#drill-formula-box").display = card.formula is not None
        self.query_one("#drill-formula", Static).update(card.formula or "", layout=False)
        note = self.query_one("#drill-formula-note", Static)
        note.update(card.formula_note or "", layout=False)
        note.display = card.formula_note is not None
        self.query_one("#drill-key-points", Static).update(key_points(card), layout=False)
        box = self.answer_box
        if box.text != typed:
            box.load_text(typed)
            box.move_cursor(box.document.end)
        self.revealed = revealed
        self.watch_revealed(revealed)

    def show_score(self, score: AnswerScore | None, suggestion: Suggestion | None) -> None:
        """Show what the scorer heard in the typed answer and its suggested grade, and emphasize the reference's
        words for the key points it missed (``None``: nothing typed, the reference as it is)."""
        card = self.card
        if card is None:
            return
        for part in SCORED_PARTS:
            self.query_one(part).display = score is not None
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
        if revealed:
            self.query_one("#typed", Static).update(printable(typed, multiline=True), layout=False)
        self.answer_box.display = not revealed
        self.query_one("#drill-revealed").display = revealed
        self.query_one("#yours").display = revealed and bool(typed)
