"""A checkbox whose state reads without colour: ``[✓] Hard`` when ticked, ``[ ] Hard`` when not.

Textual's ``Checkbox`` draws ``▐X▌`` in both states and tells them apart by colour alone, which a colour-blind
user, a monochrome terminal or ``NO_COLOR`` loses.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A :class:`~textual.widgets.Checkbox` drawn ``[✓]`` / ``[ ]``."""

    @property
    def _button(self) -> Content:
        mark = "✓" if self.value else " "
        return Content.assemble("[", (mark, self.get_visual_style("toggle--button")), "]")
