"""What the scorer advises after an answer: a suggested grade, and where the reference answer says what was missed.

The suggested grade (fsrs: 1 Again, 2 Hard, 3 Good, 4 Easy):

- **Again** when the answer contradicts a key point, or when nothing was heard;
- otherwise by coverage: **Hard** below half the key points, **Good** from half, **Easy** with every key point;
- and by time: an answer slower than expected (the callers pass the mock interview's limit for the card's
  difficulty: Easy 60 s, Medium 90 s, Hard 120 s) is one grade lower, never below Hard (it was right, only slow).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quiz.deck import Card
from quiz.scoring.results import AnswerScore


@dataclass(frozen=True)
class Suggestion:
    grade: int
    """1 again, 2 hard, 3 good, 4 easy."""
    reason: str
    """Why, in a few words: ``contradicts “He for ReLU”``, ``3 of 4 key points``, ``every key point, but slower
    than 90 s``."""


def suggest_grade(score: AnswerScore, seconds: float | None = None, expected_s: float | None = None) -> Suggestion:
    """The grade the scorer suggests for ``score``, answered in ``seconds`` (None: time is not taken into account)
    of an expected ``expected_s``."""
    total = len(score.concepts)
    heard = len(score.matched)
    if score.contradicted:
        return Suggestion(1, f"contradicts “{score.contradicted[0].key_point}”")
    if heard == 0:
        return Suggestion(1, "no key point heard")
    if heard == total:
        grade, reason = 4, "every key point"
    elif heard * 2 >= total:
        grade, reason = 3, f"{heard} of {total} key points"
    else:
        grade, reason = 2, f"{heard} of {total} key points"
    if seconds is not None and expected_s is not None and seconds > expected_s and grade > 2:
        grade, reason = grade - 1, f"{reason}, but slower than {expected_s:.0f} s"
    return Suggestion(grade, reason)


def reference_spans(card: Card, labels: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``card.answer`` (the reference) says each key point in ``labels``: ``(start, end)`` offsets, sorted,
    not overlapping. A key point whose phrases the reference does not say has none."""
    from quiz.scoring import score_key_points

    wanted = set(labels)
    points = [kp for kp in card.key_points if kp.label in wanted]
    score = score_key_points(card.answer, points)
    spans = sorted(c.span for c in score.scored if c.span is not None)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
