"""The footer: the screen's keys on one line, as many as fit, the most useful first; ``?`` Help and ``q`` Quit always.

Textual's ``Footer`` builds a widget per key and rebuilds them all whenever the bindings may have changed (a key
that reveals an answer, a focus change), a frame after the change; when the keys do not fit it cuts the line off
wherever it falls (at 80 columns: ``c C``, with Stats, Mock, Quit and Help gone). This is one widget drawn as one
line of text: a change of keys is a repaint, in the same frame; what does not fit is left out whole, the least
useful key first (``priority``), never cut. The line drawn for each set of keys is kept (:meth:`render_lines`), so
a key that flips a label back and forth (``space``: Reveal, Hide) redraws nothing it has drawn before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from quiz.tui.one_frame import OneFrameScreen

GAP = {False: 0, True: 2}
"""Cells between two keys: none when each is padded with a space on both sides, two when compact."""
ALWAYS = ("help", "quit")
"""Binding ids that always show (at the right end), however narrow the terminal."""
PALETTE_ID = "command-palette"


Signed = tuple[tuple[tuple[str, str, str, bool, str], ...] | None, Size]
"""What a drawn line is kept under: the keys it shows, and the bar's size."""


class KeyLabels(Protocol):
    """A screen whose key labels change with its state (``space``: "Reveal", then "Hide")."""

    def key_label(self, binding: Binding) -> str | None:
        """The label to show for ``binding`` now (``None``: its description)."""


class KeyItem:
    """One key as the bar shows it."""

    __slots__ = ("enabled", "id", "key", "key_display", "label")

    def __init__(self, key: str, key_display: str, label: str, enabled: bool, id: str) -> None:
        self.key = key
        self.key_display = key_display
        self.label = label
        self.enabled = enabled
        self.id = id

    def width(self, compact: bool) -> int:
        """Cells the item takes (as :meth:`content` draws it): `` key label `` (``key label`` when compact)."""
        return cell_len(self.key_display) + 1 + cell_len(self.label) + (0 if compact else 2)

    def content(self, compact: bool) -> Content:
        pad = "" if compact else " "
        key_style = "bold $footer-key-foreground on $footer-key-background"
        text_style = "$footer-description-foreground on $footer-description-background"
        if not self.enabled:
            key_style += " dim"
            text_style += " dim"
        return Content.assemble((f"{pad}{self.key_display}", key_style), (f" {self.label}{pad}", text_style))


def fit(items: Sequence[KeyItem], width: int, priority: Sequence[str]) -> tuple[list[KeyItem], bool]:
    """The items that fit in ``width`` (left out: the least useful, by ``priority``; never the ALWAYS ones), in
    their order, and whether they must be drawn compact (no padding) to fit."""
    rank = {key_id: n for n, key_id in enumerate([*ALWAYS, *priority])}
    order = {id(item): n for n, item in enumerate(items)}
    # Least useful first: keys missing from ``priority`` from the end of the line, then the ranked ones, lowest first.
    drop_order = sorted(
        (i for i in items if i.id not in ALWAYS),
        key=lambda i: (rank.get(i.id, len(rank) + order[id(i)]), order[id(i)]),
        reverse=True,
    )
    for compact in (False, True):
        gap = GAP[compact]
        dropped: set[int] = set()
        length = sum(i.width(compact) for i in items) + gap * max(0, len(items) - 1)
        for item in drop_order:
            if length <= width:
                break
            dropped.add(id(item))
            length -= item.width(compact) + gap
        if length <= width:
            return [i for i in items if id(i) not in dropped], compact
    return [i for i in items if i.id in ALWAYS], True


class KeyBar(Widget):
    """The keys of its screen that apply now (``check_action``), one line, redrawn whenever the bindings change."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
    }
    """

    def __init__(self, *, priority: Sequence[str] = (), id: str | None = None) -> None:
        """``priority``: binding ids, the most useful first; the keys that fit are shown in the screen's order."""
        super().__init__(id=id)
        self.priority = tuple(priority)
        self._shown: list[KeyItem] = []
        self._spans: list[tuple[int, int, str]] = []
        self._fresh: list[KeyItem] | None = None
        self._reading = False
        """Whether a reading of the keys is queued (:meth:`_bindings_published`)."""
        """Where each key drawn last starts and ends, and its key (for clicks)."""
        self._items: tuple[tuple[str, str, str, bool, str], ...] | None = None
        """What the bar drew last (to skip a redraw when the bindings' change leaves it as it was)."""
        self._lines: LRUCache[Signed, tuple[list[Strip], list[KeyItem], list[tuple[int, int, str]]]] = LRUCache(32)
        """The line drawn for each set of keys at each size (with what :meth:`render` noted), until a restyle."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_published, immediate=True)
        if isinstance(self.screen, OneFrameScreen):  # a frame drawn at once shows the keys as they are now
            self.screen.before_frame_signal.subscribe(self, lambda _screen: self._read_queued(), immediate=True)

    def _bindings_published(self, screen: Screen[object]) -> None:
        # A key often publishes several binding changes (a drill's ctrl+r: the reveal, then the focus leaving the
        # answer box and reaching the card): the keys are read once, after all of those already queued, not once
        # for each (0.1-0.4 ms each).
        if not self._reading:
            self._reading = True
            self.call_next(self._read_queued)

    def _read_queued(self) -> None:
        """Read the keys if a reading is queued (then, or earlier: before a frame drawn at once)."""
        if self._reading:
            self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        if isinstance(self.screen, OneFrameScreen):
            self.screen.before_frame_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self._reading = False
        items = self.items()
        if self._items is None or self._signature(items) != self._items:
            self._fresh = items  # render() draws these rather than asking every binding again
            self.refresh()

    @staticmethod
    def _signature(items: Sequence[KeyItem]) -> tuple[tuple[str, str, str, bool, str], ...]:
        return tuple((i.key, i.key_display, i.label, i.enabled, i.id) for i in items)

    def items(self) -> list[KeyItem]:
        """Every key the screen shows now, in its order (one key per action), the command palette last."""
        screen = self.screen
        key_label = getattr(screen, "key_label", None)  # see KeyLabels
        seen: set[tuple[str, str]] = set()
        items: list[KeyItem] = []
        palette: KeyItem | None = None
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.action == "command_palette" and self.app.ENABLE_COMMAND_PALETTE:
                palette = KeyItem(binding.key, self.app.get_key_display(binding), "palette", True, PALETTE_ID)
                continue
            if not binding.show or (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            label = (key_label(binding) if key_label is not None else None) or binding.description
            items.append(
                KeyItem(
                    binding.key,
                    self.app.get_key_display(binding),
                    label,
                    active.enabled,
                    binding.id or binding.action,
                )
            )
        # Help and Quit at the right end, in that order, then the palette.
        ends = sorted((i for i in items if i.id in ALWAYS), key=lambda i: ALWAYS.index(i.id))
        items = [i for i in items if i.id not in ALWAYS] + ends
        return [*items, palette] if palette is not None else items

    def render(self) -> RenderResult:
        items, self._fresh = self._fresh or self.items(), None
        self._items = self._signature(items)
        shown, compact = fit(items, self.content_region.width or 80, self.priority)
        self._shown = shown
        self._spans = []
        x = 0
        for item in shown:
            width = item.width(compact)
            self._spans.append((x, x + width, item.key))
            x += width + GAP[compact]
        # Clicks are found by column (on_click), not as @click links: links make every redraw several times dearer.
        return Content(" " * GAP[compact]).join(item.content(compact) for item in shown)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Drawing the line is most of what a key that changes the footer costs: reuse it for keys drawn before.
        signature = self._signature(self._fresh) if self._fresh is not None else self._items
        key = (signature, self.outer_size)
        cached = self._lines.get(key) if signature is not None else None
        if cached is None:
            strips = super().render_lines(self.outer_size.region)  # render() notes the keys and where they are drawn
            cached = (strips, self._shown, self._spans)
            self._lines[(self._items, self.outer_size)] = cached
        else:
            self._fresh, self._items = None, signature  # as render() would have noted them
        strips, self._shown, self._spans = cached
        return [strip.crop(crop.x, crop.right) for strip in strips[crop.y : crop.bottom]]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a theme or a restyle: the lines kept are in the old colors

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return

    @property
    def shown(self) -> list[str]:
        """The ids of the keys drawn last, in order (``help``, ``quit``, ...)."""
        return [item.id for item in self._shown]

    def on_resize(self, _event: events.Resize) -> None:
        self.refresh()
