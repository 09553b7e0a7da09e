"""`quiz doctor` on the deck cache, the settings and the demos; `--fix` doing only the safe things (the cache) and
never touching a review; the output streaming as each check is made; and the command staying light."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from demo_controls import scaled
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

import quiz.demos.base
from quiz.deck import default_deck_path
from quiz.deck_cache import entry_path, load_deck_cached
from quiz.demos import initializers as init
from quiz.paths import cache_dir
from quiz.progress import ProgressStore

DECK_TEXT = default_deck_path().read_text(encoding="utf-8")


def _own_entry() -> Path:
    return entry_path(cache_dir(), default_deck_path())


def _stale_entry_of_a_deleted_deck(tmp_path: Path) -> Path:
    gone = tmp_path / "gone.toml"
    gone.write_text(DECK_TEXT, encoding="utf-8")
    load_deck_cached(gone, cache_dir())
    gone.unlink()
    return entry_path(cache_dir(), gone)


def _damage_entry(entry: Path) -> None:
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["deck"]["cards"][0]["difficulty"] = "easz"  # a hand edit: the digest no longer matches
    entry.write_text(json.dumps(data), encoding="utf-8")


# --- the deck cache -----------------------------------------------------------------------------------------------


def test_a_damaged_entry_of_the_deck_is_a_problem_and_a_stale_one_is_only_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warm_cache(cache_dir())
    _damage_entry(_own_entry())
    stale = _stale_entry_of_a_deleted_deck(tmp_path)
    before = snapshot(cache_dir())
    code, lines, _err = doctor(capsys)
    assert code == 1
    [found] = problems(lines)
    assert found.startswith(f"problem: cache deck-entry: the entry for {default_deck_path()} (")
    assert "is damaged: the deck it holds is not the one that was validated" in found
    assert "`quiz doctor --fix` replaces it now" in found
    [stale_line] = [line for line in lines if stale.name in line]
    assert stale_line.startswith(f"ok: cache entry: {stale.name} (of {tmp_path.resolve() / 'gone.toml'}) is stale")
    assert "no longer exists" in stale_line and "`quiz doctor --fix` deletes it" in stale_line
    assert snapshot(cache_dir()) == before  # the app would delete the damaged entry; doctor only says so


def test_a_damaged_entry_of_another_deck_is_a_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.toml"
    other.write_text(DECK_TEXT, encoding="utf-8")
    load_deck_cached(other, cache_dir())
    _damage_entry(entry_path(cache_dir(), other))
    code, lines, _err = doctor(capsys)
    assert code == 1
    [found] = problems(lines)
    assert found.startswith(f"problem: cache entry: {entry_path(cache_dir(), other).name} (of ")
    assert "never used again; `quiz doctor --fix` deletes it" in found


def test_fix_rebuilds_the_deck_entry_and_drops_only_what_is_never_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warm_cache(cache_dir())
    _damage_entry(_own_entry())
    stale = _stale_entry_of_a_deleted_deck(tmp_path)
    kept = tmp_path / "kept.toml"
    kept.write_text(DECK_TEXT, encoding="utf-8")
    load_deck_cached(kept, cache_dir())
    stranger = cache_dir() / "decks" / "notes.txt"
    stranger.write_text("mine", encoding="utf-8")
    code, lines, _err = doctor(capsys, "--fix")
    assert code == 0, problems(lines)
    fixed = [line for line in lines if line.startswith("fixed: ")]
    assert len(fixed) == 2
    assert fixed[0].startswith(f"fixed: cache deck-entry: wrote a fresh entry for {default_deck_path()}")
    assert fixed[1].startswith(f"fixed: cache entry: deleted {stale.name} (stale: its deck file {tmp_path.resolve()}")
    assert fixed[1].endswith("gone.toml no longer exists)")
    assert lines[-1] == "doctor: all is well (7 checks); 2 fixed in the deck cache; demos not checked (--no-demos)"
    assert not stale.exists() and entry_path(cache_dir(), kept).exists() and stranger.read_text() == "mine"
    # The app now starts from the rebuilt entry, and a second run has nothing left to fix.
    code, lines, _err = doctor(capsys, "--fix")
    assert code == 0 and not [line for line in lines if line.startswith("fixed: ")]
    assert lines[-1].endswith("; nothing needed fixing; demos not checked (--no-demos)")


def test_fix_never_touches_the_store_or_the_settings(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = healthy_store(data_dir)
    execute(path, "UPDATE reviews SET state = '{bad' WHERE card = 5")  # a damaged review
    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(DECK, 99, 3)  # a review of a card the deck does not have
    (data_dir / "progress.db.corrupt-20260101T000000Z").write_bytes(b"old")
    settings = data_dir / "settings.json"
    settings.write_text("{not json", encoding="utf-8")
    before = snapshot(data_dir)
    code, lines, _err = doctor(capsys, "--fix")
    assert code == 1  # every one of those is still there, for the user to decide
    assert {line.split(":")[1] for line in problems(lines)} == {
        " store rows",
        " store row",
        " store cards",
        " store moved-aside",
        " settings file",
    }
    assert snapshot(data_dir) == before
    assert "doctor: 5 problems found" in lines[-1] and "1 fixed in the deck cache" in lines[-1]


def test_fix_that_cannot_write_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "cache-file"
    blocker.write_text("a file where the cache dir should be", encoding="utf-8")
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(blocker))
    code, lines, _err = doctor(capsys, "--fix")
    assert code == 1
    [found] = problems(lines)
    assert found.startswith("problem: cache ") and "Not a directory" in found


# --- the settings -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1]", "not a JSON object (a list)"),
        ('{"theme": 7}', "theme: should be a theme name"),
    ],
)
def test_a_damaged_settings_file_is_a_problem_left_as_it_is(
    data_dir: Path, capsys: pytest.CaptureFixture[str], content: str, problem: str
) -> None:
    path = data_dir / "settings.json"
    path.write_text(content, encoding="utf-8")
    code, lines, _err = doctor(capsys, "--fix")
    assert code == 1
    [found] = problems(lines)
    assert found.startswith(f"problem: settings file: {path}: {problem}")
    assert "quiz ignores what it cannot use and takes the default instead" in found
    assert path.read_text(encoding="utf-8") == content


def test_settings_a_newer_quiz_wrote_are_not_a_problem(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(data_dir, {"theme": "nord", "from_the_future": 1})
    code, lines, _err = doctor(capsys)
    assert code == 0
    assert (
        f"ok: settings file: {data_dir / 'settings.json'}: valid; kept but not read by this quiz: from_the_future"
        in (lines)
    )


# --- the demos ----------------------------------------------------------------------------------------------------


def test_a_demo_whose_science_breaks_is_a_problem_naming_its_failed_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init, "kaiming_normal", scaled(init.kaiming_normal, 1 / math.sqrt(2)))  # gain 1, not √2
    code, lines, _err = doctor(capsys, demos=True)
    assert code == 1
    demo_lines = {line.split(":")[1].split()[1]: line for line in lines if line.split(":")[1].startswith(" demo ")}
    he = demo_lines["he-vs-xavier"]
    assert he.startswith("problem: demo he-vs-xavier: the claim of card 5 does not hold under NumPy 2.")
    assert "He: pre-activation variance ×/layer 0.49" in he and "✗" in he and "`quiz demo he-vs-xavier`" in he
    assert demo_lines["orthogonal"].startswith("ok: demo orthogonal: the claim of card 8 holds")  # no kaiming_normal
    _code, findings = doctor_json(capsys, demos=True)
    [he_json] = [f for f in findings if f["check"] == "he-vs-xavier"]
    failed = [c["name"] for c in he_json["details"]["checks"] if not c["passed"]]
    assert he_json["status"] == "problem" and "He: pre-activation variance ×/layer" in failed


def test_a_demo_that_raises_is_a_problem_and_the_others_still_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise FloatingPointError("overflow in a matmul")

    monkeypatch.setattr(init, "orthogonal", broken)
    code, lines, _err = doctor(capsys, demos=True)
    assert code == 1
    [found] = problems(lines)
    assert found.startswith("problem: demo orthogonal: card 8: the demo failed under NumPy 2.")
    assert "FloatingPointError: overflow in a matmul" in found
    assert len([line for line in lines if line.startswith("ok: demo ")]) == 14


def test_each_line_is_printed_as_soon_as_its_check_is_made(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streaming: when a demo starts, the lines of every earlier check are already out."""
    seen: list[str] = []
    real = quiz.demos.base.run_demo

    def watching(demo_id: str, *args: object, **kwargs: object) -> quiz.demos.base.DemoResult:
        seen.append(f"{demo_id} after {len(capsys.readouterr().out.splitlines())} new line(s)")
        return real(demo_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(quiz.demos.base, "run_demo", watching)
    code, _lines, _err = doctor(capsys, demos=True)
    assert code == 0
    assert seen[0].startswith("symmetry after ") and int(seen[0].split()[2]) == 4  # deck, store, cache, settings
    assert all(s.endswith(" after 1 new line(s)") for s in seen[1:]) and len(seen) == 15


# --- light ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "numpy"), [(["--no-demos"], False), ([], True)])
def test_doctor_imports_no_textual_and_numpy_only_for_the_demos(args: list[str], numpy: bool) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quiz", "doctor", *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "quiz" in imported
    assert "textual" not in imported and "rich" not in imported
    assert ("numpy" in imported) is numpy
