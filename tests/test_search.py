"""quiz.search: cards searched the way the scorer reads answers (one text pipeline), typos forgiven."""

from __future__ import annotations

import pytest

from quiz.deck import Deck
from quiz.search import CardSearch, card_text, query_words, search_cards


def ids(deck: Deck, query: str) -> list[int]:
    return [card.id for card in search_cards(deck.cards, query)]


@pytest.mark.parametrize("query", ["fan in", "fan_in", "fan-in", "Fan‑In", "fanin"])
def test_every_spelling_of_fan_in_finds_the_same_cards_and_card_3(deck: Deck, query: str) -> None:
    assert 3 in ids(deck, query)
    assert ids(deck, query) == ids(deck, "fan_in")


def test_a_typo_is_forgiven(deck: Deck) -> None:
    orthogonal = ids(deck, "orthogonal")
    assert orthogonal and ids(deck, "orthgonal") == orthogonal
    assert ids(deck, "symetry") == ids(deck, "symmetry")


def test_sqrt_and_the_root_sign_are_one_word(deck: Deck) -> None:
    assert ids(deck, "√") and ids(deck, "√") == ids(deck, "sqrt")
    for card in search_cards(deck.cards, "sqrt"):
        assert "√" in card_text(card) or "sqrt" in card_text(card).lower()


def test_every_word_must_be_found_in_any_order(deck: Deck) -> None:
    both = set(ids(deck, "xavier tanh"))
    assert both == set(ids(deck, "tanh xavier"))
    assert both <= set(ids(deck, "xavier")) & set(ids(deck, "tanh"))


def test_a_word_being_typed_finds_the_words_it_begins(deck: Deck) -> None:
    assert ids(deck, "orth") == ids(deck, "orthogonal")
    assert 3 in ids(deck, "fan")  # on the way to "fan in"


def test_two_words_written_as_one(deck: Deck) -> None:
    assert ids(deck, "batchnorm") == ids(deck, "batch norm") != []


def test_synonyms_of_the_scorer(deck: Deck) -> None:
    assert ids(deck, "Kaiming") == ids(deck, "He")
    assert ids(deck, "Glorot") == ids(deck, "Xavier")


def test_nothing_matches_nonsense_and_an_empty_query_matches_all(deck: Deck) -> None:
    assert ids(deck, "xyzzy") == []
    assert ids(deck, "") == ids(deck, "   ") == [c.id for c in deck.cards]


def test_short_words_are_not_prefixes(deck: Deck) -> None:
    """ "he" is the He init, not every word that starts with "he"; from three letters a word is also a prefix."""
    card = deck.cards[0].model_copy(
        update={"question": "Why?", "answer": "Hence the height grows.", "formula": None, "tags": ["Random"]}
    )
    card = card.model_copy(update={"key_points": [kp.model_copy(update={"label": "grows"}) for kp in card.key_points]})
    index = CardSearch([card])
    assert not index.matches(card, "he")
    assert index.matches(card, "hei") and index.matches(card, "height")


def test_query_words_use_the_scorers_pipeline() -> None:
    assert query_words("the fan-in of √n") == ("fanin", "sqrt", "n")
