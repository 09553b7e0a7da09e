"""The validated-deck cache: the app starts on a deck validated by an earlier run, and never on a stale or bad one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import quiz.deck_cache
from quiz.deck import Deck, DeckError, default_deck_path, load_deck
from quiz.deck_cache import entry_path, list_entries, load_deck_cached, rebuild_entry, remove_entry

DECK_TEXT = default_deck_path().read_text(encoding="utf-8")


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "decks" / "weights.toml"
    path.parent.mkdir()
    path.write_text(DECK_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, validating a deck fails the test: what is loaded must come from the cache."""

    def fail(text: str, source: str) -> Deck:
        raise AssertionError(f"{source} was validated again")

    monkeypatch.setattr(quiz.deck_cache, "parse_deck_text", fail)


def test_a_cached_deck_equals_the_validated_one(deck_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validated = load_deck(deck_file)
    first = load_deck_cached(deck_file, cache)  # validates, then writes the entry
    assert entry_path(cache, deck_file).is_file()
    no_validation(monkeypatch)
    second = load_deck_cached(deck_file, cache)  # read back: no TOML, no validation
    assert first == validated
    assert second == validated
    assert second.cards[3].key_points == validated.cards[3].key_points
    assert second.card(4).formula == validated.card(4).formula
    assert second.checklist == validated.checklist and second.anchors == validated.anchors
    assert [type(kp).__name__ for kp in second.cards[0].key_points] == ["KeyPoint"] * len(validated.cards[0].key_points)
    assert second.cards[0].misconceptions == validated.cards[0].misconceptions != []
    assert {type(m).__name__ for card in second.cards for m in card.misconceptions} == {"Misconception"}


def test_an_edited_deck_is_validated_again(deck_file: Path, cache: Path) -> None:
    load_deck_cached(deck_file, cache)
    deck_file.write_text(DECK_TEXT.replace("Why can’t we set all weights to zero?", "Why not zero?", 1), "utf-8")
    assert load_deck_cached(deck_file, cache).cards[0].question == "Why not zero?"


def test_a_bad_edit_is_reported_as_load_deck_reports_it_and_is_never_cached(deck_file: Path, cache: Path) -> None:
    load_deck_cached(deck_file, cache)
    deck_file.write_text(DECK_TEXT.replace('difficulty = "easy"', 'difficulty = "trivial"', 1), "utf-8")
    with pytest.raises(DeckError) as cached_error:
        load_deck_cached(deck_file, cache)
    with pytest.raises(DeckError) as plain_error:
        load_deck(deck_file)
    assert str(cached_error.value) == str(plain_error.value)
    assert "card 1: difficulty: must be one of easy, medium, hard" in str(cached_error.value)
    with pytest.raises(DeckError):  # the old entry did not come back for the new text
        load_deck_cached(deck_file, cache)


def test_a_missing_file_is_reported_even_with_an_entry(deck_file: Path, cache: Path) -> None:
    load_deck_cached(deck_file, cache)
    deck_file.unlink()
    with pytest.raises(DeckError, match="no such file"):
        load_deck_cached(deck_file, cache)


@pytest.mark.parametrize("field", ["format", "quiz", "pydantic", "rules", "path"])
def test_an_entry_from_another_version_or_file_is_not_used(
    deck_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    load_deck_cached(deck_file, cache)
    entry_file = entry_path(cache, deck_file)
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry[field] = "something else"
    entry["deck"]["title"] = "Stale"
    entry_file.write_text(json.dumps(entry), encoding="utf-8")
    assert load_deck_cached(deck_file, cache).title != "Stale"
    assert json.loads(entry_file.read_text(encoding="utf-8"))[field] != "something else"  # rewritten


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "not json {",
        "[1, 2, 3]",
        '{"format": 1}',
        "STAMP_WITH_BROKEN_DECK",
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(deck_file: Path, cache: Path, damage: str) -> None:
    load_deck_cached(deck_file, cache)
    entry_file = entry_path(cache, deck_file)
    if damage == "STAMP_WITH_BROKEN_DECK":  # the stamp matches, the deck inside does not hold together
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        entry["deck"] = {"cards": 5}
        damage = json.dumps(entry)
    entry_file.write_text(damage, encoding="utf-8")
    assert load_deck_cached(deck_file, cache) == load_deck(deck_file)
    assert json.loads(entry_file.read_text(encoding="utf-8"))["deck"]["cards"][0]["id"] == 1


def test_an_unwritable_cache_dir_only_costs_the_cache(deck_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be", encoding="utf-8")
    assert load_deck_cached(deck_file, blocker) == load_deck(deck_file)
    assert load_deck_cached(deck_file, blocker) == load_deck(deck_file)  # and again, still without a cache
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_without_the_rules_source_every_load_validates(
    deck_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An install that ships no quiz/deck.py (bytecode only) cannot tell whose rules an entry was made under."""
    monkeypatch.setattr(quiz.deck_cache, "RULES_FILE", tmp_path / "missing" / "deck.py")
    assert load_deck_cached(deck_file, cache) == load_deck(deck_file)
    assert not entry_path(cache, deck_file).exists()


def test_two_deck_files_get_their_own_entries(deck_file: Path, cache: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(DECK_TEXT.replace("Why can’t we set all weights to zero?", "Other deck?", 1), "utf-8")
    assert load_deck_cached(deck_file, cache).cards[0].question != "Other deck?"
    assert load_deck_cached(other, cache).cards[0].question == "Other deck?"
    assert entry_path(cache, deck_file) != entry_path(cache, other)
    assert load_deck_cached(deck_file, cache).cards[0].question != "Other deck?"


def test_the_app_start_reads_a_warm_cache_without_toml_or_a_pydantic_validator(tmp_path: Path) -> None:
    """What first paint relies on: with the cache warm, starting the app parses no TOML and builds no validator (the
    models defer it), so neither tomllib nor pydantic's plugin loader (importlib.metadata) is imported."""
    script = textwrap.dedent(
        """
        import argparse, sys
        from quiz.cli.common import get_deck
        deck = get_deck(argparse.Namespace(), cached=True)
        from quiz.deck import Deck
        print(deck.cards[0].question)
        print(type(Deck.__pydantic_validator__).__name__)
        print(sorted(m for m in ("tomllib", "pydantic.plugin._loader") if m in sys.modules))
        """
    )
    env = {**os.environ, "QUIZ_CACHE_DIR": str(tmp_path / "cache")}
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    warm = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    assert cold.stdout.splitlines() == [
        "Why can’t we set all weights to zero?",
        "SchemaValidator",
        "['pydantic.plugin._loader', 'tomllib']",
    ]
    assert warm.stdout.splitlines() == ["Why can’t we set all weights to zero?", "MockValSer", "[]"]


# --- an entry is used only if it proves itself (issue 12) ---------------------------------------------------------


def _edit_entry(cache: Path, deck_file: Path, edit: str) -> Path:
    """Damage the entry in one of the ways the fault-injection run did; the stamp (text, versions) still matches."""
    entry_file = entry_path(cache, deck_file)
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    if edit == "difficulty":
        entry["deck"]["cards"][0]["difficulty"] = "easz"
        entry_file.write_text(json.dumps(entry), encoding="utf-8")
    elif edit == "escape":
        entry["deck"]["cards"][0]["question"] = "\x1b]0;PWNED\x07\x1b[2J"
        entry_file.write_text(json.dumps(entry), encoding="utf-8")
    elif edit == "card-id":
        entry["deck"]["cards"][0]["id"] = 2**64
        entry_file.write_text(json.dumps(entry), encoding="utf-8")
    elif edit == "nested":
        entry_file.write_text("[" * 100_000, encoding="utf-8")
    elif edit == "nested-deck":
        entry_file.write_text(json.dumps(entry)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    elif edit == "huge":
        entry_file.write_bytes(b" " * (quiz.deck_cache.MAX_ENTRY_BYTES + 1))
    elif edit == "not-utf8":
        entry_file.write_bytes(b"\xff\xfe" + entry_file.read_bytes())
    return entry_file


@pytest.mark.parametrize("edit", ["difficulty", "escape", "card-id", "nested", "nested-deck", "huge", "not-utf8"])
def test_a_tampered_or_damaged_entry_is_never_used_and_is_replaced(deck_file: Path, cache: Path, edit: str) -> None:
    validated = load_deck(deck_file)
    load_deck_cached(deck_file, cache)
    entry_file = _edit_entry(cache, deck_file, edit)
    assert load_deck_cached(deck_file, cache) == validated  # validated from the TOML instead
    entry = json.loads(entry_file.read_text(encoding="utf-8"))  # and the entry is a good one again
    assert entry["deck"]["cards"][0]["difficulty"] == "easy"
    assert entry["deck"]["cards"][0]["question"] == "Why can’t we set all weights to zero?"


def test_a_damaged_entry_is_deleted_even_when_the_deck_is_now_bad(deck_file: Path, cache: Path) -> None:
    load_deck_cached(deck_file, cache)
    entry_file = _edit_entry(cache, deck_file, "difficulty")
    with pytest.MonkeyPatch.context() as patch:  # the file validates no more (as if it broke at the same time)
        patch.setattr(quiz.deck_cache, "parse_deck_text", _always_bad)
        with pytest.raises(DeckError):
            load_deck_cached(deck_file, cache)
    assert not entry_file.exists()


def _always_bad(text: str, source: str) -> Deck:
    raise DeckError(f"{source}: bad")


# --- looking at the cache without changing it, and tidying it (quiz doctor, issue 16) -----------------------------


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    }


def _status(cache: Path) -> dict[str, tuple[str, str]]:
    return {e.file.name: (e.status, e.reason) for e in list_entries(cache)}


def test_an_empty_or_missing_cache_lists_nothing(cache: Path) -> None:
    assert list_entries(cache) == []
    assert not cache.exists()


def test_the_entry_the_app_wrote_is_current(deck_file: Path, cache: Path) -> None:
    load_deck_cached(deck_file, cache)
    [entry] = list_entries(cache)
    assert (entry.file, entry.status, entry.deck_file) == (entry_path(cache, deck_file), "current", deck_file.resolve())
    assert not entry.removable


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("edit", "its deck file has been edited since"),
        ("delete", "no longer exists"),
        ("quiz", "made by quiz something else (this is"),
        ("pydantic", "made with pydantic something else"),
        ("rules", "made under other deck rules"),
        ("format-1", "written in another layout of the cache"),
        ("path", "not the entry of something else"),
    ],
)
def test_a_stale_entry_is_listed_with_why(deck_file: Path, cache: Path, change: str, reason: str) -> None:
    load_deck_cached(deck_file, cache)
    entry_file = entry_path(cache, deck_file)
    if change == "edit":
        deck_file.write_text(DECK_TEXT.replace("Why can’t we set all weights to zero?", "Why not zero?", 1), "utf-8")
    elif change == "delete":
        deck_file.unlink()
    else:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        if change == "format-1":  # the layout before digests: no digest at all, and not damaged for it
            entry["format"] = 1
            del entry["digest"]
        else:
            entry[change] = "something else"
        entry_file.write_text(json.dumps(entry), encoding="utf-8")
    before = _snapshot(cache)
    [(status, why)] = _status(cache).values()
    assert status == "stale" and reason in why
    assert _snapshot(cache) == before


@pytest.mark.parametrize("edit", ["difficulty", "escape", "card-id", "nested", "nested-deck", "huge", "not-utf8"])
def test_a_damaged_entry_is_listed_and_left_where_it_is(deck_file: Path, cache: Path, edit: str) -> None:
    load_deck_cached(deck_file, cache)
    entry_file = _edit_entry(cache, deck_file, edit)
    before = _snapshot(cache)
    [entry] = list_entries(cache)
    assert entry.status == "damaged" and entry.removable and entry.file == entry_file
    assert _snapshot(cache) == before  # reported, not deleted (the app would delete it)


def test_leftovers_and_strangers_in_the_cache_folder(cache: Path) -> None:
    folder = cache / "decks"
    folder.mkdir(parents=True)
    (folder / ".weights-1234abcd.json.x8f2k.tmp").write_text("{", encoding="utf-8")
    (folder / "README").write_text("mine", encoding="utf-8")
    (folder / "sub.json").mkdir()
    os.mkfifo(folder / "fifo.json")  # never opened: listing would block on it
    found = {e.file.name: (e.status, e.removable) for e in list_entries(cache)}
    assert found == {
        ".weights-1234abcd.json.x8f2k.tmp": ("stale", True),
        "README": ("other", False),
        "sub.json": ("other", False),
        "fifo.json": ("other", False),
    }


def test_an_entry_naming_a_fifo_as_its_deck_is_stale_and_the_fifo_is_never_opened(
    deck_file: Path, cache: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "deck.toml"
    os.mkfifo(fifo)
    load_deck_cached(deck_file, cache)
    entry = json.loads(entry_path(cache, deck_file).read_text(encoding="utf-8"))
    entry["path"] = str(fifo.resolve())
    entry_path(cache, fifo).write_text(json.dumps(entry), encoding="utf-8")
    assert _status(cache)[entry_path(cache, fifo).name] == ("stale", f"its deck file {fifo.resolve()} no longer exists")


def test_rebuild_writes_the_entry_the_app_then_uses(
    deck_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = rebuild_entry(deck_file, cache)
    assert written == entry_path(cache, deck_file)
    assert [e.status for e in list_entries(cache)] == ["current"]
    no_validation(monkeypatch)
    assert load_deck_cached(deck_file, cache) == load_deck(deck_file)


def test_rebuild_raises_where_the_app_would_give_up_quietly(deck_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be", encoding="utf-8")
    with pytest.raises(NotADirectoryError):  # a file is where the cache dir should be
        rebuild_entry(deck_file, blocker)
    deck_file.write_text(DECK_TEXT.replace('difficulty = "easy"', 'difficulty = "trivial"', 1), "utf-8")
    with pytest.raises(DeckError, match="card 1: difficulty"):
        rebuild_entry(deck_file, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_remove_deletes_only_what_will_never_be_used(deck_file: Path, cache: Path, tmp_path: Path) -> None:
    load_deck_cached(deck_file, cache)
    other = tmp_path / "other.toml"
    other.write_text(DECK_TEXT, encoding="utf-8")
    load_deck_cached(other, cache)
    other.unlink()
    entries = {e.file: e for e in list_entries(cache)}
    current, stale = entries[entry_path(cache, deck_file)], entries[entry_path(cache, other)]
    with pytest.raises(ValueError, match="only stale or damaged"):
        remove_entry(current)
    remove_entry(stale)
    remove_entry(stale)  # already gone: fine
    assert [e.file for e in list_entries(cache)] == [current.file]
