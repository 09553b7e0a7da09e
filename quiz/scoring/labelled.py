"""Labelled answers and the scorer's agreement with them (``make eval-scoring``, and the suite's thresholds).

A labelled set is a TOML file of ``[[answer]]`` tables: ``card`` (an id of the deck), ``kind`` and ``text``.
The kind is what an interviewer would say of the answer:

- ``good``: right, in the writer's own words. Agreement: coverage ≥ 0.5 and nothing contradicted.
- ``partial``: right but incomplete. Agreement: some credit (coverage > 0), not full marks, nothing contradicted.
- ``wrong`` (uses the card's words for a wrong claim), ``negated`` (asserts the opposite of a key point),
  ``swapped`` (pairs the right words the wrong way round), ``off-topic``: no credit. Agreement: coverage ≤ 0.25,
  or a contradiction caught.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quiz.deck import Deck
from quiz.scoring.results import AnswerScore

Kind = Literal["good", "partial", "wrong", "negated", "swapped", "off-topic"]
KINDS: tuple[Kind, ...] = ("good", "partial", "wrong", "negated", "swapped", "off-topic")
WRONG_KINDS: frozenset[str] = frozenset({"wrong", "negated", "swapped", "off-topic"})


class LabelledAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    card: Annotated[int, Field(gt=0, strict=True)]
    kind: Kind
    text: Annotated[str, Field(min_length=1)]


class LabelledSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    answer: list[LabelledAnswer] = Field(min_length=1)


def load_labelled(path: str | Path) -> list[LabelledAnswer]:
    """Read a labelled set; ``ValueError`` naming the file and the answer for anything wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return LabelledSet.model_validate(data).answer
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ValueError(f"{path}: {exc}") from None


def agrees(kind: str, score: AnswerScore) -> bool:
    """Whether the scorer's verdict on an answer is the interviewer's (the rules in this module's docstring)."""
    contradicted = bool(score.contradicted)
    if kind == "good":
        return score.coverage >= 0.5 and not contradicted
    if kind == "partial":
        return 0 < score.coverage < 1 and not contradicted
    return score.coverage <= 0.25 or contradicted


@dataclass(frozen=True)
class Judged:
    answer: LabelledAnswer
    score: AnswerScore

    @property
    def agrees(self) -> bool:
        return agrees(self.answer.kind, self.score)


def judge(answers: Iterable[LabelledAnswer], deck: Deck) -> list[Judged]:
    """Score every labelled answer against its card."""
    from quiz.scoring import score_answer

    return [Judged(a, score_answer(a.text, deck.card(a.card))) for a in answers]


def share(judged: Sequence[Judged]) -> float:
    """Share of ``judged`` the scorer agrees with (1.0 for none)."""
    return sum(j.agrees for j in judged) / len(judged) if judged else 1.0
