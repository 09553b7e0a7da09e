"""A vertical scroll container that does not redraw itself when only its content's height changes.

Textual's containers record their content's size (``virtual_size``) in a reactive that repaints the container and
asks for another layout whenever it changes: revealing an answer, or showing the next drill card, would redraw
the whole card area twice. A scroll container's own lines (its background) do not depend on it, and its scroll
bars are updated by Textual either way (and ask for a layout themselves when they come or go).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive


class QuietScroll(VerticalScroll):
    """A ``VerticalScroll`` whose content size changes repaint nothing by themselves."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
