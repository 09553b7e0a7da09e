"""Text fields that apply keys in the order they were typed.

Textual's ``Input`` and ``TextArea`` insert a printable key as it arrives, but an editing key that is a binding
(backspace, ``ctrl+u``, ``ctrl+w``, the arrows, ``enter`` to submit…) first bubbles up to the app, which runs its
action later. Keys that arrive together (fast typing on a loaded machine, a key macro, a terminal multiplexer
sending a line) are then applied out of order: ``ctrl+u`` typed before ``2026-12-08`` ate the ``2``, and ``enter``
submitted the field before the date was typed in full (Textual issue #6605, fix proposed in #6631).

:class:`InOrderKeys` runs the field's own (non-priority) bindings as the key arrives, as the app would have run them
(the focused widget's bindings come first in the app's chain anyway, and priority bindings were checked before the
key reached the field). Keys the field does not bind still bubble up to the screen and the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

from quiz.tui.one_frame import ahead

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual takes a widget's CSS and component classes from its first widget base


class InOrderKeys(_Base):
    """Mixin for a text field (put first among the bases): its own key bindings run in order with the typed
    characters."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)


class Field(InOrderKeys, Input):
    """An ``Input`` whose editing keys and ``enter`` apply in the order typed."""


class TextBox(InOrderKeys, TextArea):
    """A ``TextArea`` whose editing keys apply in the order typed, and which, hidden as it loses the focus, takes its
    unfocused styles once the frame is written rather than in it."""

    _styles_stale = False

    def watch_has_focus(self, has_focus: bool) -> None:
        # The drill's ctrl+r hides the box and moves the focus out of it: re-styling a TextArea (2.4 ms in the real
        # app) would be done in the reveal's time for a box no one sees. Before it shows again, it is.
        if not has_focus and not self.display:
            self._styles_stale = True
            ahead(self, self.restyle_if_stale)
            return
        super().watch_has_focus(has_focus)

    def restyle_if_stale(self) -> None:
        """Take the styles a focus change left undone while the box was hidden (call before showing it)."""
        if self._styles_stale:
            self._styles_stale = False
            self.update_node_styles()
