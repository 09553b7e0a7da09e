"""Styled lines kept by the content they show, not by their row: what keeps a list's filter or a card's reveal from
styling every row again.

Textual styles each line of a widget (its border, padding, background, tint) in the widget's *styles cache*, kept by
row and thrown away whole when the widget is refreshed without a region or changes size. The card list (a filter
moves most cards to other rows) and the card panel (a reveal makes it taller) then styled every row again: for the
list, a chip's whole cost. :class:`ContentStylesCache` also keeps each styled content line by the content line it
styles (the very ``Strip`` object the widget handed over, which the card list and the block text widgets keep and
hand over again for the same text) and by everything else the styling reads, so a row that shows a line styled
before, at any row, costs a lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.color import Color
from textual.css.styles import StylesBase
from textual.geometry import Size, Spacing
from textual.strip import Strip
from textual.widget import Widget

StylesRead = tuple[Spacing, tuple[object, ...]]
"""What the styling of a content row reads of a widget's styles: its gutter (where the content rows are), and the rest
of what a styled row is kept by."""


class ContentStylesCache(StylesCache):
    """A widget's styles cache that also keeps styled content lines by the content they show (see the module)."""

    def __init__(self, lines: int = 512) -> None:
        super().__init__()
        self._styled: LRUCache[tuple[object, ...], tuple[Strip, Strip]] = LRUCache(lines)
        """Each styled content line, with the content line it styles (kept, so that its ``id`` stays its own)."""
        self._pass: tuple[StylesBase, StylesRead] | None = None
        """While :meth:`render` styles a widget's rows: its styles, and what of them the styling of a content row
        reads (the same for every row of one pass)."""

    def render(self, styles: StylesBase, *args: Any, **kwargs: Any) -> list[Strip]:
        # What the key of a styled row takes from the styles, read once a pass rather than once a row: reading a
        # border or an outline through Textual's properties cost a few microseconds each, for every row of every
        # widget drawn (with the rows' other lookups, 15 us a row; a reveal styles 40-50 rows).
        self._pass = (styles, _read_styles(styles))
        try:
            return super().render(styles, *args, **kwargs)
        finally:
            self._pass = None

    def _styles_key(self, styles: StylesBase) -> StylesRead:
        """What of ``styles`` the styling of a content row reads (as of this pass, when one is under way)."""
        taken = self._pass
        return taken[1] if taken is not None and taken[0] is styles else _read_styles(styles)

    def render_line(
        self,
        styles: StylesBase,
        y: int,
        size: Size,
        content_size: Size,
        padding: Spacing,
        base_background: Color,
        background: Color,
        render_content_line: Callable[[int], Strip],
        *rest: Any,
    ) -> Strip:
        gutter, styles_key = self._styles_key(styles)
        row = y - gutter.top
        if row < 0 or y >= size.height - gutter.bottom or row >= content_size.height:
            # A border or padding row: it depends on the height and the titles; styled by row, as Textual does.
            return super().render_line(
                styles, y, size, content_size, padding, base_background, background, render_content_line, *rest
            )
        content = render_content_line(row)
        _border_title, _border_subtitle, *effects = rest  # the titles are drawn on border rows only
        key = (
            id(content),
            size.width,
            content_size.width,
            padding,
            base_background,
            background,
            *styles_key,
            *effects,
        )
        kept = self._styled.get(key)
        if kept is not None and kept[0] is content:
            return kept[1]
        styled = super().render_line(
            styles, y, size, content_size, padding, base_background, background, lambda _row: content, *rest
        )
        self._styled[key] = (content, styled)
        return styled


def _read_styles(styles: StylesBase) -> StylesRead:
    """What of ``styles`` the styling of a content row reads."""
    hatch = styles.hatch if styles.has_rule("hatch") else None
    return styles.gutter, (styles.border, styles.outline, styles.tint, styles.text_opacity, hatch)


def prestyle(widget: Widget, lines: Sequence[Strip], width: int | None = None) -> None:
    """Style ``lines`` (content lines ``widget`` will show, at its present content width or at ``width``: a hidden
    widget has none) into its :class:`ContentStylesCache`, with the colour filters and terminal sequences Textual
    adds to a line, as if they were shown: showing them later only looks them up (a reveal drawn while the question
    is read)."""
    cache = widget._styles_cache
    if not isinstance(cache, ContentStylesCache) or not lines or not widget.is_mounted:
        return
    styles = widget.styles
    gutter = styles.gutter
    # As Textual styles a line: for the whole widget, border and padding included.
    if width is None:
        outer, content_width = widget.outer_size.width, widget.content_size.width
    else:
        outer, content_width = width + gutter.width, width
    size = Size(outer, gutter.top + len(lines) + gutter.bottom)
    content_size = Size(content_width, len(lines))
    base_background, background = widget.background_colors
    app = widget.app
    filters = widget.get_line_filters()
    for row in range(len(lines)):
        styled = cache.render_line(
            styles,
            gutter.top + row,
            size,
            content_size,
            styles.padding,
            base_background,
            background,
            lines.__getitem__,
            None,
            None,
            widget.opacity,
            app.ansi_theme,
            app.native_ansi_color,
        )
        for line_filter in filters:
            styled = styled.apply_filter(line_filter, background)
        styled.render(app.console)


def keep_styled_lines(widget: Widget) -> None:
    """Give ``widget`` a :class:`ContentStylesCache` (from its constructor, before it is first drawn)."""
    widget._styles_cache = ContentStylesCache()
