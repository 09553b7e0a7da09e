"""The interview itself: one question at a time against the clock, submit or time out, then the report.

A question is a card, or an exercise mixed in (``quiz.interview.exercises``): both are asked, timed and submitted
the same way; a card's answer is scored by its key concepts, an exercise's graded by computation in the report.

After a card's answer (not an empty one) that misses or contradicts key points with a follow-up question in the
deck, the interview asks up to ``settings.follow_ups`` of them (:mod:`quiz.interview.follow_ups`) before the next
question: while one is asked, :attr:`MockInterview.follow_up` is set, :attr:`MockInterview.current` is still the
question's card, and ``submit``/``tick``/``time_out`` answer the follow-up (each timed, half the question's time).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from quiz.deck import Anchor, Card, Deck
from quiz.interview.clock import Clock, MonotonicClock
from quiz.interview.exercises import ExerciseResult, Question, exercise_count, mix_in
from quiz.interview.follow_ups import FollowUp, FollowUpResult, follow_up_result, follow_ups_for
from quiz.interview.report import Countdown, InterviewReport, QuestionResult
from quiz.interview.settings import SELF_GRADES, InterviewError, InterviewSettings, pick_questions
from quiz.scoring import check_anchors
from quiz.text_safety import storable


class MockInterview:
    """One interview in progress. Not thread-safe: drive it from one thread (the UI's, or the CLI loop)."""

    def __init__(
        self,
        cards: Sequence[Question],
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
        self.questions: list[Question] = list(cards)
        """Every question in order: cards, and the exercises mixed in among them."""
        self.cards: list[Card] = [q for q in self.questions if isinstance(q, Card)]
        self.settings = settings or InterviewSettings(questions=len(self.questions), exercise_every=0)
        self.anchors = list(anchors)
        self.deck_id = deck_id
        self.deck_title = deck_title
        self._clock: Clock = clock or MonotonicClock()
        self._wall_clock = wall_clock or (lambda: datetime.now(UTC))
        self._results: list[QuestionResult] = []
        self._exercise_results: list[ExerciseResult] = []
        self._graded: dict[int, ExerciseResult] = {}
        self._started_at: datetime | None = None
        self._question_started: float | None = None
        self._budget_used = 0.0
        self._ended_early = False
        self._pending: QuestionResult | None = None
        """The card answered last, while its follow-ups are asked."""
        self._follow_ups: list[FollowUp] = []
        """The follow-ups still to ask after the current one."""
        self._asking: FollowUp | None = None
        self._last_timed_out = False

    @property
    def clock(self) -> Clock:
        """The interview's clock (a :class:`~quiz.interview.clock.FakeClock` in tests)."""
        return self._clock

    @classmethod
    def from_deck(
        cls,
        deck: Deck,
        settings: InterviewSettings,
        *,
        mastery: Mapping[int, float | None] | None = None,
        lapses: Mapping[int, int] | None = None,
        clock: Clock | None = None,
        wall_clock: Callable[[], datetime] | None = None,
        exercise_kinds: Sequence[str] | None = None,
    ) -> MockInterview:
        """Pick the questions from ``deck`` (see :func:`pick_questions`: ``mastery`` is each card's readiness,
        ``lapses`` its Again count), mix the exercises in (one in every ``settings.exercise_every``, their kinds in
        the order ``exercise_kinds`` gives: the ones due first), and carry the deck's anchors and title."""
        exercises = exercise_count(settings)
        cards = pick_questions(deck.cards, settings, mastery, lapses, count=settings.questions - exercises)
        return cls(
            mix_in(cards, settings, exercise_kinds),
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
        return self._ended_early or (self.position >= len(self.questions) and self._pending is None)

    @property
    def follow_up(self) -> FollowUp | None:
        """The follow-up question being asked now (None: the current question itself, or the interview is over)."""
        return None if self.finished else self._asking

    @property
    def follow_up_number(self) -> int:
        """Which follow-up of the current question is asked (1 for the first; 0 when none is)."""
        if self.follow_up is None or self._pending is None:
            return 0
        return len(self._pending.follow_ups) + 1

    @property
    def last_timed_out(self) -> bool:
        """Whether the last answer given (to a question or a follow-up) was cut off by the clock."""
        return self._last_timed_out

    @property
    def position(self) -> int:
        """Index of the current question (= questions done so far)."""
        return len(self._results) + len(self._exercise_results)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> Question | None:
        """The card or exercise being asked; None once finished."""
        return None if self.finished else self.questions[self.position]

    @property
    def results(self) -> list[QuestionResult]:
        """The cards answered so far (exercises: :attr:`exercise_results`)."""
        return list(self._results)

    @property
    def exercise_results(self) -> list[ExerciseResult]:
        """The exercises answered so far, graded once :meth:`report` has graded them."""
        return [self._graded.get(r.position, r) for r in self._exercise_results]

    def start(self) -> Question | None:
        """Start the interview and the first question's clock (again: no effect). Returns the current question."""
        if self._started_at is None:
            self._started_at = self._wall_clock()
            self._question_started = self._clock.now()
            self._skip_if_budget_spent()
        return self.current

    # time

    def time_limit(self) -> float:
        """The current follow-up's limit, else the current question's, or the total budget."""
        question = self.current
        if self.follow_up is not None:
            return self.follow_up.time_limit_s
        if self.settings.total_seconds is not None:
            return self.settings.total_seconds
        if question is None:
            return 0.0
        return self.settings.time_limit(question)

    def _elapsed(self) -> float:
        if self._question_started is None:
            return 0.0
        return max(0.0, self._clock.now() - self._question_started)

    def _budget_left(self) -> float:
        assert self.settings.total_seconds is not None
        return max(0.0, self.settings.total_seconds - self._budget_used)

    def _available(self) -> float:
        """Seconds the current question (or follow-up) may use from its start."""
        if self.follow_up is not None:
            limit = self.follow_up.time_limit_s
            return min(limit, self._budget_left()) if self.settings.total_seconds is not None else limit
        if self.settings.total_seconds is not None:
            return self._budget_left()
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
            budget=self.settings.total_seconds is not None and self.follow_up is None,
        )

    # answers

    def submit(self, answer: str) -> QuestionResult | ExerciseResult | FollowUpResult:
        """Record the answer to the current question (or follow-up) and go on: to its follow-ups, or the next
        question. Past the limit it counts as timed out (the time used is then the limit)."""
        self._require_running()
        return self._answer(answer, timed_out=self.remaining() <= 0)

    def tick(self, answer_so_far: str = "") -> QuestionResult | ExerciseResult | FollowUpResult | None:
        """Call on every clock tick: at zero, submits ``answer_so_far`` as timed out and returns its result."""
        if self.finished or not self.started or self.remaining() > 0:
            return None
        return self._answer(answer_so_far, timed_out=True)

    def time_out(self, answer_so_far: str = "") -> QuestionResult | ExerciseResult | FollowUpResult:
        """The current question's (or follow-up's) time is up (the caller's own timer says so): submit what was
        typed, timed out."""
        self._require_running()
        return self._answer(answer_so_far, timed_out=True, time_s=self._available())

    def end(self) -> None:
        """Stop early (end of input, abandon): the questions not yet answered are left out of the report (a card
        whose follow-ups were under way is kept, with the follow-ups answered)."""
        if not self.finished:
            self._finish_follow_ups()
            self._ended_early = True

    def _answer(
        self, answer: str, *, timed_out: bool, time_s: float | None = None
    ) -> QuestionResult | ExerciseResult | FollowUpResult:
        self._last_timed_out = timed_out
        if self._asking is not None:
            return self._record_follow_up(answer, timed_out=timed_out, time_s=time_s)
        return self._record(answer, timed_out=timed_out, time_s=time_s)

    def set_self_grade(self, position: int, grade: int | None) -> QuestionResult:
        """The user's own 1–4 grade (again, hard, good, easy) for an answered question; None clears it."""
        if grade is not None and (isinstance(grade, bool) or grade not in SELF_GRADES):
            raise InterviewError(f"a self-grade is 1 (again), 2 (hard), 3 (good) or 4 (easy), not {grade!r}")
        index = self._card_index(position)
        updated = self._results[index].model_copy(update={"self_grade": grade})
        self._results[index] = updated
        return updated

    def set_overrides(self, position: int, overrides: Mapping[str, bool]) -> QuestionResult:
        """The user's corrections of the scorer for an answered question (key point label → heard), replacing
        earlier ones; the question's coverage (and the interview's score) follow."""
        index = self._card_index(position)
        result = self._results[index]
        updated = result.model_copy(update={"score": result.score.with_overrides(overrides)})
        self._results[index] = updated
        return updated

    def toggle_concept(self, position: int, label: str) -> QuestionResult:
        """Flip one key point of an answered question between heard and not heard."""
        index = self._card_index(position)
        result = self._results[index]
        try:
            score = result.score.toggled(label)
        except KeyError:
            raise InterviewError(f"card {result.card_id} has no key point {label!r}") from None
        updated = result.model_copy(update={"score": score})
        self._results[index] = updated
        return updated

    def _card_index(self, position: int) -> int:
        """Where the answered card question at ``position`` is in :attr:`results` (exercises leave gaps)."""
        index = next((i for i, r in enumerate(self._results) if r.position == position), None)
        if index is None:
            if any(r.position == position for r in self._exercise_results):
                raise InterviewError(f"question {position} is an exercise: it is graded by computation")
            raise InterviewError(f"no answered question {position}")
        return index

    def _require_running(self) -> None:
        if not self.started:
            raise InterviewError("the interview has not started")
        if self.finished:
            raise InterviewError("the interview is over")

    def _record(
        self, answer: str, *, timed_out: bool, time_s: float | None = None, reached: bool = True
    ) -> QuestionResult | ExerciseResult:
        question = self.questions[self.position]
        answer = storable(answer)  # a lone surrogate (undecodable input) becomes U+FFFD: the answer can be saved
        available = self._available()
        if time_s is None:
            time_s = available if timed_out else self._elapsed()
        used = min(time_s, available)
        limit = self.settings.time_limit(question) if self.settings.total_seconds is None else available
        result: QuestionResult | ExerciseResult
        if isinstance(question, Card):
            result = QuestionResult.of(
                question,
                answer,
                position=self.position,
                time_limit_s=limit,
                time_s=used,
                timed_out=timed_out,
                reached=reached,
            )
        else:
            result = ExerciseResult(
                position=self.position,
                kind=question.kind,
                seed=question.seed,
                question=question.question,
                answer=answer,
                time_limit_s=limit,
                time_s=used,
                timed_out=timed_out,
                reached=reached,
            )
        self._budget_used += used
        self._question_started = self._clock.now()
        if isinstance(result, ExerciseResult):
            self._exercise_results.append(result)
        else:
            assert isinstance(question, Card)
            limit_s = self.settings.time_limit(question)
            # An empty answer (skipped, or the clock ran out on nothing) gets no follow-up: there is nothing to probe.
            said = reached and bool(answer.strip())
            asked = follow_ups_for(question, result.score, self.settings.follow_ups, limit_s) if said else []
            if asked and not self._budget_spent():
                self._pending = result
                self._asking, *self._follow_ups = asked
                return result
            self._results.append(result)
        self._skip_if_budget_spent()
        return result

    def _record_follow_up(self, answer: str, *, timed_out: bool, time_s: float | None) -> FollowUpResult:
        assert self._asking is not None and self._pending is not None
        answer = storable(answer)
        available = self._available()
        if time_s is None:
            time_s = available if timed_out else self._elapsed()
        used = min(time_s, available)
        card = self.questions[self.position]
        assert isinstance(card, Card)
        result = follow_up_result(card, self._asking, answer, time_s=used, timed_out=timed_out)
        self._pending = self._pending.model_copy(update={"follow_ups": [*self._pending.follow_ups, result]})
        self._budget_used += used
        self._question_started = self._clock.now()
        if self._follow_ups and not self._budget_spent():
            self._asking = self._follow_ups.pop(0)
        else:
            self._finish_follow_ups()
            self._skip_if_budget_spent()
        return result

    def _finish_follow_ups(self) -> None:
        """The card under follow-up is done: into the results."""
        if self._pending is not None:
            self._results.append(self._pending)
        self._pending = None
        self._asking = None
        self._follow_ups = []

    def _budget_spent(self) -> bool:
        return self.settings.total_seconds is not None and self._budget_left() <= 0

    def _skip_if_budget_spent(self) -> None:
        if self.settings.total_seconds is None:
            return
        while not self.finished and self._available() <= 0:
            self._record("", timed_out=True, time_s=0.0, reached=False)

    # report

    def report(self, previous_scores: Sequence[float] = (), previous_clean: Sequence[bool] = ()) -> InterviewReport:
        """The report so far (complete once :attr:`finished`); ``previous_scores``: earlier interviews', oldest
        first, 0..1; ``previous_clean``: whether each had no contradicted answer. Grades the exercises (an
        experiment runs its demo: in the app, call it from a worker; they are graded once)."""
        questions = list(self._results) + ([self._pending] if self._pending is not None else [])
        for result in self._exercise_results:
            if result.position not in self._graded:
                self._graded[result.position] = result.graded()
        return InterviewReport(
            deck_id=self.deck_id,
            deck_title=self.deck_title,
            started_at=self._started_at or self._wall_clock(),
            settings=self.settings,
            planned=len(self.questions),
            questions=questions,
            exercises=self.exercise_results,
            ended_early=self._ended_early,
            anchors=check_anchors([q.answer for q in questions], self.anchors),
            previous_scores=tuple(previous_scores),
            previous_clean=tuple(previous_clean),
        )
