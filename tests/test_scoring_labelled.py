"""The scorer against the labelled answers of tests/data/scoring/ (the rule a set we never see is held to).

For at least 95 % of each kind: a good answer gets coverage ≥ 0.5 with nothing contradicted; a wrong, negated,
swapped or off-topic answer gets coverage ≤ 0.25 or is contradicted. The held-out file was written before the
contradiction scorer was tuned and is never tuned on; it is held to the same rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.deck import Deck
from quiz.scoring.labelled import KINDS, Judged, judge, load_labelled, share

DATA = Path(__file__).resolve().parent / "data" / "scoring"
SETS = ("dev", "heldout")
RULED_KINDS = ("good", "wrong", "negated", "swapped", "off-topic")


@pytest.fixture(scope="module")
def judged(deck: Deck) -> dict[str, list[Judged]]:
    return {name: judge(load_labelled(DATA / f"{name}.toml"), deck) for name in SETS}


@pytest.fixture(scope="module")
def deck(deck_path: Path) -> Deck:
    from quiz.deck import load_deck

    return load_deck(deck_path)


@pytest.fixture(scope="module")
def deck_path() -> Path:
    from quiz.deck import default_deck_path

    return default_deck_path()


def test_the_set_is_big_and_varied_enough(judged: dict[str, list[Judged]], deck: Deck) -> None:
    everything = [j for js in judged.values() for j in js]
    for card in deck.cards:
        mine = [j for j in everything if j.answer.card == card.id]
        assert len(mine) >= 10, card.id
        assert {j.answer.kind for j in mine} >= {"good", "partial", "off-topic"}, card.id
    assert {j.answer.kind for j in everything} == set(KINDS)
    texts = [j.answer.text for j in everything]
    assert len(set(texts)) == len(texts)  # no answer twice


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("kind", RULED_KINDS)
def test_agreement_per_kind_is_at_least_95_percent(judged: dict[str, list[Judged]], name: str, kind: str) -> None:
    of_kind = [j for j in judged[name] if j.answer.kind == kind]
    assert of_kind
    missed = [(j.answer.card, j.answer.text, j.score.coverage, [x.label for x in j.score.contradicted]) for j in of_kind if not j.agrees]
    assert share(of_kind) >= 0.95, missed


@pytest.mark.parametrize("name", SETS)
def test_good_answers_are_never_contradicted(judged: dict[str, list[Judged]], name: str) -> None:
    false = [(j.answer.card, j.answer.text, j.score.contradicted) for j in judged[name] if j.answer.kind == "good" and j.score.contradicted]
    assert not false


@pytest.mark.parametrize("card_id", range(1, 16))
def test_each_card_agrees_on_most_of_its_answers(judged: dict[str, list[Judged]], card_id: int) -> None:
    mine = [j for js in judged.values() for j in js if j.answer.card == card_id]
    assert share(mine) >= 0.8, [(j.answer.kind, j.answer.text) for j in mine if not j.agrees]


def test_a_broken_labelled_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[answer]]\ncard = 1\nkind = "great"\ntext = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml"):
        load_labelled(bad)
