"""Text drawn as one widget with Textual's line API: blocks of content one under the other, each styled by the TCSS.

The card panel and the drill card were a widget per part (position, question, chips, answer, formula, key points,
and the containers around them): a key that changed one of them made Textual lay out and draw all of them again,
twice the time of a bare app (``make bench``, section ``keys``). Drawn here as one widget, a key changes one
widget's lines, and lays out again only when its height changes.

Each :class:`Block` is :class:`~textual.content.Content` with a *part*: one of the widget's component classes, whose
TCSS rules say how it looks, as they would for a widget of its own:

- ``margin`` (blank rows above and below; between two blocks the larger of the two, as Textual collapses margins),
- ``border`` (any Textual edge type, on any side: a ``tall`` box, an ``outer`` bar on the left), ``padding``,
  ``background``, ``color`` and ``text-style``.

The text wraps as a ``Static`` wraps it (between words; a word longer than the line is folded), or is cut to one
line with an ellipsis (``one_line``). :class:`Columns` puts two lists of blocks side by side (their widths in ``fr``
from their parts' ``width``, the gap from the left one's ``margin-right``), or one above the other when its own
part says ``layout: vertical``.

The text can be selected with the mouse and copied, as in a ``Static``: every cell carries its place in the text
(``offset``), and :meth:`BlockText.get_selection` reads the plain text, blocks taken in order (a left column's before
its right one's). A theme change, a restyle (a class that changes the margins) or a new width draws anew; lines
drawn once are kept (by their text, spans, part and width), so moving back to a card draws nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rich._wrap import divide_line
from rich.segment import Segment
from textual._border import get_box
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from quiz.tui.styled_lines import keep_styled_lines, prestyle

NO_EDGE = ("", "none", "hidden")
"""Edge types that draw nothing."""


@dataclass(frozen=True, eq=False)
class Block:
    """``content`` drawn as its ``part`` (a component class of the widget) says."""

    content: Content
    part: str
    one_line: bool = False
    """Cut to one line with an ellipsis rather than wrapped."""

    @cached_property
    def key(self) -> tuple[object, ...]:
        # Content compares by its text alone: the spans (styles) are part of what is drawn.
        return (self.content.plain, tuple(self.content.spans), self.part, self.one_line)


@dataclass(frozen=True, eq=False)
class Columns:
    """Two lists of blocks side by side (``right`` takes the whole width when ``left`` is empty)."""

    left: Sequence[Block]
    right: Sequence[Block]
    part: str
    """Its margins, and ``layout: vertical`` to stack the columns (narrow terminals)."""
    left_part: str
    """The left column's ``width`` (``fr``) and ``margin-right`` (the gap)."""
    right_part: str
    """The right column's ``width`` (``fr``)."""


Element = Block | Columns


def _key(elements: Sequence[Element]) -> tuple[object, ...]:
    """What ``elements`` draw, to compare two lists of them (blocks compare by identity)."""
    return tuple(
        element.key
        if isinstance(element, Block)
        else (
            element.part,
            element.left_part,
            element.right_part,
            tuple(block.key for block in element.left),
            tuple(block.key for block in element.right),
        )
        for element in elements
    )


@dataclass
class Drawn:
    """What the elements draw at one width: the lines, the plain text (for a selection), each part's text lines."""

    width: int
    strips: list[Strip] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    """The logical lines of text in selection order (a selection's offsets count these lines)."""
    parts: dict[str, list[str]] = field(default_factory=dict)
    """Each part's lines as drawn (wrapped), without borders or padding."""
    regions: dict[int, Region] = field(default_factory=dict)
    """Where each block is drawn (by ``id``), in the widget's content."""


class BlockText(Widget):
    """Draws :meth:`elements` (set them with :meth:`show`). Subclasses declare their parts in ``COMPONENT_CLASSES``
    and style them in their TCSS."""

    DEFAULT_CSS = """
    BlockText {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._elements: tuple[Element, ...] = ()
        self._drawn: Drawn | None = None
        self._blocks: LRUCache[tuple[object, ...], tuple[list[Strip], list[str]]] = LRUCache(256)
        """Each block's lines and text lines, by its key, width and first line number."""
        keep_styled_lines(self)
        self._handed: dict[int, Strip] = {}
        """The line handed to Textual for each row of content, as of its last rendering of that row."""
        self._prepared: LRUCache[tuple[object, ...], tuple[tuple[Element, ...], Drawn]] = LRUCache(4)
        """The elements :meth:`prepare` drew lately, and their drawing, by what they draw (for :meth:`show`)."""
        self._row_width: int | None = None
        """The content width, while :meth:`render_lines` renders rows."""

    # -- what it shows ----------------------------------------------------------------------------------------------

    @property
    def elements(self) -> tuple[Element, ...]:
        return self._elements

    def show(self, elements: Iterable[Element]) -> None:
        """Draw ``elements`` instead: only the lines that differ from those on screen are drawn again, with a
        layout only if the height changes."""
        self._elements = tuple(elements)
        self._drawn = None
        prepared = self._prepared.get(_key(self._elements)) if self._prepared else None
        if prepared is not None and self.text_selection is None:
            # As prepared: its lines, and the elements they were drawn from (their regions are kept by block).
            self._elements, self._drawn = prepared
        if not self.is_mounted:
            return
        width = self.content_size.width
        if width <= 0:
            self.refresh(layout=True)
            return
        strips = self._draw(width).strips
        handed = self._handed
        changed = [row for row, strip in enumerate(strips) if handed.get(row) is not strip]
        if len(strips) != self.content_size.height:
            # The new size makes Textual style every row again: the rows that show what they showed find their
            # styled line kept (quiz.tui.styled_lines).
            self.refresh(*_rows(changed, width), layout=True)
        elif changed:
            self.refresh(*_rows(changed, width))

    def prepare(self, elements: Iterable[Element], width: int | None = None) -> None:
        """Draw ``elements`` at the present width (or ``width``, for a widget not laid out yet) without showing
        them, so that showing them later draws nothing new (a card's answer, drawn while the question is being
        read: the reveal then only places lines, styled already)."""
        width = width if width is not None else self.content_size.width
        if self.is_mounted and width > 0 and self.text_selection is None:
            elements = tuple(elements)
            drawn = Drawn(width)
            self._place(elements, width, drawn, drawn.strips)
            self._prepared[_key(elements)] = (elements, drawn)
            prestyle(self, drawn.strips, width)  # at the width they are drawn for (hidden, the widget has none)

    def text(self, part: str) -> str:
        """The plain text of the blocks of ``part`` shown now, as given (unwrapped; empty if there is none)."""
        return "\n".join(block.content.plain for block in _blocks(self._elements) if block.part == part)

    def content(self, part: str) -> Content:
        """The blocks of ``part`` shown now, with their styles (one under the other)."""
        return Content("\n").join(block.content for block in _blocks(self._elements) if block.part == part)

    def region_of(self, part: str) -> Region:
        """Where the blocks of ``part`` (or of a column, by its ``left_part`` or ``right_part``) are drawn on
        screen, with the first one's top margin, as of the last drawing (an empty region if none is)."""
        drawn = self._drawn
        if drawn is None or not self.is_mounted:
            return Region()
        blocks = [block for block in _blocks(self._elements) if block.part == part]
        for element in self._elements:
            if isinstance(element, Columns):
                if element.left_part == part:
                    blocks += element.left
                if element.right_part == part:
                    blocks += element.right
        regions = [drawn.regions[id(block)] for block in blocks if id(block) in drawn.regions]
        if not regions:
            return Region()
        x, y, width, height = Region.from_union(regions)
        above = min(y, self._margins(blocks[0].part)[0])  # with the blank rows above it, as a widget's margin
        return Region(x, y - above, width, height + above).translate(self.content_region.offset)

    def shown(self, part: str) -> str:
        """The text lines of the blocks of ``part``, as drawn last (wrapped; empty if none is drawn)."""
        drawn = self._drawn
        return "\n".join(drawn.parts.get(part, [])) if drawn is not None else ""

    @property
    def drawn_text(self) -> str:
        """Every line as drawn last (borders and columns included), one a row."""
        drawn = self._drawn
        return "\n".join(strip.text for strip in drawn.strips) if drawn is not None else ""

    # -- Textual's side ---------------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        # A theme, or a class that changes a part's margins: draw again (the cached lines used the old styles).
        super().notify_style_update()
        self._forget()

    def _forget(self) -> None:
        self._drawn = None
        self._prepared.clear()
        self._blocks.clear()
        self.refresh()

    def selection_updated(self, selection: Selection | None) -> None:
        self._drawn = None
        self._prepared.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        drawn = self._draw(max(1, self.content_size.width))
        return selection.extract("\n".join(drawn.text)), "\n"

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._draw(width).strips)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Its width, read once for the rows of this rendering (through the compositor's map: 2-3 us a row).
        self._row_width = self.content_size.width
        try:
            return super().render_lines(crop)
        finally:
            self._row_width = None

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width if self._row_width is None else self._row_width
        strips = self._draw(width).strips
        strip = strips[y] if 0 <= y < len(strips) else Strip.blank(width, self.visual_style.rich_style)
        self._handed[y] = strip
        return strip

    # -- drawing ----------------------------------------------------------------------------------------------------

    def _draw(self, width: int) -> Drawn:
        if self._drawn is not None and self._drawn.width == width:
            return self._drawn
        drawn = Drawn(width)
        if width > 0:
            self._place(self._elements, width, drawn, drawn.strips)
        self._drawn = drawn  # until the elements, the styles or the selection change
        return drawn

    def _margins(self, part: str) -> tuple[int, int]:
        margin = self.get_component_styles(part).margin
        return margin.top, margin.bottom

    def _place(
        self, elements: Sequence[Element], width: int, drawn: Drawn, out: list[Strip], x: int = 0, y: int = 0
    ) -> None:
        """Draw ``elements`` at ``width`` one under the other into ``out`` (their text into ``drawn``); ``out``
        starts at ``(x, y)`` of the widget's content."""
        blank = Strip.blank(width, self.visual_style.rich_style)
        below = 0  # the bottom margin of the element above
        for n, element in enumerate(elements):
            top, bottom = self._margins(element.part)
            out.extend([blank] * (max(top, below) if n else top))
            if isinstance(element, Block):
                top_row = len(out)
                self._block(element, width, drawn, out)
                drawn.regions[id(element)] = Region(x, y + top_row, width, len(out) - top_row)
            else:
                self._columns(element, width, drawn, out, x, y + len(out))
            below = bottom
        out.extend([blank] * below)

    def _columns(self, columns: Columns, width: int, drawn: Drawn, out: list[Strip], x: int, y: int) -> None:
        """Draw ``columns`` into ``out``, whose next line is at ``(x, y)`` of the widget's content."""
        stacked = self.get_component_styles(columns.part).layout
        if not columns.left or (stacked is not None and stacked.name == "vertical"):
            self._place([*columns.left, *columns.right], width, drawn, out, x, y - len(out))
            return
        left_styles = self.get_component_styles(columns.left_part)
        right_styles = self.get_component_styles(columns.right_part)
        gap = left_styles.margin.right
        left_fr = left_styles.width.value if left_styles.width is not None else 1.0
        right_fr = right_styles.width.value if right_styles.width is not None else 1.0
        room = max(2, width - gap)
        left_width = max(1, min(room - 1, int(room * left_fr / (left_fr + right_fr))))
        right_width = room - left_width
        left: list[Strip] = []
        right: list[Strip] = []
        self._place(columns.left, left_width, drawn, left, x, y)
        self._place(columns.right, right_width, drawn, right, x + left_width + gap, y)
        base = self.visual_style.rich_style
        rows = max(len(left), len(right))
        left += [Strip.blank(left_width, base)] * (rows - len(left))
        right += [Strip.blank(right_width, base)] * (rows - len(right))
        spacer = Strip.blank(gap, base)
        out.extend(Strip.join([a, spacer, b]) for a, b in zip(left, right, strict=True))

    def _block(self, block: Block, width: int, drawn: Drawn, out: list[Strip]) -> None:
        first = len(drawn.text)
        selection = self.text_selection
        key = (*block.key, width, first)
        cached = self._blocks.get(key) if selection is None else None
        if cached is None:
            cached = self._draw_block(block, width, first, selection)
            if selection is None:
                self._blocks[key] = cached
        strips, lines = cached
        out.extend(strips)
        drawn.text.extend(line.plain for line in block.content.split("\n", allow_blank=True))
        drawn.parts.setdefault(block.part, []).extend(lines)

    def _draw_block(
        self, block: Block, width: int, first: int, selection: Selection | None
    ) -> tuple[list[Strip], list[str]]:
        """The block's lines at ``width`` (its text's first line is line ``first`` of the widget's text), and its
        wrapped text lines."""
        styles = self.get_component_styles(block.part)
        text_style = self.get_visual_style(block.part)  # the part's colors over the widget's
        outer = Style(background=self.visual_style.background)
        inner = Style(background=text_style.background)
        edges = [styles.border_top, styles.border_right, styles.border_bottom, styles.border_left]
        top, right, bottom, left = (edge if edge[0] not in NO_EDGE else None for edge in edges)
        pad_top, pad_right, pad_bottom, pad_left = styles.padding
        room = max(1, width - (left is not None) - (right is not None) - pad_left - pad_right)

        def box(edge: tuple[str, object]) -> tuple[tuple[Segment, Segment, Segment], ...]:
            edge_type, color = edge
            return get_box(
                edge_type,
                inner,
                outer,
                Style(foreground=outer.background + color),  # type: ignore[operator]
            )

        side_left = box(left)[1][0] if left is not None else None
        side_right = box(right)[1][2] if right is not None else None
        fill = inner.rich_style

        def framed(segments: list[Segment], length: int) -> Strip:
            strip = Strip([Segment(" " * pad_left, fill), *segments], pad_left + length)
            strip = strip.extend_cell_length(pad_left + room + pad_right, fill)
            parts = (
                [seg for seg in (side_left,) if seg is not None]
                + list(strip)
                + [seg for seg in (side_right,) if seg is not None]
            )
            return Strip(parts, width)

        def edge_row(edge: tuple[str, object], row: int) -> Strip:
            start, middle, end = box(edge)[row]
            inside = width - (left is not None) - (right is not None)
            segments = [start] if left is not None else []
            segments.append(Segment(middle.text * inside, middle.style))
            if right is not None:
                segments.append(end)
            return Strip(segments, width)

        strips: list[Strip] = []
        if top is not None:
            strips.append(edge_row(top, 0))
        strips += [framed([], 0)] * pad_top
        lines: list[str] = []
        parse = self.app.stylesheet.parse_style
        selection_style = (
            Style.from_styles(self.screen.get_component_styles("screen--selection")) if selection else None
        )
        for y, line in enumerate(block.content.split("\n", allow_blank=True), first):
            span = selection.get_span(y) if selection is not None else None
            if span is not None and selection_style is not None:
                start, end = span
                line = line.stylize(selection_style, start, len(line.plain) if end == -1 else end)
            line = line.expand_tabs(8)
            for piece, x in self._wrap(line, room, block.one_line):
                segments = [
                    Segment(text, (text_style + style).rich_style_with_offset(at, y))
                    for text, style, at in _with_offsets(piece.render(text_style, end="", parse_style=parse), x)
                ]
                strips.append(framed(segments, piece.cell_length))
                lines.append(piece.plain)
        strips += [framed([], 0)] * pad_bottom
        if bottom is not None:
            strips.append(edge_row(bottom, 2))
        return strips, lines

    @staticmethod
    def _wrap(line: Content, width: int, one_line: bool) -> list[tuple[Content, int]]:
        """``line`` cut into lines of at most ``width`` cells, each with where it starts in ``line``: as a
        ``Static`` wraps (``text-wrap: wrap``, ``text-overflow: fold``), or one line with an ellipsis."""
        if one_line:
            return [(line.truncate(width, ellipsis=True), 0)]
        cuts = divide_line(line.plain, width, fold=True)
        pieces = line.divide(cuts)
        last = len(pieces) - 1
        return [
            ((piece if n == last else piece.rstrip()).truncate(width), start)
            for n, (piece, start) in enumerate(zip(pieces, [0, *cuts], strict=True))
        ]


def _rows(rows: Iterable[int], width: int) -> list[Region]:
    """The regions (in the widget's content) of these rows of content."""
    return [Region(0, row, width, 1) for row in rows]


def _blocks(elements: Iterable[Element]) -> Iterable[Block]:
    """Every block of ``elements``, in order (a left column's before its right one's)."""
    for element in elements:
        if isinstance(element, Block):
            yield element
        else:
            yield from element.left
            yield from element.right


def _with_offsets(pieces: Iterable[tuple[str, Style]], x: int) -> Iterable[tuple[str, Style, int]]:
    """Each rendered piece of a line with the offset (in characters) of its first character in the line."""
    for text, style in pieces:
        yield text, style, x
        x += len(text)
