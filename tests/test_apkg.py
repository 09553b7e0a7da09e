"""`quiz export --format apkg`: the package is imported by the official `anki` client into a fresh collection."""

from __future__ import annotations

import html
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from quiz import apkg
from quiz.cli import main
from quiz.deck import Deck


@pytest.fixture(scope="module")
def runs(deck: Deck) -> dict[int, apkg.DemoRun]:
    return apkg.run_card_demos(deck)


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_package(col: Collection, path: Path) -> Any:
    return col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    ).log


def notes_by_card(col: Collection, deck: Deck) -> dict[int, Any]:
    """The collection's notes, keyed by the card whose question they hold."""
    by_question = {html.escape(c.question, quote=False): c.id for c in deck.cards}
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {by_question[n["Question"]]: n for n in notes}


def test_export_imports_into_anki_one_note_per_card(
    deck: Deck,
    runs: dict[int, apkg.DemoRun],
    collection: Collection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "deck.apkg"
    assert main(["export", "--format", "apkg", "--out", str(out)]) == 0
    assert f"exported 15 notes of 'weight-initialization' to {out}" in capsys.readouterr().err

    log = import_package(collection, out)
    assert len(log.new) == 15
    notes = notes_by_card(collection, deck)
    assert sorted(notes) == [c.id for c in deck.cards]
    assert len(collection.find_cards("")) == 15
    assert {collection.decks.name(c.did) for c in (collection.get_card(i) for i in collection.find_cards(""))} == {
        deck.title
    }
    for card in deck.cards:
        note = notes[card.id]
        assert note.note_type()["name"] == apkg.MODEL_NAME
        assert html.unescape(note["Answer"]) == card.answer
        if card.formula:
            assert html.escape(card.formula, quote=False) in note["Formula"]
        else:
            assert note["Formula"] == ""
        for point in card.key_points:
            assert f"<li>{html.escape(point.label, quote=False)}</li>" in note["Key points"]
        assert html.unescape(note["Tip"]) == deck.tip
        result = runs[card.id].result
        assert result is not None and result.demo == card.demo
        assert html.escape(result.claim, quote=False) in note["Demo"]
        assert ("✓ holds" if result.holds else "✗ does not hold") in note["Demo"]
        for check in getattr(result, "checks", None) or []:  # the demos' stated checks, where results have them
            assert f"<td>{html.escape(check.name, quote=False)}</td>" in note["Demo"]
        assert sorted(note.tags) == sorted([*card.tags, f"difficulty::{card.difficulty}"])
        assert note.guid == apkg.note_guid(deck, card)

    # A "type in the answer" note type: the front asks for the answer to be typed, the back compares it.
    template = notes[1].note_type()["tmpls"][0]
    assert "{{type:Answer}}" in template["qfmt"] and "{{type:Answer}}" in template["afmt"]
    rendered = notes[1].cards()[0].answer()
    assert "Live demo" in rendered and html.escape(deck.tip or "", quote=False) in rendered


def test_a_newer_export_updates_the_notes_and_never_duplicates_them(
    deck: Deck, runs: dict[int, apkg.DemoRun], collection: Collection, tmp_path: Path
) -> None:
    first = tmp_path / "first.apkg"
    apkg.write_package(first, apkg.package_bytes(deck, runs, timestamp=1_800_000_000))
    assert len(import_package(collection, first).new) == 15

    # You study in Anki: card 1 becomes a review card due in 10 days.
    studied = notes_by_card(collection, deck)[1].cards()[0]
    collection.sched.set_due_date([studied.id], "10")
    studied.load()
    studied_due = studied.due

    # The same file again: nothing new.
    again = import_package(collection, first)
    assert len(again.new) == 0 and len(collection.find_notes("")) == 15

    # The card's answer was edited since: a later export updates its note (same GUID), adds none.
    card1 = deck.card(1)
    edited = deck.model_copy(
        update={"cards": [card1.model_copy(update={"answer": "Edited: symmetry never breaks."}), *deck.cards[1:]]}
    )
    second = tmp_path / "second.apkg"
    apkg.write_package(second, apkg.package_bytes(edited, runs, timestamp=1_800_000_600))
    log = import_package(collection, second)
    assert len(log.new) == 0 and len(log.updated) >= 1
    assert len(collection.find_notes("")) == 15
    updated = notes_by_card(collection, deck)[1]
    assert updated["Answer"] == "Edited: symmetry never breaks."
    # ... and keeps what you did in Anki.
    [card] = updated.cards()
    assert card.id == studied.id and card.due == studied_due and card.type == 2  # a review card still


def test_note_guid_comes_from_deck_and_card_ids_only(deck: Deck) -> None:
    card = deck.card(4)
    assert apkg.note_guid(deck, card) == apkg.note_guid(deck, card.model_copy(update={"question": "Reworded?"}))
    assert len({apkg.note_guid(deck, c) for c in deck.cards}) == 15
    assert apkg.note_guid(deck.model_copy(update={"id": "another-deck"}), card) != apkg.note_guid(deck, card)
    assert apkg.deck_id(deck) == apkg.deck_id(deck.model_copy(update={"title": "Renamed"}))


def _result(holds: bool, **extra: Any) -> Any:
    return SimpleNamespace(
        demo="he-vs-xavier",
        title="He vs Xavier",
        claim="Xavier halves <the> variance",
        holds=holds,
        summary="He ×1.004, Xavier ×0.502",
        params={"seed": 0},
        **extra,
    )


def test_demo_table_shows_the_checks_when_the_result_has_them() -> None:
    checks = [
        SimpleNamespace(name="He factor", value=1.00412, low=0.9, high=1.1, passed=True),
        {"name": "Xavier factor", "value": 0.61, "low": None, "high": 0.55, "passed": False},
    ]
    table = apkg.demo_table(apkg.DemoRun("he-vs-xavier", result=_result(False, checks=checks)))
    assert "Xavier halves &lt;the&gt; variance" in table
    assert "✗ does not hold" in table and "✓ holds" not in table
    assert "<td>He factor</td><td class='num'>1.004</td><td>0.9 – 1.1</td><td>✓</td>" in table
    assert "<td>Xavier factor</td><td class='num'>0.61</td><td>≤ 0.55</td><td>✗</td>" in table
    assert "He ×1.004, Xavier ×0.502" not in table  # the checks stand in for the summary


def test_demo_table_falls_back_to_the_summary() -> None:
    table = apkg.demo_table(apkg.DemoRun("he-vs-xavier", result=_result(True)))
    assert "✓ holds" in table and "He ×1.004, Xavier ×0.502" in table
    assert "quiz demo he-vs-xavier" in table
    failed = apkg.demo_table(apkg.DemoRun("he-vs-xavier", error="boom"))
    assert "could not run: boom" in failed


def test_building_a_package_leaves_no_scratch_files(
    deck: Deck, runs: dict[int, apkg.DemoRun], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert apkg.package_bytes(deck, runs)[:2] == b"PK"
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (None, "quiz: error: --format apkg: give the file to write with --out PATH"),
        ("missing/deck.apkg", "quiz: error: --out: folder {tmp}/missing does not exist"),
        (".", "quiz: error: --out: {tmp} is a folder; give a file name"),
    ],
)
def test_bad_out_is_one_line_and_exit_2(
    out: str | None, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "--format", "apkg"] + (["--out", str(tmp_path / out)] if out else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message.format(tmp=tmp_path)) and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []
