"""The filter chips above the card list: Variance, Xavier, He, Random, Easy, Medium, Hard (keys 1–7, or click)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import RenderResult
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from quiz.tui.card_filter import FILTER_CHIPS
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import filter_chip


class ChipBar(Widget):
    """The chips as one widget, each with its key, on as many lines as the width needs (a chip is never split, and
    never loses its key: at 40 columns they take two lines). Clicking a chip posts
    :class:`ChipBar.Toggled`; whoever owns the filter decides, then calls :meth:`show`."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class Toggled(Message):
        """The user clicked the chip for ``value`` (a tag, or a difficulty)."""

        def __init__(self, bar: ChipBar, value: str) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> ChipBar:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selected: frozenset[str] = frozenset()
        self._built: dict[frozenset[str], list[Content]] = {}
        """The chips built for each set of lit chips (a chip turned off again builds nothing)."""
        self._wrapped: dict[tuple[frozenset[str], int], list[Content]] = {}
        """The lines for each set of lit chips and width."""
        self._width: int | None = None
        """The width the lines were last asked for (layout asks for the height, then render for the same lines)."""
        self._drawn: LRUCache[tuple[frozenset[str], Size, str], list[Strip]] = LRUCache(64)
        """The lines drawn for each set of lit chips, size and hovered chip: a chip turned on then off again (or
        the other way) redraws nothing drawn before. Forgotten on a restyle (a theme)."""

    def show(self, selected: Iterable[str]) -> None:
        """Light the chips in ``selected``."""
        selected = frozenset(selected)
        if selected == self.selected:
            return
        lines = len(self._lines(self._width)) if self._width is not None else None
        self.selected = selected
        # A lit chip is as wide as an unlit one: the bar needs a layout only if its number of lines changed.
        self.refresh(layout=lines is None or len(self._lines(self.content_region.width or 80)) != lines)

    def _build(self) -> list[Content]:
        # An action on a span makes it clickable: a click runs action_toggle_chip on this widget.
        return [
            filter_chip(spec, spec.value in self.selected).stylize(f"@click=toggle_chip({spec.value!r})")
            for spec in FILTER_CHIPS
        ]

    def _lines(self, width: int) -> list[Content]:
        """The chips, each with its key (the key is how to toggle it), wrapped between chips as the width needs."""
        self._width = width
        lines = self._wrapped.get((self.selected, width))
        if lines is None:
            chips = self._built.get(self.selected)
            if chips is None:
                chips = self._built[self.selected] = self._build()
            spaced, packed = self._wrap(chips, width, " "), self._wrap(chips, width, "")
            # A space between chips while it costs no line; packed (each chip keeps its own padding) when it does.
            lines = self._wrapped[self.selected, width] = spaced if len(spaced) <= len(packed) else packed
        return lines

    @staticmethod
    def _wrap(chips: list[Content], width: int, gap: str) -> list[Content]:
        lines: list[Content] = []
        line = Content("")
        for chip in chips:
            if line.cell_length and line.cell_length + len(gap) + chip.cell_length > width:
                lines.append(line)
                line = chip
            else:
                line = line + gap + chip if line.cell_length else chip
        return [*lines, line]

    def render(self) -> RenderResult:
        return Content("\n").join(self._lines(self.content_region.width or 80))

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (self.selected, self.outer_size, self.highlight_link_id)
        lines = self._drawn.get(key)
        if lines is None:
            lines = self._drawn[key] = super().render_lines(self.outer_size.region)
        return [line.crop(crop.x, crop.right) for line in lines[crop.y : crop.bottom]]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def action_toggle_chip(self, value: str) -> None:
        self.post_message(self.Toggled(self, value))
