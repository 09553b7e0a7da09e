"""The bounds every stored value is held to, and the fsrs state a review may carry (:class:`FsrsState`).

Kept apart from the file format (``records``) because every drill and ``quiz stats`` checks the states it
schedules from, and should not pay for building the import's models.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

INT64_MAX = 2**63 - 1
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
"""Times outside [EARLIEST, LATEST) are refused: fsrs adds up to 100 years to a time, and Python's datetime ends
with the year 9999."""
STABILITY_MIN = 0.001
"""fsrs' own floor (``fsrs.scheduler.STABILITY_MIN``); 0 would read back as "no stability"."""
STABILITY_MAX = 1e9
"""Days (2.7 million years): far past any schedule, and far from the floats whose intervals overflow."""

DeckId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
CardId = Annotated[int, Field(gt=0, le=INT64_MAX, strict=True)]
Position = Annotated[int, Field(ge=0, le=INT64_MAX, strict=True)]
Grade = Annotated[int, Field(ge=1, le=4, strict=True)]
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]
Moment = Annotated[AwareDatetime, Field(ge=EARLIEST, lt=LATEST)]
Flag = Annotated[bool, Field(strict=True)]


class Record(BaseModel):
    """A record of the store or of its export: unknown fields are errors; built on first use."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FsrsState(Record):
    """An fsrs ``Card`` as ``Card.to_dict()`` writes it, limited to what ``fsrs.Scheduler`` can review.

    ``state`` is 1 Learning, 2 Review or 3 Relearning. Learning and Relearning cards have a ``step`` (0 and up; a
    negative one indexes fsrs' steps from the end), Review cards none. Review and Relearning cards have both a
    stability and a difficulty; a Learning card has both or neither (before its first review).
    """

    card_id: CardId
    state: Annotated[int, Field(ge=1, le=3, strict=True)]
    step: Annotated[int, Field(ge=0, le=INT64_MAX, strict=True)] | None
    stability: Annotated[float, Field(ge=STABILITY_MIN, le=STABILITY_MAX, allow_inf_nan=False, strict=True)] | None
    difficulty: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False, strict=True)] | None
    due: Moment
    last_review: Moment | None

    @model_validator(mode="after")
    def _consistent(self) -> FsrsState:
        name = {1: "Learning", 2: "Review", 3: "Relearning"}[self.state]
        if self.state == 2 and self.step is not None:
            raise ValueError(f"step: must be null in the Review state (2), not {self.step}")
        if self.state == 3 and self.step is None:
            raise ValueError("step: must be a number in the Relearning state (3), not null")
        if (self.stability is None) != (self.difficulty is None):
            raise ValueError("stability and difficulty: give both or neither")
        if self.state in (2, 3) and self.stability is None:
            raise ValueError(f"stability and difficulty: required in the {name} state ({self.state})")
        return self

    def to_json(self) -> str:
        """The state as fsrs writes it (``Card.to_json``)."""
        from fsrs import Card, State

        card = Card(
            card_id=self.card_id,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )
        return str(card.to_json())


def state_problem(text: str | None) -> str | None:
    """Why a stored state (JSON text) cannot be scheduled, or None if it can (None, a card never scheduled, can)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError, TypeError) as exc:
        return f"not valid JSON ({exc})" if not isinstance(exc, RecursionError) else "nested too deeply"
    try:
        FsrsState.model_validate(value)
    except ValidationError as exc:
        return describe_error(exc)
    return None


def describe_error(exc: ValidationError) -> str:
    """The first error of ``exc`` as ``field: message``."""
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"])
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg
