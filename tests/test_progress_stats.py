"""Progress figures: numbers from a known history, zeros from no store, and the JSON shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.deck import Deck
from quiz.progress import InterviewAnswer, ProgressStore
from quiz.progress.stats import DAYS_CHARTED, compute

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def test_no_store_gives_zeros_and_creates_nothing(tmp_path: Path, deck: Deck) -> None:
    with ProgressStore.in_dir(tmp_path / "data") as store:
        stats = compute(store, deck, NOW).to_json()
    assert not (tmp_path / "data").exists()
    assert stats["reviews"] == 0 and stats["mock_interviews"] == 0 and stats["streak_days"] == 0
    assert stats["accuracy"] is None
    assert [c["id"] for c in stats["cards"]] == [c.id for c in deck.cards]
    assert all(c["reviews"] == 0 and c["due"] is None and c["retrievability"] is None for c in stats["cards"])
    assert stats["due_now"] == stats["new_cards"] == len(deck.cards)
    assert len(stats["reviews_per_day"]) == DAYS_CHARTED


def test_figures_from_a_known_history(tmp_path: Path, deck: Deck) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        # Three days in a row ending today, then a gap: streak 3.
        for days_ago, card, grade in [(5, 1, 3), (2, 1, 1), (1, 4, 3), (0, 4, 4), (0, 8, 1), (0, 8, 2)]:
            store.record_review(deck.id, card, grade, now=NOW - timedelta(days=days_ago, hours=1))
        store.record_review(deck.id, 2, 1, cram=True, now=NOW - timedelta(minutes=5))
        store.record_review("other-deck", 1, 4, now=NOW)  # never counted for this deck
        store.record_interview(deck.id, [InterviewAnswer(0, 5)], started_at=NOW, score=0.4)
        stats = compute(store, deck, NOW)
    data = stats.to_json()
    assert data["reviews"] == 7 and data["recalled"] == 4 and data["accuracy"] == round(4 / 7, 4)
    assert data["mock_interviews"] == 1 and data["interview_scores"][0]["score"] == 0.4
    assert data["streak_days"] == 3 and data["reviewed_today"] == 4
    cards = {c["id"]: c for c in data["cards"]}
    assert cards[1]["reviews"] == 2 and cards[1]["last_grade"] == 1 and not cards[1]["new"]
    assert cards[4]["last_grade"] == 4 and cards[4]["due"] > NOW.isoformat() and not cards[4]["is_due"]
    assert 0 < cards[4]["retrievability"] <= 1
    assert cards[2]["reviews"] == 1 and cards[2]["new"] and cards[2]["due"] is None  # cram only: unscheduled
    assert cards[3]["reviews"] == 0 and cards[3]["last_grade"] is None
    # Card 1 easy, 4 medium (Xavier, Variance), 8 hard (Random, Variance), 2 easy (Random).
    assert data["by_difficulty"]["easy"] == {"reviews": 3, "recalled": 1, "accuracy": round(1 / 3, 4)}
    assert data["by_difficulty"]["medium"] == {"reviews": 2, "recalled": 2, "accuracy": 1.0}
    assert data["by_difficulty"]["hard"] == {"reviews": 2, "recalled": 1, "accuracy": 0.5}
    assert data["by_tag"]["Xavier"]["reviews"] == 2
    assert data["by_tag"]["Random"] == {"reviews": 5, "recalled": 2, "accuracy": 0.4}
    assert data["by_tag"]["He"] == {"reviews": 0, "recalled": 0, "accuracy": None}
    per_day = {d["day"]: d["reviews"] for d in data["reviews_per_day"]}
    assert per_day["2026-01-10"] == 4 and per_day["2026-01-09"] == 1 and per_day["2026-01-07"] == 0
    assert data["reviews_per_day"][-1]["day"] == "2026-01-10"
    assert set(data["weakest"]) == {1, 2, 4, 8}
    assert data["weakest"][-1] == 4  # the one just graded Easy is the strongest


def test_streak_counts_from_yesterday_when_today_is_empty(tmp_path: Path, deck: Deck) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        for days_ago in (1, 2):
            store.record_review(deck.id, 1, 3, now=NOW - timedelta(days=days_ago))
        assert compute(store, deck, NOW).streak_days == 2
        assert compute(store, deck, NOW + timedelta(days=1)).streak_days == 0
