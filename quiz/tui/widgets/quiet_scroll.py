"""A vertical scroll container that does not redraw itself when only its content's height changes, and whose focus
re-styles nothing (neither itself nor its content).

Textual's containers record their content's size (``virtual_size``) in a reactive that repaints the container and
asks for another layout whenever it changes: revealing an answer, or showing the next drill card, would redraw
the whole card area twice. A scroll container's own lines (its background) do not depend on it, and its scroll
bars are updated by Textual either way (and ask for a layout themselves when they come or go).

When a widget gains or loses the focus, Textual re-styles it and everything in it, in case a rule styles a widget
by whether it or a container of it has the focus (``QuietScroll:focus``, ``QuietScroll:focus Label``). The app has
no such rule for these containers (a test checks every rule of every screen and of the Textual widgets it uses), so
their focus re-styles nothing. For the drill's body, which holds the card (and the demo panel once one runs), that
was 18 ms of CPU on each ``a`` (type an answer) and ``ctrl+r`` (reveal it), which move the focus out of the body and
back, and then 2 ms more to redraw its scroll bar, which Textual redraws whenever a container's scroll bar colors
are set, changed or not. Nor does its focus repaint it (Textual's focus handlers repaint the focused widget whole,
for the body the card and all): only the widgets inside it that change are drawn.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive


class QuietScroll(VerticalScroll):
    """A ``VerticalScroll`` whose content size changes repaint nothing by themselves, and whose focus re-styles
    nothing."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Textual's re-styles the container and all it holds; no rule reads its focus (see the module)."""

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # not Widget._on_focus, which also repaints the whole container, card and all
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()  # not Widget._on_blur, for the same repaint
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
