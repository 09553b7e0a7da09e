"""One card of a drill: the question, an optional answer box, and once revealed the typed answer beside the
reference answer, its formula and key points.

Reveal and grade must feel instant (``make bench``, section ``keys``). The card is three widgets, not twenty: the
head (position, question, chips) and the revealed part (the typed answer and what the scorer heard, beside the
reference answer, formula and key points) are each drawn as one widget with the line API
(:mod:`quiz.tui.widgets.block_text`), with the answer box between them. A card change redraws the head's lines
that changed, with a layout only when a height changes; the border is colored inline; the revealed part is built
only when it shows.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.scalar import Unit
from textual.geometry import Region, Size
from textual.layout import DockArrangeResult
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.theme import Theme
from textual.visual import Visual
from textual.widget import _RenderCache

from quiz.deck import Card
from quiz.scoring import AnswerScore, Suggestion, reference_spans
from quiz.text_safety import printable
from quiz.tui.styled_lines import keep_styled_lines
from quiz.tui.styles import tcss
from quiz.tui.widgets.block_text import Block, BlockText, Columns
from quiz.tui.widgets.card_panel import chips
from quiz.tui.widgets.grade_bar import GRADES
from quiz.tui.widgets.in_order import TextBox
from quiz.tui.widgets.in_place import set_shown, show_card_color
from quiz.tui.widgets.score_lines import emphasized, score_content

GRADE_LABELS = {grade: label for grade, label, _variant in GRADES}


OWN_HEIGHT = frozenset({Unit.AUTO, Unit.CELLS})
"""Height units that do not depend on the container's height."""


def key_points(card: Card) -> Content:
    return Content("\n").join(Content.assemble(("• ", "$accent"), kp.label) for kp in card.key_points)


def suggestion_content(suggestion: Suggestion) -> Content:
    return Content.assemble(
        ("Suggested: ", "$text-muted"),
        (f"{suggestion.grade} {GRADE_LABELS[suggestion.grade]}", "bold $text-accent"),
        (f" ({suggestion.reason}) · ", "$text-muted"),
        ("enter", "bold $text-accent"),
        (" accepts, ", "$text-muted"),
        ("1–4", "bold $text-accent"),
        (" override", "$text-muted"),
    )


class DrillText(BlockText):
    """The drill card's text (its head, or its revealed part). Parts, styled in ``drill_card.tcss``:
    ``drill-card--position``, ``--question``, ``--chips``; revealed: ``--columns`` (the two columns; stacked when
    narrow), ``--yours`` and ``--reference`` (their widths), ``--section`` (a heading), ``--typed``, ``--scored``,
    ``--suggestion``, ``--answer``, ``--formula``, ``--key-points``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "drill-card--position",
        "drill-card--question",
        "drill-card--chips",
        "drill-card--columns",
        "drill-card--yours",
        "drill-card--reference",
        "drill-card--section",
        "drill-card--typed",
        "drill-card--scored",
        "drill-card--suggestion",
        "drill-card--answer",
        "drill-card--formula",
        "drill-card--formula-note",
        "drill-card--key-points",
    }

    def formula(self, card: Card) -> Content:
        """The card's formula, in bold, over its note (muted, in italics: ``--formula-note``, resolved now, so
        the card builds it again when the theme changes)."""
        lines = [Content.styled(printable(card.formula or ""), "bold")]
        if card.formula_note:
            note = self.get_visual_style("drill-card--formula-note")  # its color and italics, not its background
            lines.append(Content.styled(printable(card.formula_note), Style(foreground=note.foreground, italic=True)))
        return Content("\n").join(lines)


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
        self._score: AnswerScore | None = None
        self._suggestion: Suggestion | None = None
        self._head = DrillText(id="drill-head")
        self._answer_box = TextBox(
            "",
            id="answer-input",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Type your answer (optional): ctrl+r reveals, esc leaves the box",
        )
        self._revealed = DrillText(id="drill-revealed")
        self._arranged: tuple[tuple[int, int, bool], DockArrangeResult] | None = None
        """The last arrangement of the parts, by width (:meth:`arrange`)."""
        self._blank: tuple[tuple[int, Style], Strip] | None = None
        """The card's blank content line, by width and style (:meth:`_render_content`)."""
        keep_styled_lines(self)  # its rows (border, background) restyle nothing when a reveal makes it taller

    def compose(self) -> ComposeResult:
        yield self._head
        yield self._answer_box
        yield self._revealed

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        # Textual arranges an auto-height container twice per layout: at the height of its container to measure it,
        # then at the height that measured. The card's parts have heights of their own (auto, or fixed), none relative
        # to the card's, so the arrangement at one height is the arrangement at any: taken again, not made again.
        key = (size.width, self._nodes._updates, optimal)
        arranged = self._arranged
        if arranged is not None and arranged[0] == key:
            return arranged[1]
        arrangement = super().arrange(size, optimal)
        self._arranged = (key, arrangement) if self._heights_their_own() else None
        return arrangement

    def _heights_their_own(self) -> bool:
        """Whether no part's height (or its bounds) is relative to the card's or the screen's."""
        return all(
            dimension is None or dimension.unit in OWN_HEIGHT
            for part in self.displayed_children
            for dimension in (part.styles.height, part.styles.min_height, part.styles.max_height)
        )

    def _render_content(self) -> None:
        # The card's own content (under its parts) is blank: one blank line, made once per width and style, stands
        # for every row. Textual made a new line for each row whenever the card changed height (each reveal, each
        # grade), and styled every row again, border and padding included; the same line object finds its styled
        # row kept (keep_styled_lines). The card's own rows took 0.64-0.68 ms of each, and take 0.47-0.57 ms.
        width, height = self.size
        style = self.visual_style
        if self._blank is None or self._blank[0] != (width, style):
            line = Visual.to_strips(self, self._render(), width, 1, style)[0]
            self._blank = ((width, style), line)
        self._render_cache = _RenderCache(self.size, [self._blank[1]] * height)
        self._dirty_regions.clear()

    def _clear_arrangement_cache(self) -> None:
        super()._clear_arrangement_cache()  # a part must be laid out again (the answer box grew, …)
        self._arranged = None

    def _theme_changed(self, _theme: Theme) -> None:
        if self.card is not None:
            show_card_color(self, self.card)
            if self.revealed:
                self._show_revealed()  # the formula's note has its color resolved

    @property
    def answer_box(self) -> TextBox:
        return self._answer_box

    @property
    def typed(self) -> str:
        """The typed answer, trimmed."""
        return self.answer_box.text.strip()

    def text(self, part: str) -> str:
        """What ``part`` (``question``, ``typed``, ``answer``, ``scored``, …) shows now, as plain text."""
        widget = self._head if part in ("position", "question", "chips") else self._revealed
        return widget.text(f"drill-card--{part}")

    def content(self, part: str) -> Content:
        """What ``part`` shows now, with its styles (the reference ``answer``: the missed points underlined)."""
        widget = self._head if part in ("position", "question", "chips") else self._revealed
        return widget.content(f"drill-card--{part}")

    @property
    def reference_region(self) -> Region:
        """Where the reference answer's column is drawn on screen (to scroll it into view); empty when hidden."""
        return self._revealed.region_of("drill-card--reference")

    def show_card(self, card: Card, label: Content, *, typed: str = "", revealed: bool = False) -> None:
        """Show ``card`` under ``label`` (``Card 7 · 3 of 12``), with ``typed`` in the answer box."""
        self.card = card
        self._score = self._suggestion = None
        show_card_color(self, card)
        self._head.show(self._head_elements(card, label))
        box = self.answer_box
        if box.text != typed:
            box.load_text(typed)
            box.move_cursor(box.document.end)
        self.set_reactive(DrillCard.revealed, revealed)
        self.watch_revealed(revealed)

    def prepare_card(self, card: Card, label: Content) -> None:
        """Draw ``card``'s head under ``label`` as :meth:`show_card` will show it, without showing it (the next card,
        while this one's answer is read: the grade then only places lines already drawn)."""
        self._head.prepare(self._head_elements(card, label))

    @staticmethod
    def _head_elements(card: Card, label: Content) -> list[Block]:
        return [
            Block(label, "drill-card--position", one_line=True),
            Block(Content(printable(card.question)), "drill-card--question"),
            Block(chips(card), "drill-card--chips"),
        ]

    def show_score(self, score: AnswerScore | None, suggestion: Suggestion | None) -> None:
        """Show what the scorer heard in the typed answer and its suggested grade, and emphasize the reference's
        words for the key points it missed (``None``: nothing typed, the reference as it is)."""
        if self.card is None or (score is self._score and suggestion is self._suggestion):
            return  # as shown (nothing typed: the reveal showed the reference as it is)
        self._score, self._suggestion = score, suggestion
        if self.revealed:
            self._show_revealed()

    def watch_revealed(self, revealed: bool) -> None:
        set_shown(self.answer_box, not revealed)
        set_shown(self._revealed, revealed)
        if revealed:
            self._show_revealed()

    def _show_revealed(self) -> None:
        if self.card is not None:
            self._revealed.show(self._revealed_elements(self.card))

    def prepare_reveal(self) -> None:
        """Draw the revealed part as it will show (nothing typed yet) while the question is read: the reveal then
        only places lines already drawn. (Hidden until then, the part is as wide as the head.)"""
        if self.card is not None and not self.revealed:
            self._revealed.prepare(self._revealed_elements(self.card), width=self._head.content_size.width)

    def _revealed_elements(self, card: Card) -> list[Columns]:
        score = self._score
        answer = Content(card.answer) if score is None else emphasized(card.answer, reference_spans(card, score.missed))
        reference = [Block(Content("Answer"), "drill-card--section"), Block(answer, "drill-card--answer")]
        if card.formula is not None:
            reference.append(Block(self._revealed.formula(card), "drill-card--formula"))
        reference += [
            Block(Content("Key points"), "drill-card--section"),
            Block(key_points(card), "drill-card--key-points"),
        ]
        yours: list[Block] = []
        if typed := self.typed:
            yours = [
                Block(Content("Your answer"), "drill-card--section"),
                Block(Content(printable(typed, multiline=True)), "drill-card--typed"),
            ]
            if score is not None:
                yours += [
                    Block(Content("What the scorer heard"), "drill-card--section"),
                    Block(score_content(score), "drill-card--scored"),
                ]
                if self._suggestion is not None:
                    yours.append(Block(suggestion_content(self._suggestion), "drill-card--suggestion"))
        return [Columns(yours, reference, "drill-card--columns", "drill-card--yours", "drill-card--reference")]
