"""The progress store on real SQLite files: scheduling through fsrs, undo, cram, interviews, migrations, recovery."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from quiz.progress import InterviewAnswer, ProgressError, ProgressStore
from quiz.progress.schema import LATEST_VERSION

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
DECK = "weight-initialization"


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    with ProgressStore.in_dir(tmp_path / "data") as s:
        yield s


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with ProgressStore.in_dir(folder) as s:
        assert s.card_state(DECK, 1).is_new
        assert s.due_cards(DECK, [1, 2, 3], NOW) == [1, 2, 3]
        assert s.review_count() == 0
        assert s.interviews(DECK) == []
        assert s.undo_last(DECK) is None
    assert not folder.exists()


def test_first_write_creates_a_wal_store_at_the_latest_version(store: ProgressStore) -> None:
    assert not store.path.exists()
    store.record_review(DECK, 1, 3, now=NOW)
    assert store.path.exists()
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    # Committed before returning: another connection sees it.
    assert conn.execute("SELECT deck, card, mode, grade FROM reviews").fetchall() == [(DECK, 1, "drill", 3)]
    conn.close()


def test_good_on_a_new_card_schedules_it_in_the_future(store: ProgressStore) -> None:
    review = store.record_review(DECK, 4, 3, answer="var = 2/(fan_in+fan_out)", duration_s=12.5, now=NOW)
    assert review.answer == "var = 2/(fan_in+fan_out)"
    assert review.duration_s == 12.5
    assert review.reviewed_at == NOW
    assert review.due is not None and review.due > NOW
    state = store.card_state(DECK, 4)
    assert state.reviews == 1 and state.last_grade == 3
    assert state.due == review.due
    assert not state.is_due(NOW)
    assert state.is_due(review.due)
    # The state is fsrs' own JSON, and equals what fsrs computes for the same review.
    expected, _ = Scheduler(enable_fuzzing=False).review_card(FsrsCard(card_id=4, due=NOW), Rating.Good, NOW)
    assert json.loads(review.state or "") == expected.to_dict()


def test_again_comes_back_sooner_than_easy(store: ProgressStore) -> None:
    again = store.record_review(DECK, 1, 1, now=NOW)
    easy = store.record_review(DECK, 2, 4, now=NOW)
    assert again.due is not None and easy.due is not None
    assert NOW < again.due < easy.due
    # And for a card already in review, days later.
    later = NOW + timedelta(days=3)
    for card in (5, 6):
        store.record_review(DECK, card, 4, now=NOW)
    lapse = store.record_review(DECK, 5, 1, now=later)
    recall = store.record_review(DECK, 6, 4, now=later)
    assert lapse.due is not None and recall.due is not None
    assert lapse.due < recall.due
    assert store.card_state(DECK, 6).retrievability(later + timedelta(days=30)) < 1.0


def test_undo_restores_the_state_before(store: ProgressStore) -> None:
    first = store.record_review(DECK, 3, 3, now=NOW)
    second = store.record_review(DECK, 3, 4, now=NOW + timedelta(hours=1))
    assert store.card_state(DECK, 3).state == second.state
    undone = store.undo_last(DECK)
    assert undone is not None and undone.id == second.id
    state = store.card_state(DECK, 3)
    assert state.state == first.state and state.reviews == 1 and state.last_grade == 3
    assert store.undo_last(DECK, first.id) is not None
    assert store.card_state(DECK, 3).is_new
    assert store.undo_last(DECK) is None


def test_undo_by_id_only_touches_that_review(store: ProgressStore) -> None:
    mine = store.record_review(DECK, 1, 3, now=NOW)
    other = store.record_review(DECK, 2, 3, now=NOW)  # e.g. from a second terminal
    assert store.undo_last(DECK, mine.id) == mine
    assert store.card_state(DECK, 2).state == other.state
    assert store.undo_last("another-deck", other.id) is None


def test_cram_reviews_are_counted_but_leave_the_schedule(store: ProgressStore) -> None:
    scheduled = store.record_review(DECK, 7, 3, now=NOW)
    cram = store.record_review(DECK, 7, 1, cram=True, now=NOW + timedelta(minutes=1))
    assert cram.cram and cram.mode == "drill"
    assert cram.state == scheduled.state
    state = store.card_state(DECK, 7)
    assert state.reviews == 2 and state.last_grade == 1
    assert state.state == scheduled.state
    new_cram = store.record_review(DECK, 8, 4, cram=True, now=NOW)
    assert new_cram.state is None
    assert store.card_state(DECK, 8).is_new


def test_next_due_is_the_scheduled_card_due_soonest(store: ProgressStore) -> None:
    assert store.next_due(DECK, [1, 2, 3]) is None  # nothing scheduled yet
    store.record_review(DECK, 2, 4, now=NOW)  # easy: due late
    store.record_review(DECK, 3, 1, now=NOW)  # again: due soon
    store.record_review(DECK, 1, 3, now=NOW, cram=True)  # cram: never scheduled
    soonest = store.next_due(DECK, [1, 2, 3])
    assert soonest is not None
    card, due = soonest
    assert card == 3
    assert due == store.card_state(DECK, 3).due
    assert due < store.card_state(DECK, 2).due  # type: ignore[operator]
    assert store.next_due(DECK, [1, 2]) == (2, store.card_state(DECK, 2).due)


def test_due_cards_overdue_first_then_new(store: ProgressStore) -> None:
    store.record_review(DECK, 1, 3, now=NOW)  # due in 10 minutes
    store.record_review(DECK, 2, 1, now=NOW)  # due in 1 minute
    store.record_review(DECK, 3, 4, now=NOW)  # due in days
    assert store.due_cards(DECK, [1, 2, 3, 4, 5], NOW) == [4, 5]
    assert store.due_cards(DECK, [1, 2, 3, 4, 5], NOW + timedelta(hours=1)) == [2, 1, 4, 5]


@pytest.mark.parametrize("grade", [0, 5, -1, True])
def test_bad_grades_are_refused_and_nothing_is_written(store: ProgressStore, grade: int) -> None:
    with pytest.raises(ProgressError, match="grade must be"):
        store.record_review(DECK, 1, grade, now=NOW)
    assert not store.path.exists()


def test_bad_mode_and_mock_cram_are_refused(store: ProgressStore) -> None:
    with pytest.raises(ProgressError, match="mode"):
        store.record_review(DECK, 1, 3, mode="exam", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(ProgressError, match="cram"):
        store.record_review(DECK, 1, 3, mode="mock", cram=True, now=NOW)


def test_interviews_are_stored_and_self_grades_feed_the_scheduler(store: ProgressStore) -> None:
    answers = [
        InterviewAnswer(0, 5, "He init uses 2/fan_in", 41.5, False, 0.5, ("fan-in",), ("ReLU",), self_grade=3),
        InterviewAnswer(1, 9, "", 90.0, True, 0.0, (), ("seeds", "symmetry")),
    ]
    interview_id = store.record_interview(
        DECK,
        answers,
        started_at=NOW,
        finished_at=NOW + timedelta(minutes=3),
        settings={"questions": 2, "seconds": 90},
        score=0.25,
        anchors={"fan_in": True, "activation": False, "symmetry": False},
    )
    [saved] = store.interviews(DECK)
    assert saved.id == interview_id
    assert saved.answers == tuple(answers)
    assert saved.settings == {"questions": 2, "seconds": 90}
    assert saved.anchors["fan_in"] is True
    assert store.interview_count(DECK) == 1 and store.interview_count("other") == 0
    [mock] = store.reviews(DECK, 5)
    assert mock.mode == "mock" and mock.grade == 3 and mock.duration_s == 41.5
    # Grading the timed-out answer afterwards, then changing one's mind: one mock review per answer.
    store.set_interview_self_grade(interview_id, 1, 1, now=NOW + timedelta(minutes=5))
    store.set_interview_self_grade(interview_id, 1, 2, now=NOW + timedelta(minutes=6))
    assert [r.grade for r in store.reviews(DECK, 9)] == [2]
    assert store.interviews(DECK)[0].answers[1].self_grade == 2
    with pytest.raises(ProgressError, match="no question 7"):
        store.set_interview_self_grade(interview_id, 7, 3)
    # Undoing the mock review clears the self-grade it came from.
    store.undo_last(DECK)
    assert store.interviews(DECK)[0].answers[1].self_grade is None


def _day_counts(store: ProgressStore) -> list[tuple[str, str, int, int, int]]:
    with store.reading() as conn:
        assert conn is not None
        return conn.execute("SELECT * FROM review_days ORDER BY deck, day, card").fetchall()


def _day_counts_from_reviews(store: ProgressStore) -> list[tuple[str, str, int, int, int]]:
    with store.reading() as conn:
        assert conn is not None
        return conn.execute(
            "SELECT deck, substr(reviewed_at, 1, 10) AS day, card, COUNT(*), SUM(grade > 1) FROM reviews"
            " GROUP BY deck, day, card ORDER BY deck, day, card"
        ).fetchall()


def test_the_day_counts_stay_exact_through_writes_and_undo(store: ProgressStore) -> None:
    for i in range(40):
        store.record_review(
            DECK if i % 3 else "other", 1 + i % 5, 1 + i % 4, cram=i % 7 == 0, now=NOW + timedelta(hours=7 * i)
        )
        if i % 4 == 0:
            store.undo_last(DECK)
    counts = _day_counts(store)
    assert counts == _day_counts_from_reviews(store)
    assert sum(c[3] for c in counts) == store.review_count()
    while store.undo_last(DECK):
        pass
    assert _day_counts(store) == _day_counts_from_reviews(store)
    assert {c[0] for c in _day_counts(store)} == {"other"}


# --- migrations -------------------------------------------------------------------------------------------------

# Version 1 exactly as it shipped, written out here (not imported) so that an edit to a released migration fails.
V1_SQL = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, deck TEXT NOT NULL, card INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('drill', 'mock')), grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    answer TEXT NOT NULL DEFAULT '', duration_s REAL NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
    reviewed_at TEXT NOT NULL, cram INTEGER NOT NULL DEFAULT 0 CHECK (cram IN (0, 1)), state TEXT
);
CREATE INDEX reviews_by_card ON reviews (deck, card, reviewed_at, grade);
PRAGMA user_version = 1;
"""


def test_migration_from_a_v1_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    state, _ = Scheduler(enable_fuzzing=False).review_card(FsrsCard(card_id=2, due=NOW), Rating.Good, NOW)
    conn = sqlite3.connect(path)
    conn.executescript(V1_SQL)
    conn.execute(
        "INSERT INTO reviews (deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state)"
        " VALUES (?, 9, 'drill', 1, '', 0, ?, 1, NULL)",
        (DECK, (NOW - timedelta(days=1)).isoformat(timespec="microseconds")),
    )
    conn.execute(
        "INSERT INTO reviews (deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state)"
        " VALUES (?, 2, 'drill', 3, 'zeros', 4.0, ?, 0, ?)",
        (DECK, NOW.isoformat(timespec="microseconds"), state.to_json()),
    )
    conn.commit()
    conn.close()
    with ProgressStore(path) as s:
        card = s.card_state(DECK, 2)
        assert card.reviews == 1 and card.due == state.due
        assert (
            _day_counts(s)
            == _day_counts_from_reviews(s)
            == [
                (DECK, "2026-01-09", 9, 1, 0),
                (DECK, "2026-01-10", 2, 1, 1),
            ]
        )
        assert s.interviews(DECK) == []
        s.record_interview(DECK, [InterviewAnswer(0, 2)], started_at=NOW)
        assert s.interview_count() == 1
        s.record_review(DECK, 2, 4, now=NOW + timedelta(days=1))
        assert s.review_count(DECK) == 3
    assert s.take_notices() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


# --- files that are not ours -------------------------------------------------------------------------------------


def _aside(folder: Path) -> list[Path]:
    """Files moved aside, without their -wal/-shm companions (which move with them)."""
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm")))


def test_a_corrupt_file_is_moved_aside_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    (tmp_path / "progress.db-wal").write_bytes(b"wal bytes")
    with ProgressStore(path) as s:
        s.record_review(DECK, 1, 3, now=NOW)
        [notice] = s.take_notices()
        assert s.review_count() == 1
    main = _aside(tmp_path)
    assert len(main) == 1 and main[0].read_bytes() == garbage
    assert main[0].name.startswith("progress.db.corrupt-")
    assert Path(str(main[0]) + "-wal").read_bytes() == b"wal bytes"
    assert str(main[0]) in notice and "moved" in notice


def test_reading_a_corrupt_file_moves_it_aside_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    with ProgressStore(path) as s:
        assert s.review_count() == 0
        assert len(s.take_notices()) == 1
    assert not path.exists()
    assert len(_aside(tmp_path)) == 1


def test_damage_found_later_moves_the_file_aside_too(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as s:
        for i in range(200):
            s.record_review(DECK, 1 + i % 15, 3, answer="x" * 100, now=NOW)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The schema's own pages (page 1 and any overflow pages of a long schema) stay; every other page is zeroed.
    schema_pages = {row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")}
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // page_size + 1):
        if page not in schema_pages:
            data[(page - 1) * page_size : page * page_size] = bytes(page_size)
    path.write_bytes(bytes(data))
    with ProgressStore(path) as s:
        with pytest.raises(ProgressError, match=r"damaged.*moved to .*corrupt-.*not saved"):
            s.record_review(DECK, 1, 3, now=NOW)
        assert s.review_count() == 0  # a new store from here on
        s.record_review(DECK, 1, 3, now=NOW)
        assert s.review_count() == 1
    [moved] = _aside(tmp_path)
    assert moved.read_bytes() == bytes(data)


def test_a_foreign_sqlite_database_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (name TEXT)")
    conn.execute("INSERT INTO users VALUES ('ada')")
    conn.commit()
    conn.close()
    with ProgressStore(path) as s:
        s.record_review(DECK, 1, 3, now=NOW)
        [notice] = s.take_notices()
    assert "other tables (users)" in notice
    [moved] = _aside(tmp_path)
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT name FROM users").fetchall() == [("ada",)]
    conn.close()


def test_a_store_from_a_newer_version_is_refused_and_left_in_place(tmp_path: Path) -> None:
    # Healthy, only newer: moving it aside would split the user's progress between two files.
    path = tmp_path / "progress.db"
    with ProgressStore(path) as s:
        s.record_review(DECK, 1, 3, now=NOW)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with ProgressStore(path) as s:
        with pytest.raises(ProgressError, match=r"newer version of quiz .*left where it is"):
            s.review_count()
        with pytest.raises(ProgressError, match="newer version"):
            s.record_review(DECK, 1, 3, now=NOW)
        assert s.take_notices() == []
    assert _aside(tmp_path) == []
    assert path.read_bytes() == before


def test_an_empty_file_is_a_usable_store(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"")
    with ProgressStore(path) as s:
        s.record_review(DECK, 1, 3, now=NOW)
        assert s.take_notices() == []
        assert s.review_count() == 1


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with ProgressStore.in_dir(blocker / "data") as s, pytest.raises(ProgressError, match="cannot create"):
        s.record_review(DECK, 1, 3, now=NOW)
