"""A compositor that draws a key's changes by rendering only the widgets, and the lines, those changes touch.

Textual's compositor answers a partial update (what most keys cause) in three steps: the box around every changed
region (the *crop*), every widget whose clip overlaps that box rendered in full, then the changed spans cut out of
those renders and written. Most of that work is thrown away on the study screen:

- A widget's *clip* is its container's region: every widget of the screen has the whole screen as its clip, so the
  deck title, the screen itself and every line of the list were rendered for a change in the card pane.
- One box around all changes: a reveal changes the card pane and the footer's bottom line, and the box around them
  is the whole width, so the list (all 33 lines) was rendered too, and cut, for nothing.
- Front to back, every widget under the crop was rendered and cut, even where the widgets in front of it (the card
  over its scroll pane, over the screen) had already covered every cell.

:class:`CroppingCompositor` renders a widget only for the lines where one of the *changed spans* still has a cell
to fill in its visible part, and only those lines. What is written to the terminal is the same as before, span for
span: ``tests/tui/test_compositor.py`` compares the two on every frame of a session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import NamedTuple, cast

from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor, ReflowResult
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget


class LinesGiven(NamedTuple):
    """A widget's lines as last rendered for a frame, and what they were made of."""

    crop: Region
    width: int
    kept: tuple[Strip | None, ...]
    """The widget's styled lines (its styles cache's, before line filters) the render took, one per row of ``crop``."""
    filters: tuple[LineFilter, ...]
    hover: Style
    lines: list[Strip]


class CroppingCompositor(Compositor):
    """Renders a partial update widget by widget and line by line, only where it changed (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: dict[Widget, LinesGiven] = {}
        """Each widget's lines as last rendered (:meth:`_render_lines`)."""

    def _render_lines(self, widget: Widget, size: Size, crop: Region) -> list[Strip]:
        """``widget.render_lines(crop)``, or the very lines it gave last time when nothing they are made of changed.

        A layout marks a resized or moved container's whole region dirty, and every widget in it is rendered again
        though its own lines did not change (a reveal: the card's head, the grade buttons, the demo panel below the
        answer). Each such render of a widget whose lines are all kept in its styles cache still reads its
        background (up the tree), its padding, titles and content size (about 0.1 ms a widget). Textual renders a
        kept line as it is, unless marked dirty (any change to a widget's content, size, styles or theme clears or
        dirties its styles cache); the lines given last time are given again when the same kept lines would be
        taken, under the same line filters, hover style and crop. Widgets that render their lines their own way are
        rendered as they are."""
        if type(widget).render_lines is not Widget.render_lines or widget.BLANK:
            return widget.render_lines(crop)
        cache = widget._styles_cache
        styled = cache._cache
        rows = crop.line_range
        drawn = self._drawn.get(widget)
        filters = tuple(widget.get_line_filters())
        hover = widget.hover_style
        if (
            drawn is not None
            and drawn.crop == crop
            and drawn.width == size.width == cache._width
            and drawn.filters == filters
            and drawn.hover is hover
            and cache._dirty_lines.isdisjoint(rows)
            and all(styled.get(y) is line for y, line in zip(rows, drawn.kept, strict=True))
        ):
            return drawn.lines
        lines = widget.render_lines(crop)
        self._drawn[widget] = LinesGiven(crop, size.width, tuple(styled.get(y) for y in rows), filters, hover, lines)
        return lines

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        result = super().reflow(parent, size)
        drawn = self._drawn
        for gone in [widget for widget in drawn if widget not in self.widgets]:
            del drawn[gone]  # (not kept for widgets no longer on the screen)
        # The map a reflow arranges is the full map (every widget, visible or not). Textual leaves it marked out of
        # date when a widget was shown or hidden before the reflow, so the first widget that asks for its region
        # after it (every resized widget does, to mark itself dirty) made Textual arrange the whole screen again.
        self._full_map_invalidated = False
        return result

    def reflow_visible(self, parent: Widget, size: Size) -> set[Widget]:
        # A scroll arranges the visible widgets only, and marks dirty where their places differ from the last such
        # arrangement. After a full reflow there is none (Textual drops it), so every visible widget counted as
        # moved, the screen's own region among them: the first scroll after any layout (the drill's answer scrolled
        # into view, a field reached by Tab) redrew the whole screen. The places the full reflow gave are the ones
        # to compare with; off-screen widgets in it have no visible region to mark.
        if self._visible_map is None and self._full_map:
            self._visible_map = self._full_map
        return super().reflow_visible(parent, size)

    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
        # A full update (and Textual's other callers): every cut of every line in ``crop`` is wanted.
        crop = crop.intersection(self.size.region)
        cuts = self.cuts
        wanted = {y: _covered(cuts[y], crop.x, crop.right) for y in crop.line_range if is_rendered_line(y)}
        return cast("Sequence[Mapping[int, Strip]]", self._chops(crop, wanted))  # as Textual's: None where unfilled

    def render_partial_update(self) -> ChopsUpdate | None:
        regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not regions:
            return None
        spans = list(self._regions_to_spans(regions))
        cuts = self.cuts
        wanted: dict[int, list[int]] = {}
        for y, left, right in spans:  # the cuts each changed span of a line covers
            wanted.setdefault(y, []).extend(_covered(cuts[y], left, right))
        crop = Region.from_union(list(regions)).intersection(self.size.region)
        return ChopsUpdate(self._chops(crop, wanted), spans, [cut_set[1:] for cut_set in cuts])

    def _chops(self, crop: Region, wanted: Mapping[int, Sequence[int]]) -> Sequence[Mapping[int, Strip | None]]:
        """Compositor._render_chops, front to back as there ("the first strip for a cut wins"), for the ``wanted``
        cuts of each line only: a widget is rendered only for the lines where one of those is still to fill."""
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        unfilled = {y: set(line) for y, line in wanted.items() if line}
        for widget, (region, clip) in self.visible_widgets.items():
            if not unfilled:
                break  # every wanted cut is filled: the widgets further back are hidden
            shown = region.intersection(clip)
            if not shown.overlaps(crop):
                continue
            first_cut, last_cut = shown.column_span
            rows = [
                y
                for y in range(max(shown.y, crop.y), min(shown.bottom, crop.bottom))
                if y in unfilled and any(first_cut <= cut < last_cut for cut in unfilled[y])
            ]
            if not rows:
                continue
            top, bottom = rows[0], rows[-1] + 1
            strips = self._render_lines(
                widget, region.size, Region(shown.x - region.x, top - region.y, shown.width, bottom - top)
            )
            for y, strip in zip(range(top, bottom), strips, strict=True):
                if y not in wanted:
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                pieces = strip.divide([cut - first_cut for cut in final_cuts[1:]])  # one fewer than the cuts
                open_cuts = unfilled.get(y)
                for cut, piece in zip(final_cuts, pieces, strict=False):
                    if line.get(cut) is None:
                        line[cut] = piece
                        if open_cuts is not None:
                            open_cuts.discard(cut)
                if open_cuts is not None and not open_cuts:
                    del unfilled[y]
        return chops


def _covered(cut_set: Sequence[int], left: int, right: int) -> list[int]:
    """The cuts of a line whose chop (from the cut to the next) overlaps the columns ``left`` to ``right``."""
    return [cut for cut, end in pairwise(cut_set) if cut < right and end > left]


NO_SIZE = Size(0, 0)


class WrittenChops:
    """What the terminal shows, chop by chop, as the app's partial updates wrote it: a later update's chop that would
    write the very same strip to the very same cells is left out.

    A key often changes the layout of a widget whose lines do not change: the drill's reveal makes the card taller,
    and Textual then marks the whole card dirty, head and borders included, to write them again as they are (2 KB of
    the reveal's 5 KB; every KB costs the terminal about 0.3 ms to take in). Only what the app wrote itself, in full,
    is known: a chop written only in part forgets what it overlapped, and anything other than a partial update of the
    screen written last (a full frame, another screen, a new size) forgets everything (:meth:`forget`).
    """

    def __init__(self) -> None:
        self._lines: dict[int, dict[tuple[int, int], Strip]] = {}
        """Per line, each chop written in full (its first column and its end) and what was written there."""
        self._screen: object = None
        self._size = NO_SIZE

    def forget(self, screen: object = None, size: Size = NO_SIZE) -> None:
        """Nothing is known of the terminal now, but that ``screen`` at ``size`` writes next."""
        self._lines.clear()
        self._screen = screen
        self._size = size

    def knows(self, screen: object, size: Size) -> bool:
        return screen is self._screen and size == self._size

    def leave_out_unchanged(self, update: ChopsUpdate) -> ChopsUpdate | None:
        """``update`` without the chops the terminal shows already, or None if it has none left; what it writes is
        noted."""
        chops = list(update.chops)
        lines = self._lines
        written_spans: list[tuple[int, int, int]] = []
        for y, x1, x2 in update.spans:
            line = chops[y] = dict(chops[y])  # (its own copy: the compositor's is left as it is)
            known = lines.setdefault(y, {})
            writes = False
            for end, (x, strip) in zip(update.chop_ends[y], list(line.items()), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                if x2 > x >= x1 and end <= x2:  # written in full
                    shown = known.get((x, end))
                    if shown is not None and (shown is strip or shown == strip):
                        line[x] = None  # on screen already
                        continue
                    if shown is None:  # (kept chops never overlap: one of these bounds would overlap no other)
                        self._overwrite(known, x, end)
                    known[x, end] = strip
                else:  # written in part: what it overlapped is no longer known
                    self._overwrite(known, max(x, x1), min(end, x2))
                writes = True
            if writes:
                written_spans.append((y, x1, x2))
        if not written_spans:
            return None
        return ChopsUpdate(chops, written_spans, update.chop_ends)

    @staticmethod
    def _overwrite(known: dict[tuple[int, int], Strip], start: int, end: int) -> None:
        for x, chop_end in [key for key in known if key[0] < end and key[1] > start]:
            del known[x, chop_end]
