"""One frame per key: a screen that draws only once every widget has handed it the changes a key made.

Textual passes a widget's repaint or layout on to its screen when that widget's own message loop next goes idle,
and a screen draws as soon as it is idle itself. A key that changes several widgets (the next card: its position,
question and chips, the list's cursor) is then drawn in two or three frames, 16 ms apart at 60 fps, and the last
one is what the user waits for. :class:`OneFrameScreen` holds the frame back while any of its widgets still has a
change to hand over, and hands it over at once: the key's whole answer is in the first frame.

It also skips the layout Textual asks for again right after each one: every widget that a layout resized (or
showed) records its new "virtual size", a reactive that asks for another layout. That second layout matters only to
a widget that can scroll and whose content did not, or no longer does, fit (its scroll bars depend on it); for the
others it recomputes the same places and redraws them, already drawn at their new size, in a second frame 16 ms
after the first. Those requests are dropped.

A key need not even wait for those hand-overs: :meth:`OneFrameScreen.draw_now`, called by the app once a key's
action has run (and by a screen once a worker's result is shown), takes every widget's change at once, as each
widget's ``_check_refresh`` and the screen's handlers of the messages it posts would, and draws the frame there and
then. Handed over through the message queues (a reveal's seven changed widgets each woken, then nine messages to the
screen), a drill's reveal or grade waited 1.7-2.0 ms from the end of its action to the start of its frame; drawn at
once, 0.6 ms (the footer reads its keys first: ``OneFrameScreen.before_frame_signal``). A change that needs a restyle
first, or a message still queued that may change what is drawn (a focus change made Textual's way, the list's
announcement of a new card), is left to Textual's own way; a focus change made with
:meth:`OneFrameScreen.take_focus` is taken in at once, and drawn in the key's frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, messages
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.reactive import Reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer
from textual.widget import Widget

from quiz.tui.compositor import CroppingCompositor
from quiz.tui.widgets.in_place import into_view

ResultType = TypeVar("ResultType")

AHEAD_DELAY = 0.02
"""Seconds after a key before the work done ahead for the next key (drawing the answer to reveal) starts. Work done
right after a frame holds the interpreter while Textual's writer thread waits for it to write that frame: drawn
ahead at once, a reveal reached the terminal about 1 ms later (``make bench``)."""


def ahead(node: MessagePump, callback: Callable[[], object]) -> Timer:
    """Run ``callback`` once the frame being drawn is written (:data:`AHEAD_DELAY`)."""
    return node.set_timer(AHEAD_DELAY, callback)


def pending(widget: Widget) -> bool:
    """Whether ``widget`` has a repaint, layout, scroll or restyle its screen has not been told of yet."""
    return (
        widget._repaint_required
        or widget._layout_required
        or widget._scroll_required
        or widget._refresh_styles_required
    )


def about_to_draw(screen: Screen[Any]) -> bool:
    """Whether ``screen`` has something to draw (what ``Screen._on_idle`` checks before drawing a frame)."""
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )


def hand_over(screen: Screen[Any]) -> bool:
    """Pass every pending change of ``screen``'s widgets on to it now (what each widget does when idle); whether
    there was any."""
    found = False
    for widget in screen.walk_children(Widget):
        if pending(widget):
            widget._check_refresh()
            found = True
    return found


QUIET: tuple[type[Message], ...] = (messages.Prompt, messages.InvokeLater)
"""Messages that change nothing a frame drawn now would show: the prompt to hand changes over (taken here), and a
callback to run after the next frame (``call_after_refresh``)."""


def busy(node: MessagePump, quiet: tuple[type[Message], ...] = (), taken: Iterable[Message] = ()) -> bool:
    """Whether ``node`` has a message queued that may change what it draws (any but :data:`QUIET` and ``quiet``,
    and the ``taken`` ones, whose change is shown already)."""
    queued: Iterable[object] = node._message_queue.values
    kinds = QUIET + quiet
    return any(not isinstance(message, kinds) and all(message is not t for t in taken) for message in queued)


def settled(screen: Screen[Any]) -> list[Widget] | None:
    """``screen``'s widgets, if a frame drawn now would show all that is changing; None when a widget is to be
    restyled first (Textual restyles it in a callback of its own, before its redraw) or a message still queued may
    change what is drawn (the focus a widget gained, say: its handler may redraw it)."""
    # A focus change comes as a callback the app runs next.
    if busy(screen.app) or busy(screen, getattr(screen, "DRAWS_NOTHING", ())):
        return None
    widgets = [widget for widget in screen.walk_children(Widget) if widget.is_attached and not widget._closing]
    taken = getattr(screen, "focus_taken", ())
    if any(
        widget._refresh_styles_required or widget._recompose_required or busy(widget, (), taken) for widget in widgets
    ):
        return None
    return widgets


def take_changes(screen: Screen[Any], widgets: Iterable[Widget]) -> None:
    """Take every pending change of ``widgets`` into ``screen`` now, as each widget's ``_check_refresh`` would post
    it and the screen's ``_on_update``, ``_on_layout`` and ``_on_update_scroll`` would take it."""
    for widget in widgets:
        if widget._scroll_required:
            widget._scroll_required = False
            if not widget._layout_required:
                if str(widget.styles.keyline[0]) != "none":  # as Textual checks it (its type leaves "none" out)
                    widget._set_dirty()
                screen._scroll_required = True
        if widget._repaint_required:
            widget._repaint_required = False
            if widget.display:
                screen._dirty_widgets.add(widget)
        if widget._layout_required:
            widget._layout_required = False
            _take_layout(screen, widget)


def _take_layout(screen: Screen[Any], widget: Widget) -> None:
    """A widget's layout request, as ``Widget._check_refresh`` posts it and ``Screen._on_layout`` takes it."""
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if not ancestor.styles.auto_dimensions:
            break
    node: Widget = widget
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        screen._layout_widgets.setdefault(ancestor, set())
        if node not in screen._layout_widgets:
            screen._layout_widgets[ancestor].add(node)
            screen._layout_required = True
        if not ancestor.styles.auto_dimensions:
            break
        node = ancestor


def scrolls(widget: Widget) -> bool:
    """Whether ``widget`` can scroll (its overflow is ``auto`` or ``scroll`` on either axis)."""
    styles = widget.styles
    return styles.overflow_x in ("auto", "scroll") or styles.overflow_y in ("auto", "scroll")


def fits(widget: Widget, virtual: Size) -> bool:
    """Whether content of size ``virtual`` fits in ``widget`` without scrolling (so it shows no scroll bar)."""
    room = widget.container_size
    return virtual.width <= room.width and virtual.height <= room.height


class OneFrameScreen(Screen[ResultType], Generic[ResultType]):
    """A screen whose frames wait for the changes its widgets have not handed over yet, and which skips the
    redundant layout after each layout (see the module). Its frames render only what changed
    (:class:`~quiz.tui.compositor.CroppingCompositor`), and a focus change redraws only what it changes."""

    focus_taken: tuple[Message, ...] = ()
    """The ``Focus`` and ``Blur`` events of the last :meth:`take_focus`, taken in already."""

    DRAWS_NOTHING: ClassVar[tuple[type[Message], ...]] = ()
    """Messages this screen handles without changing what it draws (no handler of its own, say): queued for it,
    they do not hold back a frame :meth:`draw_now` would draw."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without its repaint of the whole screen: the widget that gains the focus and the one that loses
    it redraw themselves, and so does every widget the change re-styles. The full repaint cost 10-15 ms on each key
    that moves the focus (``a`` and ``ctrl+r`` in a drill); ``tests/tui/test_compositor.py`` checks the screen drawn
    without it against a full render."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._compositor = CroppingCompositor()
        self.before_frame_signal: Signal[Screen[Any]] = Signal(self, "before_frame")
        """Published by :meth:`draw_now` before it takes the changes: a widget that defers its reaction to a change
        (the footer reads the keys once per batch of binding changes) subscribes (``immediate``) to make it there."""

    def take_focus(self, widget: Widget) -> None:
        """Focus ``widget`` now, and give it (and the widget that loses the focus) its new ``has_focus`` at once: the
        look that follows it (an answer box's border and cursor) is in the frame :meth:`draw_now` draws as the key's
        action ends, and keys that come after this one go to ``widget``.

        Textual's ``focus()`` moves the focus in a callback after the messages already queued, and each widget takes
        its focus in when it handles its ``Focus`` or ``Blur`` event, one turn of its message loop later; the frame
        then came 2-4 ms after the action (the drill's ``a`` and ``ctrl+r``). Those events still come and change
        nothing more (their repaint draws what is drawn already); until then :func:`settled` passes over them
        (:attr:`focus_taken`). ``widget`` is scrolled into view at once (:func:`into_view`), not after a frame."""
        blurred = self.focused
        if blurred is widget:
            return
        self.set_focus(widget, scroll_visible=False)
        if self.focused is not widget:
            return  # it cannot take the focus (disabled, hidden)
        for node, has_focus in ((blurred, False), (widget, True)):
            if node is not None:
                node.has_focus = has_focus  # what its Focus or Blur handler will set (and its watchers follow)
        queued: list[object] = []
        for node in (blurred, widget):
            if node is not None:
                queued += node._message_queue.values
        self.focus_taken = tuple(m for m in queued if isinstance(m, (events.Focus, events.Blur)))
        into_view(widget)

    def draw_now(self) -> None:
        """Draw the changes made so far, now (see the module); nothing when nothing changed, or when this screen is
        not the one shown."""
        app = self.app
        if not self.is_current or app._batch_count or app.is_inline or not self.is_attached:
            return
        widgets = settled(self)
        if widgets is None:
            return  # drawn Textual's way, once all of it has come
        self.before_frame_signal.publish(self)
        take_changes(self, widgets)
        if about_to_draw(self):
            self._on_timer_update()

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        already = {widget for widget in self._compositor.widgets if pending(widget)}
        virtual = {widget: widget.virtual_size for widget in self._compositor.widgets if scrolls(widget)}
        super()._refresh_layout(size, scroll)
        for widget in self._compositor.widgets:
            if widget in already:
                continue
            if widget in virtual and not (fits(widget, virtual[widget]) and fits(widget, widget.virtual_size)):
                continue  # its scroll bars may come or go: let it have its second layout
            # Asked for by its new virtual size alone, and drawn at its new size in this very frame.
            widget._layout_required = False
            widget._repaint_required = False

    def on_idle(self, event: events.Idle) -> None:
        # Only when a frame is due (as Screen._on_idle decides), or callbacks wait for the next frame: otherwise the
        # changes come as messages, and the screen checks again when it next goes idle with something to draw.
        # Textual runs those callbacks (call_after_refresh) when the screen goes idle with nothing to draw; with
        # changes still in the widgets that would be before the frame that shows them (the drill's reveal scrolled
        # to an answer not laid out yet).
        if (about_to_draw(self) or self._callbacks) and hand_over(self):
            event.prevent_default()  # not idle after all: the screen draws when it has taken these in
