"""Cheap updates for the keys that must feel instant: change what a widget shows without re-styling or re-laying
out more of the screen than the change needs.

- :func:`update_in_place` updates a ``Static`` and asks for a layout only when its height changes (a one-line card
  position never does; a question that wraps to the same number of lines does not either).
- :func:`focus` focuses a widget only if it is not focused already; :func:`into_view` scrolls one into view at once,
  :func:`scroll_home` one to its top at once (only if it is not there).
- :func:`set_shown` shows or hides a widget as its ``display`` does, but keeps the lines it drew: showing it again
  draws nothing new.
- :func:`show_card_color` colors a card's left border inline. Swapping the ``-easy``/``-medium``/``-hard`` classes
  instead makes Textual match every CSS rule again for the widget and all its descendants, on every card.
"""

from __future__ import annotations

from contextlib import suppress

from textual.color import Color
from textual.content import Content
from textual.dom import NoScreen
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static

from quiz.deck import Card

BORDER_VARIABLES = {"easy": "success", "medium": "warning", "hard": "error"}
"""The theme color of each difficulty's border (green, amber, red), as the widgets' ``.tcss`` files have it."""


def update_in_place(static: Static, content: VisualType) -> None:
    """Show ``content`` in ``static``; lay out again only if that changes its height (``static`` has ``height:
    auto``)."""
    size = static.content_size
    width = static.styles.width
    if not static.is_mounted or size.width <= 0 or (width is not None and width.is_auto):
        static.update(content)  # an auto width may change with the text: lay out
        return
    static.update(content, layout=False)
    if isinstance(content, Content) and "\n" not in content.plain and content.cell_length <= size.width:
        height = 1  # one line that fits: no need to lay the text out to know (half the cost of a status line)
    else:
        height = static.get_content_height(size, size, size.width)
    if height != size.height:
        static.refresh(layout=True)


def set_shown(widget: Widget, shown: bool) -> None:
    """Show or hide ``widget`` as ``widget.display = shown`` does (an inline ``display`` rule, and a layout), without
    the repaint of the whole widget that Textual's setter asks for as well.

    Hidden, a widget keeps the lines it drew (its styles cache, by row, until it is refreshed or resized), and
    anything that changes what it shows refreshes it, shown or not. The repaint threw those lines away, so that each
    time the drill swapped its answer box for the answer, or the Reveal button for the grades, every widget shown
    again was drawn anew, lines that had not changed: 0.5 ms of each reveal (the grade bar), 1.3 ms of each grade
    (the answer box and the Reveal row)."""
    value = "block" if shown else "none"
    if not widget.is_mounted or widget.parent is None:
        widget.display = shown
        return
    if widget.styles.set_rule("display", value):
        # The parent's arrangement (and its list of displayed children) is stale; the widget's own is not: how it
        # places its children does not depend on whether it shows. Textual's setter marks the widget's own children
        # updated as well, so that showing a container again arranged it anew (the grade bar's four buttons,
        # measured twice, at each reveal; the Reveal row at each grade: the drill's reveal drew 0.4 ms sooner
        # without it, its grade 0.4-1 ms).
        #
        # Only the parent's own list is marked, not every ancestor's (NodeList.updated() marks them all, and each
        # then arranged its children anew, the screen included, on every reveal and grade). An ancestor is laid out
        # again when its size can follow: the layout asked for below clears the arrangement of each ancestor up to
        # the first one whose size does not depend on its content, as for any widget whose size changes.
        widget.parent._nodes._updates += 1
        widget.refresh(layout=True, repaint=False)


def focus(widget: Widget) -> None:
    """Focus ``widget`` as Textual's ``focus()`` does (once the messages already queued are handled), unless it has
    the focus already, and without the repaint of the whole widget ``focus()`` asks for first. A widget redraws itself
    when its focus comes (``Widget._on_focus``) if its look depends on it; the drill's body, whose look does not,
    holds the whole card: with its own handlers' repaint, that was about 3 ms of compositing on each ``ctrl+r``."""
    if not widget.has_focus:
        widget.app.call_later(_set_focus, widget)


def _set_focus(widget: Widget) -> None:
    with suppress(NoScreen):  # gone meanwhile (its screen was dismissed)
        widget.screen.set_focus(widget)


def into_view(widget: Widget) -> None:
    """Scroll ``widget``'s scroll container (the nearest that scrolls) so that the whole widget shows, at once.

    Textual scrolls a newly focused widget into view a moment later, smoothly, and only when none of it shows;
    a field reached by Tab must show the moment it has the focus.
    """
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            return
        if ancestor.styles.overflow_y in ("auto", "scroll") and ancestor.is_scrollable:
            if not ancestor.region.contains_region(widget.region):
                ancestor.scroll_to_widget(widget, animate=False, immediate=True)
            return


def scroll_home(widget: Widget) -> None:
    """Scroll ``widget`` to its top-left corner at once, as ``scroll_home(animate=False, immediate=True)`` does; not
    if it is there already, nor heading elsewhere (Textual's scroll then still sets its targets and releases its
    anchor: 0.08 ms of each drill grade)."""
    if widget.scroll_x or widget.scroll_y or widget.scroll_target_x or widget.scroll_target_y:
        widget.scroll_home(animate=False, immediate=True)


def card_color(widget: Widget, card: Card) -> Color:
    """The card's own color, else its difficulty's in the current theme."""
    if card.color:
        return Color.parse(card.color)
    variables = widget.app.theme_variables
    return Color.parse(variables.get(BORDER_VARIABLES[card.difficulty], variables.get("primary", "blue")))


def show_card_color(widget: Widget, card: Card) -> None:
    """Color ``widget``'s thick left border for ``card`` (call again when the theme changes)."""
    color = card_color(widget, card)
    if widget.styles.border_left != ("thick", color):
        widget.styles.border_left = ("thick", color)
