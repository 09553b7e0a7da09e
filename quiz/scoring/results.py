"""What the scorer reports: per concept, per answer, and the deck tip's anchors across an interview."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class ConceptResult(_Result):
    """One key point of a card and what the answer said about it."""

    label: str
    matched: bool
    """Heard in the answer (inside a clause, or anywhere when the answer is not a keyword list)."""
    listed: bool = False
    """Named only in a bare keyword list: reported, not counted."""
    phrase: str | None = None
    """The deck phrase that was heard (for a matched or listed concept)."""
    span: tuple[int, int] | None = None
    """``answer[start:end]`` is what the user typed for it."""
    said: str | None = None
    """That stretch of the answer, verbatim."""


class AnswerScore(_Result):
    """A typed answer scored against one card's key points."""

    card_id: int
    answer: str
    concepts: list[ConceptResult]
    keyword_list: bool
    """The answer reads as a list of terms rather than sentences (the keyword-list rule of :mod:`quiz.scoring`)."""

    @property
    def coverage(self) -> float:
        """Matched concepts / all concepts, 0..1."""
        return len(self.matched) / len(self.concepts) if self.concepts else 0.0

    @property
    def matched(self) -> list[str]:
        return [c.label for c in self.concepts if c.matched]

    @property
    def missed(self) -> list[str]:
        """Concepts not counted (including the ones only listed)."""
        return [c.label for c in self.concepts if not c.matched]

    @property
    def listed(self) -> list[str]:
        return [c.label for c in self.concepts if c.listed]


class AnchorHit(_Result):
    """One of the deck tip's anchors and where in the interview it was first said."""

    label: str
    said: bool
    phrase: str | None = None
    answer_index: int | None = None
    """Index (0-based) of the first answer that said it."""
    span: tuple[int, int] | None = None


class AnchorCheck(_Result):
    anchors: list[AnchorHit]

    @property
    def said(self) -> list[str]:
        return [a.label for a in self.anchors if a.said]

    @property
    def missing(self) -> list[str]:
        return [a.label for a in self.anchors if not a.said]

    def as_dict(self) -> dict[str, bool]:
        """``{"fan_in": True, "activation": False, ...}`` in deck order."""
        return {a.label: a.said for a in self.anchors}
