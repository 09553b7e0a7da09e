"""The mock interview engine: settings, question picking, the countdown, submit/timeout, and the report.

Headless (no Textual): the TUI and ``quiz mock --plain`` both drive a :class:`MockInterview`::

    interview = MockInterview.from_deck(deck, InterviewSettings(questions=5), clock=MonotonicClock())
    interview.start()
    while not interview.finished:
        show(interview.current, interview.countdown())      # a bar: countdown.fraction, seconds: countdown.seconds
        ...
        interview.tick(answer_so_far)   # at zero: submits what was typed, marked timed_out, and moves on
        interview.submit(answer)        # the user submitted in time
    report = interview.report(previous_scores=[...])
    print(report_markdown(report))

Time comes from an injectable :class:`Clock` (``FakeClock`` in tests), so nothing here sleeps. Time limits are per
question (by difficulty: Easy 60 s, Medium 90 s, Hard 120 s, or one fixed value) or one total budget for the
whole interview; when the budget is spent, the current answer is submitted as timed out and the questions not
reached are recorded as timed out with no answer. Weakest-first ordering takes per-card mastery (card id →
retrievability 0..1, None or absent for never studied) as input: this module does not read the progress store.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quiz.deck import Anchor, Card, Deck, Difficulty, Tag
from quiz.scoring import AnchorCheck, AnswerScore, check_anchors, score_answer

__all__ = [
    "DEFAULT_QUESTIONS",
    "SECONDS_BY_DIFFICULTY",
    "SELF_GRADES",
    "Clock",
    "Comparison",
    "Countdown",
    "FakeClock",
    "InterviewError",
    "InterviewReport",
    "InterviewSettings",
    "MockInterview",
    "MonotonicClock",
    "Order",
    "QuestionResult",
    "compare_scores",
    "pick_questions",
    "report_markdown",
]

DEFAULT_QUESTIONS = 5
SECONDS_BY_DIFFICULTY: dict[str, float] = {"easy": 60.0, "medium": 90.0, "hard": 120.0}
SELF_GRADES: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
Order = Literal["weakest", "random"]


class InterviewError(ValueError):
    """Settings that cannot make an interview (no card matches, unknown card, bad self-grade)."""


# --- clocks ------------------------------------------------------------------------------------------------------


class Clock(Protocol):
    """Monotonic seconds. Only differences matter."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: :func:`time.monotonic`."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told: ``clock.advance(30)``."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go back")
        self._now += seconds


# --- settings and picking ----------------------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class InterviewSettings(_Frozen):
    """What the setup screen (or the CLI flags) chose."""

    questions: int = Field(DEFAULT_QUESTIONS, ge=1)
    seconds_per_question: float | None = Field(None, gt=0)
    """One limit for every question; None: by difficulty (:data:`SECONDS_BY_DIFFICULTY`)."""
    total_seconds: float | None = Field(None, gt=0)
    """One budget for the whole interview instead of per-question limits."""
    difficulties: tuple[Difficulty, ...] = ()
    """Only these difficulties (empty: any)."""
    tags: tuple[Tag, ...] = ()
    """Only cards with at least one of these tags (empty: any)."""
    order: Order = "random"
    seed: int | None = None
    cards: tuple[int, ...] = ()
    """Exactly these cards, in this order (the other filters and the order are then ignored)."""

    @model_validator(mode="after")
    def _one_timing(self) -> InterviewSettings:
        if self.seconds_per_question is not None and self.total_seconds is not None:
            raise ValueError("give seconds per question or a total budget, not both")
        return self

    def time_limit(self, card: Card) -> float:
        """The per-question limit for ``card`` (ignores a total budget)."""
        if self.seconds_per_question is not None:
            return self.seconds_per_question
        return SECONDS_BY_DIFFICULTY[card.difficulty]


def pick_questions(
    cards: Sequence[Card], settings: InterviewSettings, mastery: Mapping[int, float | None] | None = None
) -> list[Card]:
    """The interview's questions, in the order they will be asked.

    ``weakest``: lowest retrievability first; cards never studied (absent or None) count as 0, ties in a seeded
    random order. ``random``: a shuffle seeded by ``settings.seed`` (unseeded: different every time).
    """
    if settings.cards:
        by_id = {c.id: c for c in cards}
        unknown = [i for i in settings.cards if i not in by_id]
        if unknown:
            raise InterviewError(f"no card {unknown[0]} in this deck")
        return [by_id[i] for i in settings.cards][: settings.questions]
    pool = [
        c
        for c in cards
        if (not settings.difficulties or c.difficulty in settings.difficulties)
        and (not settings.tags or set(c.tags) & set(settings.tags))
    ]
    if not pool:
        raise InterviewError("no card matches the chosen difficulties and tags")
    rng = random.Random(settings.seed)
    rng.shuffle(pool)
    if settings.order == "weakest":
        known = mastery or {}
        pool.sort(key=lambda c: known.get(c.id) or 0.0)  # stable: the shuffle breaks ties
    return pool[: settings.questions]


# --- results -----------------------------------------------------------------------------------------------------


class Countdown(_Frozen):
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


class QuestionResult(_Frozen):
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

    @property
    def coverage(self) -> float:
        return self.score.coverage

    @property
    def matched(self) -> list[str]:
        return self.score.matched

    @property
    def missed(self) -> list[str]:
        return self.score.missed


class Comparison(_Frozen):
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


class InterviewReport(_Frozen):
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
    comparison: Comparison

    @property
    def score(self) -> float:
        """Mean coverage of the questions in the report, 0..1."""
        return sum(q.coverage for q in self.questions) / len(self.questions) if self.questions else 0.0

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


# --- the engine --------------------------------------------------------------------------------------------------


class MockInterview:
    """One interview in progress. Not thread-safe: drive it from one thread (the UI's, or the CLI loop)."""

    def __init__(
        self,
        cards: Sequence[Card],
        settings: InterviewSettings | None = None,
        *,
        anchors: Sequence[Anchor] = (),
        clock: Clock | None = None,
        deck_id: str = "",
        deck_title: str = "",
        wall_clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not cards:
            raise InterviewError("an interview needs at least one question")
        self.cards: list[Card] = list(cards)
        self.settings = settings or InterviewSettings(questions=len(self.cards))
        self.anchors = list(anchors)
        self.deck_id = deck_id
        self.deck_title = deck_title
        self._clock: Clock = clock or MonotonicClock()
        self._wall_clock = wall_clock or (lambda: datetime.now(UTC))
        self._results: list[QuestionResult] = []
        self._started_at: datetime | None = None
        self._question_started: float | None = None
        self._budget_used = 0.0
        self._ended_early = False

    @classmethod
    def from_deck(
        cls,
        deck: Deck,
        settings: InterviewSettings,
        *,
        mastery: Mapping[int, float | None] | None = None,
        clock: Clock | None = None,
        wall_clock: Callable[[], datetime] | None = None,
    ) -> MockInterview:
        """Pick the questions from ``deck`` (see :func:`pick_questions`) and carry its anchors and title."""
        return cls(
            pick_questions(deck.cards, settings, mastery),
            settings,
            anchors=deck.anchors,
            clock=clock,
            deck_id=deck.id,
            deck_title=deck.title,
            wall_clock=wall_clock,
        )

    # state

    @property
    def started(self) -> bool:
        return self._started_at is not None

    @property
    def finished(self) -> bool:
        return self._ended_early or len(self._results) >= len(self.cards)

    @property
    def position(self) -> int:
        """Index of the current question (= questions done so far)."""
        return len(self._results)

    @property
    def total(self) -> int:
        return len(self.cards)

    @property
    def current(self) -> Card | None:
        return None if self.finished else self.cards[self.position]

    @property
    def results(self) -> list[QuestionResult]:
        return list(self._results)

    def start(self) -> Card | None:
        """Start the interview and the first question's clock (again: no effect). Returns the current question."""
        if self._started_at is None:
            self._started_at = self._wall_clock()
            self._question_started = self._clock.now()
            self._skip_if_budget_spent()
        return self.current

    # time

    def time_limit(self) -> float:
        """The current question's limit, or the total budget."""
        card = self.current
        if self.settings.total_seconds is not None:
            return self.settings.total_seconds
        if card is None:
            return 0.0
        return self.settings.time_limit(card)

    def _elapsed(self) -> float:
        if self._question_started is None:
            return 0.0
        return max(0.0, self._clock.now() - self._question_started)

    def _available(self) -> float:
        """Seconds the current question may use from its start."""
        if self.settings.total_seconds is not None:
            return max(0.0, self.settings.total_seconds - self._budget_used)
        return self.time_limit()

    def remaining(self) -> float:
        """Seconds left for the current question (0 when finished)."""
        if self.finished:
            return 0.0
        return max(0.0, self._available() - self._elapsed())

    def countdown(self) -> Countdown:
        limit = self.time_limit()
        remaining = self.remaining()
        return Countdown(
            limit_s=limit,
            elapsed_s=limit - remaining,
            remaining_s=remaining,
            budget=self.settings.total_seconds is not None,
        )

    # answers

    def submit(self, answer: str) -> QuestionResult:
        """Record the answer to the current question and start the next one. Past the limit it counts as timed out
        (the time used is then the limit)."""
        self._require_running()
        return self._record(answer, timed_out=self.remaining() <= 0)

    def tick(self, answer_so_far: str = "") -> QuestionResult | None:
        """Call on every clock tick: at zero, submits ``answer_so_far`` as timed out and returns its result."""
        if self.finished or not self.started or self.remaining() > 0:
            return None
        return self._record(answer_so_far, timed_out=True)

    def time_out(self, answer_so_far: str = "") -> QuestionResult:
        """The current question's time is up (the caller's own timer says so): submit what was typed, timed out."""
        self._require_running()
        return self._record(answer_so_far, timed_out=True, time_s=self._available())

    def end(self) -> None:
        """Stop early (end of input, abandon): the questions not yet answered are left out of the report."""
        if not self.finished:
            self._ended_early = True

    def set_self_grade(self, position: int, grade: int | None) -> QuestionResult:
        """The user's own 1–4 grade (again, hard, good, easy) for an answered question; None clears it."""
        if grade is not None and (isinstance(grade, bool) or grade not in SELF_GRADES):
            raise InterviewError(f"a self-grade is 1 (again), 2 (hard), 3 (good) or 4 (easy), not {grade!r}")
        if not 0 <= position < len(self._results):
            raise InterviewError(f"no answered question {position}")
        updated = self._results[position].model_copy(update={"self_grade": grade})
        self._results[position] = updated
        return updated

    def _require_running(self) -> None:
        if not self.started:
            raise InterviewError("the interview has not started")
        if self.finished:
            raise InterviewError("the interview is over")

    def _record(
        self, answer: str, *, timed_out: bool, time_s: float | None = None, reached: bool = True
    ) -> QuestionResult:
        card = self.cards[self.position]
        available = self._available()
        used = min(self._elapsed(), available) if time_s is None else min(time_s, available)
        if timed_out and time_s is None:
            used = available
        result = QuestionResult(
            position=self.position,
            card_id=card.id,
            question=card.question,
            difficulty=card.difficulty,
            reference=card.answer,
            answer=answer,
            time_limit_s=self.settings.time_limit(card) if self.settings.total_seconds is None else available,
            time_s=used,
            timed_out=timed_out,
            reached=reached,
            score=score_answer(answer, card),
        )
        self._results.append(result)
        self._budget_used += used
        self._question_started = self._clock.now()
        self._skip_if_budget_spent()
        return result

    def _skip_if_budget_spent(self) -> None:
        if self.settings.total_seconds is None:
            return
        while not self.finished and self._available() <= 0:
            self._record("", timed_out=True, time_s=0.0, reached=False)

    # report

    def report(self, previous_scores: Sequence[float] = ()) -> InterviewReport:
        """The report so far (complete once :attr:`finished`); ``previous_scores``: earlier interviews', oldest
        first, 0..1."""
        questions = list(self._results)
        score = sum(q.coverage for q in questions) / len(questions) if questions else 0.0
        return InterviewReport(
            deck_id=self.deck_id,
            deck_title=self.deck_title,
            started_at=self._started_at or self._wall_clock(),
            settings=self.settings,
            planned=len(self.cards),
            questions=questions,
            ended_early=self._ended_early,
            anchors=check_anchors([q.answer for q in questions], self.anchors),
            comparison=compare_scores(score, previous_scores),
        )


# --- Markdown ----------------------------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _secs(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 or value == int(value) else f"{value:.1f} s"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    flat = " ".join(text.split())
    return flat.replace("\\", "\\\\").replace("|", "\\|") or "—"


def _signed(value: float) -> str:
    points = round(value * 100)
    return f"+{points}" if points > 0 else str(points)


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
            QuestionResult(
                position=stored.position,
                card_id=card.id,
                question=card.question,
                difficulty=card.difficulty,
                reference=card.answer,
                answer=stored.answer,
                time_limit_s=chosen.time_limit(card),
                time_s=stored.time_s,
                timed_out=stored.timed_out,
                score=score_answer(stored.answer, card),
                self_grade=stored.self_grade,
            )
        )
    report = InterviewReport(
        deck_id=deck.id,
        deck_title=deck.title,
        started_at=started_at,
        settings=chosen,
        planned=max(len(questions), len(answers)),
        questions=questions,
        ended_early=bool(settings.get("ended_early", False)),
        anchors=check_anchors([q.answer for q in questions], deck.anchors),
        comparison=compare_scores(0.0, previous_scores),
    )
    return report.model_copy(update={"comparison": compare_scores(report.score, previous_scores)})


def report_markdown(report: InterviewReport) -> str:
    """The report as Markdown: summary, each question (typed answer beside the reference), anchors, comparison."""
    title = report.deck_title or report.deck_id or "Mock interview"
    when = report.started_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    done = len(report.questions)
    lines = [f"# Mock interview — {title}", ""]
    summary = f"{when} · {done} of {report.planned} questions · score **{_pct(report.score)}**"
    lines.append(summary + (" · ended early" if report.ended_early else ""))
    lines += ["", "| # | question | time | coverage | self-grade |", "| --- | --- | --- | --- | --- |"]
    for q in report.questions:
        if not q.reached:
            time_text = "not reached"
        else:
            time_text = f"{_secs(q.time_s)} of {_secs(q.time_limit_s)}" + (" (timed out)" if q.timed_out else "")
        grade = f"{q.self_grade} ({SELF_GRADES[q.self_grade]})" if q.self_grade else "—"
        lines.append(f"| {q.position + 1} | {_cell(q.question)} | {time_text} | {_pct(q.coverage)} | {grade} |")
    for q in report.questions:
        lines += ["", f"## {q.position + 1}. {q.question}", ""]
        meta = f"Card {q.card_id} · {q.difficulty.capitalize()} · "
        meta += "not reached" if not q.reached else f"{_secs(q.time_s)} of {_secs(q.time_limit_s)}"
        meta += " · timed out" if q.timed_out and q.reached else ""
        lines += [meta + f" · coverage {_pct(q.coverage)} ({len(q.matched)}/{len(q.score.concepts)})", ""]
        lines += ["| your answer | reference |", "| --- | --- |", f"| {_cell(q.answer)} | {_cell(q.reference)} |", ""]
        for concept in q.score.concepts:
            if concept.matched:
                lines.append(f"- [x] {concept.label} — you said “{concept.said}”")
            elif concept.listed:
                lines.append(f"- [ ] {concept.label} — only listed (“{concept.said}”), not explained")
            else:
                lines.append(f"- [ ] {concept.label}")
        if q.score.keyword_list:
            lines += ["", "_This answer reads as a list of keywords; say each point in a sentence._"]
    lines += ["", "## Anchors", ""]
    if not report.anchors.anchors:
        lines.append("This deck has no anchors.")
    for hit in report.anchors.anchors:
        if hit.said and hit.answer_index is not None:
            lines.append(f"- [x] {hit.label} — first said in answer {hit.answer_index + 1}")
        else:
            lines.append(f"- [ ] {hit.label} — never said")
    lines += ["", "## Compared with previous interviews", ""]
    comp = report.comparison
    if comp.previous == 0 or comp.last is None or comp.previous_mean is None or comp.previous_best is None:
        lines.append("This is your first interview.")
    else:
        lines.append(
            f"{comp.previous} previous · last {_pct(comp.last)} ({_signed(comp.score - comp.last)} points) · "
            f"mean {_pct(comp.previous_mean)} ({_signed(comp.score - comp.previous_mean)}) · "
            f"best {_pct(comp.previous_best)}" + (" · new personal best" if comp.personal_best else "")
        )
    return "\n".join(lines) + "\n"
