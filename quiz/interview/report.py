"""What an interview produced: each question's result, the comparison with earlier interviews, the report;
and a report rebuilt from a stored interview."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from quiz.deck import Card, Deck, Difficulty
from quiz.interview.settings import Frozen, InterviewSettings
from quiz.scoring import AnchorCheck, AnswerScore, check_anchors, score_answer


class Countdown(Frozen):
    """The clock for the current question (or, with a total budget, for the whole interview)."""

    limit_s: float
    elapsed_s: float
    remaining_s: float
    budget: bool
    """True when the limit is the interview's total budget."""

    @property
    def fraction(self) -> float:
        """Remaining / limit, 1 → 0: the bar's fill."""
        return self.remaining_s / self.limit_s if self.limit_s > 0 else 0.0

    @property
    def expired(self) -> bool:
        return self.remaining_s <= 0

    @property
    def seconds(self) -> int:
        """Whole seconds left, rounded up (a countdown shows 1 until it reaches 0)."""
        return math.ceil(self.remaining_s)


class QuestionResult(Frozen):
    """One question as answered."""

    position: int
    card_id: int
    question: str
    difficulty: Difficulty
    reference: str
    """The card's answer, shown beside the typed one."""
    answer: str
    time_limit_s: float
    time_s: float
    timed_out: bool
    reached: bool = True
    """False for a question the total budget never reached."""
    score: AnswerScore
    self_grade: int | None = None

    @classmethod
    def of(
        cls,
        card: Card,
        answer: str,
        *,
        position: int,
        time_limit_s: float,
        time_s: float,
        timed_out: bool,
        reached: bool = True,
        self_grade: int | None = None,
    ) -> QuestionResult:
        """``answer`` to ``card``, scored against the card's key points."""
        return cls(
            position=position,
            card_id=card.id,
            question=card.question,
            difficulty=card.difficulty,
            reference=card.answer,
            answer=answer,
            time_limit_s=time_limit_s,
            time_s=time_s,
            timed_out=timed_out,
            reached=reached,
            score=score_answer(answer, card),
            self_grade=self_grade,
        )

    @property
    def coverage(self) -> float:
        return self.score.coverage

    @property
    def matched(self) -> list[str]:
        return self.score.matched

    @property
    def missed(self) -> list[str]:
        return self.score.missed


class Comparison(Frozen):
    """This interview's score against the user's previous ones (scores 0..1)."""

    score: float
    previous: int
    previous_mean: float | None = None
    previous_best: float | None = None
    last: float | None = None

    @property
    def change_vs_last(self) -> float | None:
        return None if self.last is None else self.score - self.last

    @property
    def change_vs_mean(self) -> float | None:
        return None if self.previous_mean is None else self.score - self.previous_mean

    @property
    def personal_best(self) -> bool:
        return self.previous_best is None or self.score > self.previous_best


def signed_points(change: float) -> str:
    """A change of score (0..1) in percentage points, signed: ``+12``, ``-3``, ``0``."""
    points = round(change * 100)
    return f"+{points}" if points > 0 else str(points)


def compare_scores(score: float, previous_scores: Sequence[float]) -> Comparison:
    """Compare ``score`` with previous interview scores, oldest first."""
    if not previous_scores:
        return Comparison(score=score, previous=0)
    return Comparison(
        score=score,
        previous=len(previous_scores),
        previous_mean=sum(previous_scores) / len(previous_scores),
        previous_best=max(previous_scores),
        last=previous_scores[-1],
    )


class InterviewReport(Frozen):
    deck_id: str
    deck_title: str
    started_at: datetime
    settings: InterviewSettings
    planned: int
    """How many questions were picked."""
    questions: list[QuestionResult]
    ended_early: bool
    """The user stopped (end of input, abandon) before the last question."""
    anchors: AnchorCheck
    previous_scores: tuple[float, ...] = ()
    """The scores of the user's earlier interviews, oldest first, 0..1."""

    @property
    def answered(self) -> bool:
        """Whether anything was said: at least one answer is not empty. An interview where nothing was (every
        answer empty, timed out or not) is reported but never saved: it would count as a 0 % interview."""
        return any(q.answer.strip() for q in self.questions)

    @property
    def score(self) -> float:
        """Mean coverage of the questions in the report, 0..1."""
        return sum(q.coverage for q in self.questions) / len(self.questions) if self.questions else 0.0

    @property
    def comparison(self) -> Comparison:
        return compare_scores(self.score, self.previous_scores)

    @property
    def time_s(self) -> float:
        return sum(q.time_s for q in self.questions)

    def to_json(self) -> dict[str, object]:
        """The ``quiz mock --plain --json`` object."""
        return {
            "questions": [
                {
                    "card": q.card_id,
                    "coverage": round(q.coverage, 3),
                    "matched": q.matched,
                    "missed": q.missed,
                    "time_s": round(q.time_s, 1),
                    "timed_out": q.timed_out,
                }
                for q in self.questions
            ],
            "score": round(self.score, 3),
            "anchors": self.anchors.as_dict(),
        }


class StoredAnswer(Protocol):
    """What a stored interview keeps of one answer (``quiz.progress.InterviewAnswer`` fits)."""

    @property
    def position(self) -> int: ...
    @property
    def card(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def time_s(self) -> float: ...
    @property
    def timed_out(self) -> bool: ...
    @property
    def self_grade(self) -> int | None: ...


def report_from_record(
    deck: Deck,
    *,
    started_at: datetime,
    settings: Mapping[str, object],
    answers: Sequence[StoredAnswer],
    previous_scores: Sequence[float] = (),
) -> InterviewReport:
    """Rebuild the report of a stored interview (answers are scored again, so it reads like the live one).

    Answers whose card is no longer in the deck are left out.
    """
    known = {name: value for name, value in settings.items() if name in InterviewSettings.model_fields}
    try:
        chosen = InterviewSettings.model_validate(known)
    except ValueError:
        chosen = InterviewSettings()
    cards = {card.id: card for card in deck.cards}
    questions = []
    for stored in sorted(answers, key=lambda a: a.position):
        card = cards.get(stored.card)
        if card is None:
            continue
        questions.append(
            QuestionResult.of(
                card,
                stored.answer,
                position=stored.position,
                time_limit_s=chosen.time_limit(card),
                time_s=stored.time_s,
                timed_out=stored.timed_out,
                self_grade=stored.self_grade,
            )
        )
    return InterviewReport(
        deck_id=deck.id,
        deck_title=deck.title,
        started_at=started_at,
        settings=chosen,
        planned=max(len(questions), len(answers)),
        questions=questions,
        ended_early=bool(settings.get("ended_early", False)),
        anchors=check_anchors([q.answer for q in questions], deck.anchors),
        previous_scores=tuple(previous_scores),
    )
