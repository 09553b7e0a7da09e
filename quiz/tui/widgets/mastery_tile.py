"""One card in the mastery grid: its number, a bar of how well it is known now, and when it is due."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.mastery import mastery_bar, mastery_percent

DIFFICULTY_COLORS = {"easy": "$success", "medium": "$warning", "hard": "$error"}
"""Each difficulty's color (the tile's bar; the stats screen's accuracy bars)."""
MASTERY_STEPS = 5
"""The tile's shade has this many steps (``-m0`` … ``-m4``), from unknown to known."""


def due_label(due: datetime | None, now: datetime, *, is_new: bool) -> str:
    """``new``, ``due now``, ``due in 40m`` / ``5h`` / ``3d`` / ``2w``."""
    if is_new or due is None:
        return "new"
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "due now"
    minutes = seconds / 60
    if minutes < 60:
        return f"due in {max(1, round(minutes))}m"
    if minutes < 60 * 24:
        return f"due in {round(minutes / 60)}h"
    days = minutes / (60 * 24)
    return f"due in {round(days)}d" if days < 14 else f"due in {round(days / 7)}w"


class MasteryTile(Static):
    """A card's tile: bordered in its difficulty color, shaded by mastery; a click posts :class:`MasteryTile.Chosen`."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class Chosen(Message):
        """The tile was clicked: drill its card."""

        def __init__(self, tile: MasteryTile, card_id: int) -> None:
            super().__init__()
            self.tile = tile
            self.card_id = card_id

        @property
        def control(self) -> MasteryTile:
            return self.tile

    def __init__(self, card_id: int, difficulty: str, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes=f"-{difficulty}")
        self.card_id = card_id
        self.difficulty = difficulty
        self.border_title = f"{card_id}"
        self._retrievability: float | None = None
        self._when = ""

    def show(
        self,
        retrievability: float | None,
        due: datetime | None,
        now: datetime,
        *,
        is_new: bool,
        question: str = "",
        reviews: int = 0,
        last_grade: str = "",
    ) -> None:
        """Show how well the card is known at ``now`` and when it is due."""
        self._retrievability = retrievability
        percent = mastery_percent(retrievability)
        when = due_label(due, now, is_new=is_new)
        self._when = when
        self._draw()
        step = 0 if retrievability is None else min(MASTERY_STEPS - 1, int(retrievability * MASTERY_STEPS))
        self.remove_class(*(f"-m{i}" for i in range(MASTERY_STEPS)))
        self.add_class(f"-m{step}")
        self.set_class(when == "due now", "-due")
        history = f"{reviews} review{'s' if reviews != 1 else ''}" + (f", last {last_grade}" if last_grade else "")
        self.tooltip = (
            f"Card {self.card_id}: {printable(question)}\nReadiness {percent} · {when} · {history}\nClick to drill it."
        )

    def _draw(self) -> None:
        """The bar takes the room the percentage leaves (none at all in a very narrow tile)."""
        width = self.content_size.width or 11
        percent = mastery_percent(self._retrievability)
        bar = min(5, width - 5)
        filled, empty = mastery_bar(self._retrievability, bar) if bar >= 2 else ("", "")
        when = (
            self._when if len(self._when) <= width else self._when.replace("due in ", "in ").replace("due now", "now")
        )
        self.update(
            Content.assemble(
                (filled, DIFFICULTY_COLORS.get(self.difficulty, "$accent")),
                (empty, "$text-muted 50%"),
                (f" {percent:>4}" if bar >= 2 else percent, "bold"),
                "\n",
                (when, "$text-warning" if self._when == "due now" else "$text-muted"),
            )
        )

    def on_resize(self) -> None:
        self._draw()

    @on(Click)
    def _clicked(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.card_id))
