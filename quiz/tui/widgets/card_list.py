"""The list of cards: number, difficulty chip, mastery badge, question; one line each.

Drawn with Textual's line API (a ``ScrollView`` whose ``render_line`` returns one cached strip per row), not an
``OptionList``: every row is one line (the panel beside the list shows the whole question), so there is nothing to
wrap or measure, and the list draws in under half the time, which is most of what keeps the first paint fast
(``make bench``). It keeps what the option list gave: a cursor (``highlighted``), hover, clicks, the arrow, page and
home/end keys, and scrolling that follows the cursor.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from quiz.deck import Card
from quiz.text_safety import printable
from quiz.tui.styled_lines import keep_styled_lines
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import difficulty_chip
from quiz.tui.widgets.mastery import mastery_content

DUE_MARK = "●"
"""Before the mastery badge of a card due now (the list's title says how many: ``● 4 due``)."""


def card_prompt(
    card: Card, mastery: Mapping[int, float | None] | None = None, due: Collection[int] = frozenset()
) -> Content:
    """``12 Medium ● ▆  84% What does “gain” mean…``: the difficulty as a colored chip; with ``mastery`` (read from
    the store), ``●`` if the card is ``due`` now and its badge (``▆  84%``, ``new`` if never reviewed)."""
    badge: list[Content | str] = []
    if mastery is not None:
        mark = Content.styled(DUE_MARK, "bold $text-accent") if card.id in due else Content(" ")
        badge = [mark, " ", mastery_content(mastery.get(card.id)), " "]
    return Content.assemble(
        (f"{card.id:>2} ", "$text-muted"),
        difficulty_chip(card.difficulty, width=6),
        " ",
        *badge,
        printable(card.question),
    )


def _at(ids: Sequence[int], index: int) -> int | None:
    return ids[index] if 0 <= index < len(ids) else None


class CardList(ScrollView, can_focus=True):
    """The cards the filter lets through. Posts :class:`CardList.CardHighlighted` as the cursor moves."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next card", show=False),
        Binding("up", "cursor_up", "Previous card", show=False),
        Binding("pagedown", "page_down", "A page down the card list", show=False),
        Binding("pageup", "page_up", "A page up the card list", show=False),
        Binding("home", "first", "The first card in the list", show=False),
        Binding("end", "last", "The last card in the list", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"card-list--cursor", "card-list--hover"}
    """``card-list--cursor``: the highlighted row; ``card-list--hover``: the row under the mouse."""

    highlighted: reactive[int | None] = reactive(None, init=False, repaint=False)
    """The index of the highlighted card in :attr:`cards` (``None`` when the list is empty)."""

    _hover: reactive[int | None] = reactive(None, init=False, repaint=False)
    """The index of the card under the mouse, if any."""

    class CardHighlighted(Message):
        """The highlight moved to the card ``card_id``."""

        def __init__(self, card_list: CardList, card_id: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.card_id = card_id

        @property
        def control(self) -> CardList:
            return self.card_list

    def __init__(self, cards: Sequence[Card] = (), *, id: str | None = None) -> None:
        """Start with ``cards`` listed, the first one highlighted."""
        super().__init__(id=id)
        keep_styled_lines(self)  # a filter moves cards to other rows: their styled rows are kept by card
        self.mastery: dict[int, float | None] | None = None
        """Each card's mastery, once read from the store (``None`` until then: no badges)."""
        self.due: frozenset[int] = frozenset()
        """The cards due now (new ones count), once read from the store."""
        self._strips: LRUCache[tuple[int, Style, int], Strip] = LRUCache(256)
        """Drawn rows, by card id, style and width: a filter that lists cards drawn before draws nothing anew."""
        self._rows: tuple[int, int] | None = None
        """While :meth:`render_lines` renders: the first row's index and the rows' width."""
        self.cards: list[Card] = []
        self._prompts: dict[int, Content] = {}
        self._announce = True
        """Whether a move of the highlight posts :class:`CardHighlighted` (not when the screen shows the card itself:
        see :meth:`step` and :meth:`show_cards`)."""
        self._set_cards(cards)
        self.set_reactive(CardList.highlighted, 0 if cards else None)

    def _set_cards(self, cards: Sequence[Card]) -> None:
        self.cards = list(cards)
        for card in self.cards:
            if card.id not in self._prompts:
                self._prompts[card.id] = card_prompt(card, self.mastery, self.due)
        size = Size(0, len(self.cards))
        rows = self.scrollable_content_region.height
        if self.is_mounted and rows and max(size.height, self.virtual_size.height) <= rows:
            # Everything fits before and after: no scroll bar comes or goes, so no layout is needed (a repaint is).
            self.set_reactive(CardList.virtual_size, size)
        else:
            self.virtual_size = size

    # -- what the screen asks of the list ------------------------------------------------------------------------

    def show_cards(self, cards: Sequence[Card], selected: int | None) -> None:
        """List ``cards`` and highlight ``selected`` (the first card if it is not among them). Not announced: the
        screen that filters the list shows the card that is highlighted now (or that none is left)."""
        ids = [card.id for card in cards]
        before = self.card_ids
        if ids and ids == before and self.highlighted_card_id == selected:
            return  # already so
        self._set_cards(cards)
        self._hover = None
        self._announce = False
        try:
            self.highlighted = None  # so that setting it below always draws the cursor's row
            if ids:
                self.highlighted = ids.index(selected) if selected in ids else 0
        finally:
            self._announce = True
        # Only the rows that list another card now are drawn again (the cursor's two rows are, as it moves):
        # a filter that keeps the first rows as they were costs those rows nothing.
        top = round(self.scroll_offset.y)
        changed = [
            index
            for index in range(top, top + self.scrollable_content_region.height)
            if _at(before, index) != _at(ids, index)
        ]
        if changed:  # one region from the first to the last (rows between them are mostly changed too)
            self.refresh(
                Region(0, changed[0] - top, self.scrollable_content_region.width, changed[-1] - changed[0] + 1)
            )

    def show_titles(self, title: str, subtitle: str) -> None:
        """Set the border's title and subtitle (markup). Only the border row that changes is drawn again: setting
        ``border_title`` draws every row of the list again, even when it is the same."""
        for text, attribute, row in (
            (title, "_border_title", 0),
            (subtitle, "_border_subtitle", self.outer_size.height - 1),
        ):
            new = self.render_str(text).expand_tabs(4).split()[0] if text else None
            old = getattr(self, attribute)
            if (None if old is None else old.markup) == (None if new is None else new.markup):
                continue
            setattr(self, attribute, new)  # as Widget.border_title does, without its refresh of every row
            if self.is_mounted and row >= 0:
                left, top = self.content_offset
                self.refresh(Region(-left, row - top, self.outer_size.width, 1))
            else:
                self.refresh()

    def show_mastery(self, mastery: Mapping[int, float | None], due: Collection[int] = ()) -> None:
        """Show each listed card's mastery badge, and a ``●`` on the ``due`` ones (the highlight stays put)."""
        self.mastery = dict(mastery)
        self.due = frozenset(due)
        self._prompts.clear()
        self._strips.clear()
        self._set_cards(self.cards)
        self.refresh()

    def due_count(self) -> int | None:
        """How many of the deck's cards are due now (``None`` until read from the store)."""
        return len(self.due) if self.mastery is not None else None

    def prompt(self, card_id: int) -> Content:
        """The row shown for the card ``card_id`` (``KeyError`` if it is not listed)."""
        if card_id not in self.card_ids:
            raise KeyError(card_id)
        return self._prompts[card_id]

    @property
    def highlighted_card_id(self) -> int | None:
        index = self.highlighted
        return self.cards[index].id if index is not None else None

    @property
    def card_ids(self) -> list[int]:
        return [card.id for card in self.cards]

    # -- the cursor ----------------------------------------------------------------------------------------------

    def validate_highlighted(self, index: int | None) -> int | None:
        if index is None or not self.cards:
            return None
        return max(0, min(index, len(self.cards) - 1))

    def watch_highlighted(self, old: int | None, index: int | None) -> None:
        # Only the two rows that changed are drawn again (the strips of the others are cached anyway).
        for row in (old, index):
            if row is not None:
                self.refresh_line(row)
        if index is None:
            return
        if self.is_mounted:
            self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True, immediate=True)
        if self._announce:
            self.post_message(self.CardHighlighted(self, self.cards[index].id))

    def step(self, cards: int) -> None:
        """Move the highlight ``cards`` down (up when negative), as ``j`` and ``k`` do, without announcing it: the
        screen shows the card itself, in the same frame. (A :class:`CardHighlighted` it would then ignore still held
        that frame back: :meth:`~quiz.tui.one_frame.OneFrameScreen.draw_now` waits for every message queued.)"""
        self._announce = False
        try:
            for _ in range(abs(cards)):
                self.action_cursor_down() if cards > 0 else self.action_cursor_up()
        finally:
            self._announce = True

    def watch__hover(self, old: int | None, hover: int | None) -> None:
        for row in (old, hover):
            if row is not None:
                self.refresh_line(row)

    def action_cursor_down(self) -> None:
        # Stop at the last card rather than wrap to the first: "next" should never mean "card 1".
        if self.highlighted is not None:
            self.highlighted += 1
        elif self.cards:
            self.highlighted = 0

    def action_cursor_up(self) -> None:
        if self.highlighted is not None:
            self.highlighted -= 1
        elif self.cards:
            self.highlighted = len(self.cards) - 1

    def action_page_down(self) -> None:
        if self.highlighted is not None:
            self.highlighted += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        if self.highlighted is not None:
            self.highlighted -= max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        if self.cards:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.cards:
            self.highlighted = len(self.cards) - 1

    # -- the mouse -----------------------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The index of the card under the mouse (``None`` over the border, padding, or the blank rows below)."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = self.scroll_offset.y + offset.y
        return index if 0 <= index < len(self.cards) else None

    async def _on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None:
            self.highlighted = index

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self._row_at(event)

    def _on_leave(self, _: events.Leave) -> None:
        self._hover = None

    # -- drawing -------------------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # A new theme can change what the rows' $variables mean without changing the row styles the strips are
        # cached under: draw them again.
        self._strips.clear()
        self.refresh()
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Where the rows start and how wide they are, read once for the rows of this rendering (each is a lookup
        # in the compositor's map: a few microseconds a row, 30 rows a filter).
        self._rows = (self.scroll_offset.y, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._rows = None

    def render_line(self, y: int) -> Strip:
        top, width = self._rows or (self.scroll_offset.y, self.scrollable_content_region.width)
        index = top + y
        if not 0 <= index < len(self.cards):
            return Strip.blank(width, self.visual_style.rich_style)
        if index == self.highlighted:
            style = self.get_visual_style("card-list--cursor")
        elif index == self._hover:
            style = self.get_visual_style("card-list--hover")
        else:
            style = self.visual_style
        card_id = self.cards[index].id
        key = (card_id, style, width)
        strip = self._strips.get(key)
        if strip is None:
            # One line, a long question cut short with an ellipsis.
            row = self._prompts[card_id].truncate(width, ellipsis=True)
            parse_style = self.app.stylesheet.parse_style
            segments = [
                Segment(text, text_style.rich_style if text_style else None)
                for text, text_style in row.render(style, "", parse_style)
            ]
            strip = Strip(segments, row.cell_length).extend_cell_length(width, style.rich_style)
            self._strips[key] = strip
        return strip
