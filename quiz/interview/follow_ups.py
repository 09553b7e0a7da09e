"""Follow-up questions: after an answer that misses or contradicts a key point, the interviewer asks about it.

A card's key points may each carry a ``follow_up`` question (the deck). After an answer (an empty one gets none:
there is nothing to probe), :func:`follow_ups_for`
picks up to ``n`` of the key points it did not count (contradicted ones first, then missed ones, in deck order)
that have one. Each follow-up is timed (:data:`FOLLOW_UP_SHARE` of the question's time) and scored against its key
point only (:func:`quiz.scoring.score_key_point`); the follow-up's own words are no evidence (the scorer's echo
rule takes the question and the follow-up together). A key point recovered in a follow-up counts
:data:`RECOVERED_WEIGHT` of one heard in the answer.
"""

from __future__ import annotations

from quiz.deck import Card
from quiz.interview.settings import Frozen
from quiz.scoring import AnswerScore, ConceptResult, Contradiction, score_key_point

FOLLOW_UP_SHARE = 0.5
"""A follow-up's time limit, as a share of its question's."""
RECOVERED_WEIGHT = 0.5
"""A key point recovered in a follow-up counts half."""


class FollowUp(Frozen):
    """A follow-up question being asked (or to ask)."""

    key_point: str
    """The label of the key point it probes (not shown while it is asked: it would give the answer away)."""
    question: str
    time_limit_s: float


class FollowUpResult(Frozen):
    """A follow-up as answered, scored against its key point only."""

    key_point: str
    question: str
    answer: str
    matched: bool
    """The key point was heard in the follow-up's answer (and not contradicted)."""
    timed_out: bool = False
    time_s: float = 0.0
    time_limit_s: float = 0.0
    said: str | None = None
    """The stretch of the answer that said it (when matched)."""
    contradiction: Contradiction | None = None
    """The answer asserted the opposite of the key point (never matched then)."""

    def to_json(self) -> dict[str, object]:
        """One follow-up of a question in ``quiz mock --plain --json``: what is stored, and what was heard."""
        return {
            **self.stored(),
            "time_s": round(self.time_s, 1),
            "said": self.said,
            "contradicted": self.contradiction.as_json() if self.contradiction else None,
        }

    def stored(self) -> dict[str, object]:
        """What the progress store and the export keep of it."""
        return {
            "key_point": self.key_point,
            "question": self.question,
            "answer": self.answer,
            "matched": self.matched,
            "timed_out": self.timed_out,
            "time_s": round(self.time_s, 3),
        }


def follow_ups_for(card: Card, score: AnswerScore, n: int, question_limit_s: float) -> list[FollowUp]:
    """Up to ``n`` follow-ups on the key points ``score`` did not count: contradicted ones first, then the missed
    ones, each in deck order; only key points with a ``follow_up`` in the deck."""
    if n <= 0:
        return []
    concepts = {c.label: c for c in score.concepts}
    missed = [kp for kp in card.key_points if kp.follow_up and not concepts[kp.label].matched]
    missed.sort(key=lambda kp: not concepts[kp.label].contradicted)  # stable: deck order within each group
    limit = question_limit_s * FOLLOW_UP_SHARE
    return [FollowUp(key_point=kp.label, question=kp.follow_up or "", time_limit_s=limit) for kp in missed[:n]]


def score_follow_up(card: Card, follow_up: FollowUp, answer: str) -> ConceptResult:
    """``answer`` to ``follow_up``, against its key point only; words of the question or of the follow-up are no
    evidence."""
    asked = card.model_copy(update={"question": f"{card.question} {follow_up.question}"})
    return score_key_point(answer, asked, follow_up.key_point)


def follow_up_result(card: Card, follow_up: FollowUp, answer: str, *, time_s: float, timed_out: bool) -> FollowUpResult:
    concept = score_follow_up(card, follow_up, answer)
    return FollowUpResult(
        key_point=follow_up.key_point,
        question=follow_up.question,
        answer=answer,
        matched=concept.matched,
        timed_out=timed_out,
        time_s=time_s,
        time_limit_s=follow_up.time_limit_s,
        said=concept.said if concept.matched else None,
        contradiction=concept.contradiction,
    )


def recovered(score: AnswerScore, follow_ups: list[FollowUpResult]) -> list[str]:
    """Key points heard in a follow-up and not in the answer itself (as the user's corrections leave it)."""
    heard = set(score.matched)
    out: list[str] = []
    for f in follow_ups:
        if f.matched and f.key_point not in heard and f.key_point not in out:
            out.append(f.key_point)
    return out
