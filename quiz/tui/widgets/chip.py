"""A small rounded label: a filter toggle in the chip bar, or a difficulty / tag marker on a card."""

from __future__ import annotations

from textual import on
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from quiz.tui.styles import tcss


class Chip(Static):
    """A chip. Clicking a toggle chip posts :class:`Chip.Toggled`; whoever owns the filter decides its state."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class Toggled(Message):
        """The user clicked a toggle chip."""

        def __init__(self, chip: Chip, value: str) -> None:
            super().__init__()
            self.chip = chip
            self.value = value

        @property
        def control(self) -> Chip:
            return self.chip

    active: reactive[bool] = reactive(False, init=False)
    """Whether the filter this chip stands for is on."""

    def __init__(self, label: str, value: str = "", *, key: str = "", toggle: bool = False, classes: str = "") -> None:
        super().__init__(label, classes=classes, markup=False)
        self.label = label
        self.value = value or label
        self.toggleable = toggle
        if toggle:
            self.add_class("-toggle")
            self.tooltip = f"Filter: {label} (key {key})" if key else f"Filter: {label}"

    def watch_active(self, active: bool) -> None:
        self.set_class(active, "-active")

    @on(Click)
    def _clicked(self, event: Click) -> None:
        if self.toggleable:
            event.stop()
            self.post_message(self.Toggled(self, self.value))
