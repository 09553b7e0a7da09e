"""A key that no widget on its way would take runs its binding at once, not once it has bubbled back to the app.

Textual hands a key to the focused widget through that widget's message queue. From there the key bubbles, one
message queue at a time, through each of the widget's ancestors and the screen, and back to the app, which then
looks up the bindings of the focused widget, of each ancestor, of the screen and of its own. On the drill's
``space`` that is three queues: the card's scroll body, the screen, the app (about 0.45 ms in tmux before the
action ran, ``scripts/bench_keys.py``).

When no node on that way handles keys itself (no ``on_key``/``_on_key`` of its own, no ``@on(Key)``, no
``key_<name>`` method for this key) the trip changes nothing but the time: :func:`passes_keys_on` says so, and the
app looks the bindings up as soon as the key arrives (:meth:`quiz.tui.app.QuizApp.on_event`). A key is never taken
ahead of an earlier one still on its way (:class:`KeysOnTheirWay`): keys are applied in the order typed. A text
field (:mod:`quiz.tui.widgets.in_order`) or the mock report, which handle keys themselves, get every key Textual's
way.

Textual also runs a *priority* binding (the drill's ``a``, ``ctrl+r`` and ``esc``) as soon as its key reaches the app,
ahead of keys typed before it that are still on their way: in one burst, ``ctrl+r`` revealed the answer before the
letters typed just before it were in the answer box. While a key is on its way, the app now holds back every key
that comes after it, and hands them on in order once it has been handled.

A screen busy for a moment holds keys back too (:func:`screen_holds_keys`): the drill shows the next card as a grade
key is pressed, and writes the grade in a thread worker; a key pressed before that write is committed waits for it
(for :data:`HELD_AT_MOST` at most), and then applies to the card as saved, rather than being refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from textual import events
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget

_KEY_CLASSES = tuple(cls for cls in events.Key.__mro__ if issubclass(cls, Message))
"""What a handler may be declared for and still get a key: ``Key`` and the classes it comes from."""


@cache
def _handles_keys(cls: type[MessagePump]) -> bool:
    """Whether widgets of ``cls`` have a key handler beyond :class:`~textual.widget.Widget`'s (which only looks for
    ``key_<name>`` methods, checked apart)."""
    for klass in cls.__mro__:
        if klass is Widget:
            return False  # Widget's own _on_key, and what it comes from (DOMNode, MessagePump) handle none
        own = vars(klass)
        if "_on_key" in own or "on_key" in own:
            return True
        decorated = own.get("_decorated_handlers") or {}
        if any(kind in decorated for kind in _KEY_CLASSES):
            return True
    return True  # not a widget: let Textual deliver it


def passes_keys_on(node: DOMNode, event: events.Key) -> bool:
    """Whether ``node`` would only pass ``event`` on to its parent."""
    if _handles_keys(type(node)):
        return False
    return not any(
        getattr(node, f"key_{name}", None) or getattr(node, f"_key_{name}", None) for name in event.name_aliases
    )


ON_ITS_WAY_AT_MOST = 0.5
"""Seconds after which a key sent is no longer waited for, handled or not (a widget being removed with it queued)."""
HELD_AT_MOST = 0.5
"""Seconds since a screen became busy after which the keys pressed are no longer held for it (a write that hangs:
they then go to the screen, which refuses what it cannot do yet)."""
RECHECK = 0.001
"""Seconds between two looks at whether the keys held back can go (:meth:`quiz.tui.app.QuizApp._release_held_keys`)."""


class KeysOnTheirWay:
    """The keys given to Textual's way, until each is handled: while one is still queued on its way (or back at the
    app), a later key must not be taken ahead of it; the app holds it back until then."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._sent: list[tuple[events.Key, Sequence[MessagePump], float]] = []
        self._clock = clock

    def sent(self, event: events.Key, way: Sequence[MessagePump]) -> None:
        """``event`` is given to the first node of ``way``, and bubbles through the rest (the app last)."""
        self._sent.append((event, way, self._clock()))

    def any(self) -> bool:
        """Whether a key sent is still queued on its way (one handled, or sent :data:`ON_ITS_WAY_AT_MOST` ago, is
        forgotten)."""
        now = self._clock()
        self._sent = [sent for sent in self._sent if now - sent[2] < ON_ITS_WAY_AT_MOST and _queued(*sent[:2])]
        return bool(self._sent)


def _queued(event: events.Key, way: Sequence[MessagePump]) -> bool:
    for node in way:
        if node._closing or node._closed:
            continue  # it will handle nothing more
        queued: Iterable[object] = node._message_queue.values
        if any(message is event for message in queued):
            return True
    return False


def way_of_a_key(focused: DOMNode) -> list[DOMNode]:
    """The nodes a key given to ``focused`` bubbles through: ``focused``, its ancestors, the screen and the app."""
    return [focused, *focused.ancestors]


def screen_holds_keys(screen: DOMNode, now: float) -> bool:
    """Whether ``screen`` holds keys back at ``now`` (``time.monotonic``): a screen says since when keys wait for it
    with a ``keys_wait_since`` attribute (a ``time.monotonic`` time, or None when they do not)."""
    since: float | None = getattr(screen, "keys_wait_since", None)
    return since is not None and now - since < HELD_AT_MOST
