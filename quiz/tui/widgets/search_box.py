"""The search box over the card list (``/``): enter keeps the search and hands the keys back to the list."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from quiz.tui.styles import tcss
from quiz.tui.widgets.in_order import InOrderKeys


class SearchBox(InOrderKeys, Input):
    """An :class:`Input` that, once enter moved the focus away, passes on keys typed right after the enter.

    Textual routes a key to whatever has focus when the key arrives; keys typed fast after enter (``/fan⏎j``) reach
    the box before the focus has moved. They are sent on, so ``j`` moves to the next card instead of being typed.
    """

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    async def action_submit(self) -> None:
        await super().action_submit()
        self.screen.set_focus(None)

    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:  # arrived after an enter took the focus away: route it again
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        await super()._on_key(event)
