"""What the scorer reports: per concept, per answer, and the deck tip's anchors across an interview."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

CONTRADICTION_CAP = 0.25
"""An answer that contradicts a key point scores at most this."""


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Contradiction(_Result):
    """The answer asserts the opposite of a key point."""

    label: str
    """The wrong claim (a deck misconception's label, or what the scorer heard: ``tanh where ReLU belongs``)."""
    key_point: str
    """The label of the key point it contradicts."""
    correction: str
    """One line that puts it right."""
    said: str
    """The stretch of the answer that said it, verbatim."""
    span: tuple[int, int]
    """``answer[start:end]`` is :attr:`said`."""
    kind: Literal["misconception", "negation", "swap", "formula"]
    """A misconception of the deck; a key phrase denied ("do not stay identical"); a key phrase with a word
    swapped for a confusable one ("He for tanh"); a formula whose value is not the key point's ("Var = 1/(2 fan_in)"
    for He's 2/fan_in, :mod:`quiz.formulas`)."""

    def as_json(self) -> dict[str, str]:
        """``{label, said, correction}``: what reports and ``quiz mock --json`` show."""
        return {"label": self.label, "said": self.said, "correction": self.correction}


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
    contradiction: Contradiction | None = None
    """The answer asserts the opposite of this key point: then it is not :attr:`matched`."""
    overridden: bool = False
    """:attr:`matched` is the user's verdict, which is the opposite of the scorer's."""

    @property
    def contradicted(self) -> bool:
        return self.contradiction is not None


class AnswerScore(_Result):
    """A typed answer scored against one card's key points, with the user's corrections (``overrides``).

    ``scored`` and ``contradictions`` are the scorer's verdicts and never change; :attr:`concepts`,
    :attr:`contradicted` and :attr:`coverage` apply the overrides.
    """

    card_id: int
    answer: str
    scored: list[ConceptResult]
    """Per key point, in deck order: what the scorer heard."""
    keyword_list: bool
    """The answer reads as a list of terms rather than sentences (the keyword-list rule of :mod:`quiz.scoring`)."""
    contradictions: list[Contradiction] = []
    """Every wrong claim the scorer heard, in the order said."""
    overrides: dict[str, bool] = {}
    """The user's corrections: key point label → heard. Only labels where they differ from the scorer."""

    @property
    def concepts(self) -> list[ConceptResult]:
        """Per key point, with the user's verdict where there is one (marked heard, it is no longer contradicted)."""
        out = []
        for c in self.scored:
            heard = self.overrides.get(c.label)
            if heard is None:
                out.append(c)
            else:
                out.append(
                    c.model_copy(
                        update={
                            "matched": heard,
                            "overridden": True,
                            "contradiction": None if heard else c.contradiction,
                        }
                    )
                )
        return out

    @property
    def contradicted(self) -> list[Contradiction]:
        """The wrong claims that stand (those of a key point the user marked heard are withdrawn)."""
        return [x for x in self.contradictions if not self.overrides.get(x.key_point)]

    @property
    def heard_share(self) -> float:
        """Matched concepts / all concepts, 0..1, before the contradiction cap."""
        return len(self.matched) / len(self.scored) if self.scored else 0.0

    @property
    def coverage(self) -> float:
        """Matched concepts / all concepts, 0..1; at most :data:`CONTRADICTION_CAP` while a contradiction stands."""
        share = self.heard_share
        return min(share, CONTRADICTION_CAP) if self.contradicted else share

    @property
    def matched(self) -> list[str]:
        return [c.label for c in self.concepts if c.matched]

    @property
    def missed(self) -> list[str]:
        """Concepts not counted (including the ones only listed, or contradicted)."""
        return [c.label for c in self.concepts if not c.matched]

    @property
    def listed(self) -> list[str]:
        return [c.label for c in self.concepts if c.listed and not c.overridden]

    def with_overrides(self, overrides: Mapping[str, bool]) -> AnswerScore:
        """This score with the user's verdicts (label → heard) replacing all earlier ones. A verdict equal to the
        scorer's is no override; unknown labels are ignored."""
        scorer = {c.label: c.matched for c in self.scored}
        kept = {label: heard for label, heard in overrides.items() if label in scorer and scorer[label] != heard}
        return self.model_copy(update={"overrides": kept})

    def toggled(self, label: str) -> AnswerScore:
        """This score with key point ``label`` flipped between heard and not heard."""
        current = {c.label: c.matched for c in self.concepts}
        if label not in current:
            raise KeyError(label)
        return self.with_overrides({**self.overrides, label: not current[label]})


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
