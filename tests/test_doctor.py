"""`quiz doctor` on the store: a healthy one, each kind of damage, exit codes, --json, and a run that changes
nothing (no -wal or -shm, no cache entry), also in a read-only data dir as a user to whom permissions apply."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from doctor_helpers import (
    DECK,
    doctor,
    doctor_json,
    execute,
    healthy_store,
    problems,
    snapshot,
    warm_cache,
    write_settings,
)
from unprivileged import SKIP_REASON, unprivileged

from quiz.deck import default_deck_path
from quiz.paths import cache_dir
from quiz.progress import ProgressStore
from quiz.progress.schema import LATEST_VERSION

ROOT = Path(__file__).resolve().parent.parent
FINDING_KEYS = ["area", "check", "status", "message", "advice", "path", "details"]


def test_a_healthy_setup_is_all_ok_and_untouched(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    healthy_store(data_dir)
    write_settings(data_dir, {"theme": "textual-light"})
    warm_cache(cache_dir())
    before = snapshot(data_dir, cache_dir())
    code, lines, err = doctor(capsys, demos=True)
    assert (code, err) == (0, "")
    *checks, summary = lines
    assert all(line.startswith("ok: ") for line in checks), checks
    assert summary == f"doctor: all is well ({len(checks)} checks); nothing was changed"
    assert checks[0] == "ok: deck file: deck 'weight-initialization': 15 cards, valid"
    assert [line.split(":")[1] for line in checks[1:7]] == [
        " store file",
        " store header",
        " store integrity",
        " store schema",
        " store rows",
        " store cards",
    ]
    assert "ok: store integrity: integrity_check: ok" in checks
    assert f"ok: store schema: schema {LATEST_VERSION} (the latest)" in checks
    assert "ok: store cards: all 2 reviews of deck 'weight-initialization' are of its cards" in checks
    assert any(
        line.startswith("ok: cache deck-entry: the entry for ") and line.endswith(" is current") for line in checks
    )
    assert any(line.startswith("ok: settings file: ") and line.endswith("settings.json: valid") for line in checks)
    demo_lines = [line for line in checks if line.startswith("ok: demo ")]
    assert len(demo_lines) == 15
    assert demo_lines[4].startswith("ok: demo he-vs-xavier: the claim of card 5 holds under NumPy 2.")
    assert snapshot(data_dir, cache_dir()) == before  # not a byte, not a timestamp; no -wal, -shm or cache entry


def test_nothing_saved_yet_is_fine_and_nothing_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    code, lines, _err = doctor(capsys, "--data-dir", str(data))
    assert code == 0
    assert "ok: store file: no store yet: nothing has been saved" in lines
    assert f"ok: settings file: no settings.json in {data}: the defaults are used" in lines
    assert any(line.startswith("ok: cache deck-entry: no entry yet for ") for line in lines)
    assert not data.exists() and list(cache_dir().iterdir()) == []  # the test's cache dir, still empty


# --- the store's own damage: reported with what to do, never repaired ----------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"shopping list\n" * 300)


def _zero_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:] = bytes(len(data) - 4096)
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    execute(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")


@pytest.mark.parametrize(
    ("damage", "line", "advice"),
    [
        (_garbage, "problem: store header: it is not a SQLite database", "moves it aside to progress.db.corrupt-"),
        (_zero_pages, "problem: store integrity: integrity_check: ", ".recover | sqlite3 recovered.db"),
        (_foreign, "problem: store schema: it is a SQLite database with other tables (photos)", "another program"),
        (
            lambda p: execute(p, "PRAGMA user_version = -1"),
            "problem: store schema: its schema version is -1, which no version of quiz ever wrote",
            "moves it aside",
        ),
        (
            lambda p: execute(p, f"PRAGMA user_version = {LATEST_VERSION + 1}"),
            "problem: store schema: it was written by a newer version of quiz",
            "use the newer quiz that wrote it (this one leaves it untouched)",
        ),
    ],
)
def test_a_damaged_store_file_is_reported_with_what_to_do_and_left_as_it_is(
    data_dir: Path, capsys: pytest.CaptureFixture[str], damage: object, line: str, advice: str
) -> None:
    path = healthy_store(data_dir)
    damage(path)  # type: ignore[operator]
    before = snapshot(data_dir)
    code, lines, _err = doctor(capsys)
    assert code == 1
    [found] = [x for x in problems(lines) if x.startswith("problem: store ")]
    assert found.startswith(line) and advice in found
    assert lines[-1].startswith("doctor: 1 problem found (store ") and "; nothing was changed" in lines[-1]
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("sql", "row", "field"),
    [
        (
            "UPDATE reviews SET state = '{bad' WHERE card = 5",
            "review #2 (deck weight-initialization, card 5, ",
            "state",
        ),
        ("UPDATE interviews SET settings = 'not json'", "mock interview #1 (deck weight-initialization, ", "settings"),
        ("UPDATE interview_answers SET matched = '[1'", "mock interview #1 (", "answers[0].matched"),
        (
            "UPDATE exercise_reviews SET reviewed_at = 'garbage'",
            "exercise attempt #1 (kind fan, garbage)",
            "reviewed_at",
        ),
    ],
)
def test_a_damaged_row_of_each_table_is_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str], sql: str, row: str, field: str
) -> None:
    execute(healthy_store(data_dir), sql)
    before = snapshot(data_dir)
    code, lines, _err = doctor(capsys)
    assert code == 1
    summary, detail = problems(lines)
    assert summary.startswith("problem: store rows: 1 damaged row: 1 ")
    assert "`quiz export` still writes every one as stored" in summary
    assert detail.startswith(f"problem: store row: {row}") and f"is damaged: {field}: " in detail
    code, findings = doctor_json(capsys)
    [found] = [f for f in findings if f["check"] == "row"]
    assert found["details"]["fields"].keys() == {field}
    assert snapshot(data_dir) == before


def test_a_hundred_damaged_rows_are_listed_then_counted(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.in_dir(data_dir) as store:
        for i in range(130):
            store.record_review(DECK, 1 + i % 15, 3)
    execute(data_dir / "progress.db", "UPDATE reviews SET state = 'x'")
    _code, lines, _err = doctor(capsys)
    rows = [line for line in lines if line.startswith("problem: store row: ")]
    assert len(rows) == 101 and rows[-1] == (
        'problem: store row: and 30 more damaged rows; `quiz export` lists every one, flagged "damaged"'
    )


def test_reviews_of_cards_the_deck_no_longer_has(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    healthy_store(data_dir)
    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(DECK, 99, 3)
        store.record_review(DECK, 99, 1)
        store.record_review("another-deck", 1, 3)
    code, lines, _err = doctor(capsys)
    assert code == 1
    [found] = problems(lines)
    assert found.startswith(
        "problem: store cards: 2 reviews and 0 mock-interview answers of card 99, which deck "
        "'weight-initialization' no longer has; they are kept (quiz never deletes a review)"
    )
    assert "ok: store other-decks: reviews of other decks, not checked against this one: another-deck (1)" in " ".join(
        lines
    )
    _code, findings = doctor_json(capsys)
    [cards] = [f for f in findings if f["check"] == "cards"]
    assert cards["details"] == {"deck": DECK, "cards": [{"card": 99, "reviews": 2, "answers": 0}]}


def test_a_store_moved_aside_earlier_is_pointed_at(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    healthy_store(data_dir)
    aside = data_dir / "progress.db.corrupt-20260101T000000Z"
    aside.write_bytes(b"old damaged store")
    (data_dir / "progress.db.corrupt-20260101T000000Z-wal").write_bytes(b"its log")
    code, lines, _err = doctor(capsys)
    assert code == 1
    [found] = problems(lines)
    assert found.startswith(f"problem: store moved-aside: {aside} (17 bytes) is a damaged store quiz moved aside")
    assert f"`sqlite3 {aside} .recover | sqlite3 recovered.db`" in found


# --- exit codes and --json ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "quiz: error: unrecognized arguments: --bogus (see `quiz --help`)"),
        (["--deck", "/nonexistent/deck.toml"], "quiz: error: --deck: /nonexistent/deck.toml: no such file"),
        (["--deck", "/"], "quiz: error: --deck: /: is a directory, not a deck file"),
        (["--data-dir", str(default_deck_path())], f"the data dir {default_deck_path()} is not a folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "doctor", "--no-demos", *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert message in line and line.startswith("quiz: error: ")


def test_a_deck_that_does_not_validate_is_a_finding_and_the_rest_is_still_checked(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy_store(data_dir)
    bad = tmp_path / "bad.toml"
    bad.write_text(default_deck_path().read_text(encoding="utf-8").replace('"easy"', '"trivial"', 1), "utf-8")
    code, lines, _err = doctor(capsys, "--deck", str(bad))
    assert code == 1
    [found] = problems(lines)
    assert found.startswith(f"problem: deck file: {bad}: card 1: difficulty: must be one of easy, medium, hard")
    assert f"`quiz validate {bad}`" in found
    assert "ok: store cards: reviews not checked against the deck: the deck is not valid" in lines
    assert f"ok: cache deck-entry: no entry for {bad}: a deck that does not validate is never cached" in lines


def test_json_is_a_list_of_findings_with_a_stable_shape(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    execute(healthy_store(data_dir), "UPDATE reviews SET state = '{bad' WHERE card = 5")
    code, findings = doctor_json(capsys)
    assert code == 1
    assert all(list(f) == FINDING_KEYS for f in findings)
    assert {f["status"] for f in findings} == {"ok", "problem"}
    assert [f["area"] for f in findings][:2] == ["deck", "store"]
    problem = next(f for f in findings if f["status"] == "problem")
    assert problem["check"] == "rows" and problem["advice"] and problem["path"] == str(data_dir / "progress.db")
    assert problem["details"] == {"count": 1, "by_table": {"reviews": 1}}
    assert all(f["advice"] for f in findings if f["status"] == "problem")


def test_json_with_the_demos_lists_each_demos_checks(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = doctor_json(capsys, demos=True)
    assert code == 0
    demos = [f for f in findings if f["area"] == "demo"]
    assert [f["check"] for f in demos][:3] == ["symmetry", "bias-init", "fan-in-out"] and len(demos) == 15
    he = demos[4]["details"]
    assert he["demo"] == "he-vs-xavier" and he["card"] == 5 and he["numpy"].startswith("2.")
    assert all(set(c) == {"name", "value", "low", "high", "passed"} and c["passed"] for c in he["checks"])


# --- read-only must really be read-only ---------------------------------------------------------------------------


def test_a_store_open_in_another_process_is_checked_without_disturbing_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    healthy_store(data_dir)
    with ProgressStore.in_dir(data_dir) as app:  # the app running: the store is open, its -wal holds a change
        app.record_review(DECK, 2, 3)
        code, lines, _err = doctor(capsys)
        assert code == 0, problems(lines)
        app.record_review(DECK, 3, 3)  # and it goes on writing
    with ProgressStore.in_dir(data_dir) as store:
        assert store.review_count() == 4


def test_a_read_only_data_dir_as_an_unprivileged_user(shared_tmp: Path) -> None:
    runner = unprivileged()
    if runner is None:
        pytest.skip(SKIP_REASON)
    python, options, env_extra = runner
    data, cache = shared_tmp / "data", shared_tmp / "cache"
    healthy_store(data)
    write_settings(data, {"theme": "nord"})
    warm_cache(cache)
    for folder in (data, cache, cache / "decks"):
        if os.geteuid() == 0:
            os.chown(folder, options["user"], options["group"])
    for path in (data, cache / "decks", cache):
        path.chmod(0o555)
    before = snapshot(data, cache)
    env = {**os.environ, **env_extra, "QUIZ_DATA_DIR": str(data), "QUIZ_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [python, "-m", "quiz", "doctor", "--no-demos", "--json"],
        capture_output=True,
        text=True,
        cwd="/",
        env=env,
        timeout=60,
        **options,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    findings = json.loads(result.stdout)
    assert [f["message"] for f in findings if f["check"] == "integrity"] == ["integrity_check: ok"]
    assert snapshot(data, cache) == before
