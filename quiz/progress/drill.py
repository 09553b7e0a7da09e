"""A drill session: the queue of cards, the current one, grading and undo. Used by plain mode and the TUI alike.

Which cards: ``DrillSession.due`` takes the cards due now (new cards count as due; overdue ones first); with an
interview date set (``settings.json`` beside the store), it takes today's cards of the plan instead
(``quiz.progress.plan``): the due ones and those at risk for the date although fsrs does not call them due yet, the
least ready for the interview first;
``DrillSession.chosen`` takes the given cards in the given order, due or not (they are still scheduled);
``cram=True`` drills any cards without touching the schedule: each answer is saved as a ``drill`` review flagged
``cram``, whose state is the card's unchanged schedule, so stats count it and fsrs never sees it.
Each card comes once per session; a card graded Again is due again within minutes, in the next drill.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.deck import Card, Deck
from quiz.plural import counted
from quiz.progress import scheduling
from quiz.progress.models import Review
from quiz.progress.plan import Plan, store_plan
from quiz.progress.store import ProgressStore
from quiz.text_safety import storable


@dataclass(frozen=True)
class Graded:
    card: Card
    review: Review


class DrillSession:
    def __init__(
        self,
        store: ProgressStore,
        deck: Deck,
        card_ids: Sequence[int],
        *,
        cram: bool = False,
        clock: Callable[[], datetime] | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.deck = deck
        self.cram = cram
        self.cards: list[Card] = [deck.card(i) for i in card_ids]
        self.graded: list[Graded] = []
        self.plan: Plan | None = None
        """The interview plan the cards come from (None: the cards due now, or chosen ones)."""
        self._clock = clock or (lambda: scheduling.utc())
        self._timer = timer
        self._shown_at = timer()

    @classmethod
    def due(
        cls,
        store: ProgressStore,
        deck: Deck,
        card_ids: Sequence[int] | None = None,
        *,
        now: datetime | None = None,
        clock: Callable[[], datetime] | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> DrillSession:
        """The cards due at ``now`` among ``card_ids`` (default: the whole deck); with an interview date, today's
        cards of the plan among them, weakest first."""
        ids = list(card_ids) if card_ids is not None else [c.id for c in deck.cards]
        moment = now if now is not None else (clock() if clock else None)
        plan = store_plan(store, deck, moment)
        if plan is not None:
            session = cls(store, deck, [c for c in plan.today if c in ids], clock=clock, timer=timer)
            session.plan = plan
            return session
        due = store.due_cards(deck.id, ids, moment)
        return cls(store, deck, due, clock=clock, timer=timer)

    @classmethod
    def chosen(
        cls,
        store: ProgressStore,
        deck: Deck,
        card_ids: Sequence[int],
        *,
        cram: bool = False,
        clock: Callable[[], datetime] | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> DrillSession:
        return cls(store, deck, card_ids, cram=cram, clock=clock, timer=timer)

    @property
    def total(self) -> int:
        return len(self.cards)

    @property
    def done(self) -> int:
        return len(self.graded)

    @property
    def remaining(self) -> int:
        """Cards left, the current one included."""
        return self.total - self.done

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def current(self) -> Card | None:
        return None if self.finished else self.cards[self.done]

    def elapsed(self) -> float:
        """Seconds since the current card was shown."""
        return max(0.0, self._timer() - self._shown_at)

    def intervals(self) -> dict[int, timedelta] | None:
        """How long until the current card is due again for each grade 1–4, if graded now (fsrs; reads the store).
        ``None`` in a cram drill (the schedule is not touched) or when the drill is finished."""
        card = self.current
        if card is None or self.cram:
            return None
        state = self.store.card_states(self.deck.id, [card.id])[card.id].state
        return scheduling.preview(state, card.id, self._clock())

    def restart_timer(self) -> None:
        """Start timing the current card now (call when it is shown)."""
        self._shown_at = self._timer()

    def grade(self, grade: int, answer: str = "", duration_s: float | None = None) -> Review:
        """Grade the current card 1–4 and save it (committed on return); the next card becomes current."""
        card = self.current
        if card is None:
            raise IndexError("the drill is finished: no card to grade")
        spent = duration_s if duration_s is not None else self._timer() - self._shown_at
        answer = storable(answer)  # a lone surrogate (undecodable input) becomes U+FFFD: the answer can be saved
        review = self.store.record_review(
            self.deck.id, card.id, grade, answer=answer, duration_s=round(spent, 3), cram=self.cram, now=self._clock()
        )
        self.graded.append(Graded(card, review))
        self.restart_timer()
        return review

    def undo(self) -> Graded | None:
        """Take back the last grade of this session: its review is deleted, its card is current again."""
        if not self.graded:
            return None
        last = self.graded.pop()
        self.store.undo_last(self.deck.id, last.review.id)
        self.restart_timer()
        return last

    def counts(self) -> dict[int, int]:
        out = dict.fromkeys(scheduling.GRADE_NAMES, 0)
        for g in self.graded:
            out[g.review.grade] += 1
        return out

    def summary(self) -> str:
        """One line: how many cards were graded and how."""
        counts = self.counts()
        grades = ", ".join(f"{counts[g]} {name}" for g, name in scheduling.GRADE_NAMES.items())
        kind = "cram drill" if self.cram else "drill"
        left = f", {self.remaining} not reached" if self.remaining else ""
        return f"{kind} done: {self.done} of {counted(self.total, 'card')} graded ({grades}){left}"
