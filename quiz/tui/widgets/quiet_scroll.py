"""A vertical scroll container that does not redraw itself when only its content's height changes, nor re-style
its content when it gains or loses the focus.

Textual's containers record their content's size (``virtual_size``) in a reactive that repaints the container and
asks for another layout whenever it changes: revealing an answer, or showing the next drill card, would redraw
the whole card area twice. A scroll container's own lines (its background) do not depend on it, and its scroll
bars are updated by Textual either way (and ask for a layout themselves when they come or go).

When a widget gains or loses the focus, Textual re-styles it and everything in it, in case a rule styles a widget
by whether a container of it has the focus (``QuietScroll:focus Label``). The app has no such rule (a test checks
every rule of every screen), so only the container itself and its scroll bars are re-styled: for the drill's body,
which holds the card and the demo panel, that is 18 ms of CPU fewer on each ``a`` (type an answer) and ``ctrl+r``
(reveal it), which move the focus out of the body and back.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive


class QuietScroll(VerticalScroll):
    """A ``VerticalScroll`` whose content size changes repaint nothing by themselves, and whose focus re-styles
    only itself."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)  # with its scroll bars (Stylesheet.update_nodes)
