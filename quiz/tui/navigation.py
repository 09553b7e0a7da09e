"""What a screen asks the app to open. Screens post these; the app (``QuizApp``) owns navigation and handles them.

So screens never import each other (nor the app): a screen that wants the drill posts ``OpenDrill(...)``, which
bubbles up to the app, and the app pushes the drill screen. Light: this module imports only Textual's ``Message``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from textual.message import Message

Clock = Callable[[], datetime]


class OpenDrill(Message):
    """Drill the cards due now, or ``card_ids`` in that order (scheduled unless ``cram``), titled ``title``."""

    def __init__(
        self,
        card_ids: Sequence[int] | None = None,
        *,
        cram: bool = False,
        title: str = "",
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.card_ids = list(card_ids) if card_ids is not None else None
        self.cram = cram
        self.title = title
        self.clock = clock


class OpenCram(Message):
    """Ask which tags and difficulties to cram, then drill them without touching the schedule."""

    def __init__(self, *, clock: Clock | None = None) -> None:
        super().__init__()
        self.clock = clock


class OpenStats(Message):
    """The progress stats screen."""

    def __init__(self, *, clock: Clock | None = None) -> None:
        super().__init__()
        self.clock = clock


class OpenPlan(Message):
    """The interview date and desired retention (a modal); ``then`` runs once they are saved (to show the readiness
    they change)."""

    def __init__(self, *, then: Callable[[], None] | None = None, clock: Clock | None = None) -> None:
        super().__init__()
        self.then = then
        self.clock = clock


class OpenMock(Message):
    """A mock interview: setup, interview, report."""


class OpenReview(Message):
    """The interview tip and the quick review checklist; ``done`` gets the cards chosen there (or ``None``);
    ``mastery``: each card's recall (``None``: not read yet), for the checklist's marks."""

    def __init__(
        self, done: Callable[[list[int] | None], None], mastery: Mapping[int, float | None] | None = None
    ) -> None:
        super().__init__()
        self.done = done
        self.mastery = mastery
