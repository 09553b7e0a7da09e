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
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
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
    """A ``TextArea`` whose editing keys apply in the order typed, and whose focus shows in its border's color alone,
    set inline: a focus change re-styles nothing.

    Textual re-styles a widget from the CSS whenever it gains or loses the focus (its ``:focus`` rules), and for a
    ``TextArea`` that took 1.4 ms of the drill's ``a`` (into the answer box) and of its ``ctrl+r`` (out of it). The
    app's CSS styles each of its text boxes the same focused or not (Textual's own ``TextArea:focus`` border gives
    way to the box's rule by id; ``tests/tui/test_focus_styles.py`` checks both boxes): only the border takes
    :attr:`FOCUS_COLOR` while the box has the focus. A new text box needs a border rule of its own by id too."""

    FOCUS_COLOR = "accent"
    """The theme color of the border while the box has the focus (its CSS border's color otherwise)."""

    _css_applied: tuple[object, ...] | None = None
    """The text-area theme the CSS fallbacks were last applied to, and what they were taken from
    (:meth:`render_lines`)."""
    _restyles = 0
    """Counts the CSS updates of the box (a theme, a class or a pseudo-class changed its styles)."""

    def notify_style_update(self) -> None:
        self._restyles += 1
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual's TextArea takes its theme's fallback styles from the CSS (TextAreaTheme.apply_css) before each
        # rendering, and every repaint clears the widget's style cache that would make that cheap: 0.8 ms of a
        # drill grade (the box shows again) and of every key typed into the box. The fallbacks depend only on the
        # box's styles and the app's theme, so they are taken again only when one of those has changed.
        theme = self._theme
        if theme:
            app = self.app
            key = (self._restyles, self.rich_style, app.current_theme, app.ansi_color)
            applied = self._css_applied
            if applied is None or applied[0] is not theme or applied[1:] != key:
                theme.apply_css(self)
                self._css_applied = (theme, *key)
        return Widget.render_lines(self, crop)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def watch_has_focus(self, has_focus: bool) -> None:
        # Not Textual's re-style (Widget.watch_has_focus): the border alone changes.
        if has_focus:
            kind = self.styles.base.border_top[0] or "round"
            self.styles.border = (kind, Color.parse(self.app.theme_variables[self.FOCUS_COLOR]))
        else:
            self.styles.border = None  # the CSS border again

    def _theme_changed(self, _theme: Theme) -> None:
        if self.has_focus:
            self.watch_has_focus(True)
