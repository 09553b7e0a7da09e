"""Search cards the way the scorer reads answers: one text pipeline (:mod:`quiz.scoring.text`) for both.

So what the scorer tolerates, the search does too: case and accents, ``√`` = sqrt, typographic dashes,
``fan_in`` = ``fan in`` = ``fan-in``, plurals and -ing/-ed, Kaiming = He, Glorot = Xavier, and a typo in a long word
("orthgonal" finds orthogonal). Every word of the query must be found in the card (its question, answer, formula,
key points or tags), in any order; a word of three letters or more also finds the words it begins ("orth" finds
orthogonal, "fan" finds fan_in), so the list narrows as you type, and two words written as one are found too
("batchnorm" finds batch norm). Grammatical words ("the", "of") are skipped unless the query has nothing else.

Pure functions over the deck; no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from quiz.deck import Card
from quiz.scoring.text import content_words, same_word, tokenize

PREFIX_MIN = 3
"""A query word this long or longer also matches the card words it begins."""


def card_text(card: Card) -> str:
    """The text a search looks through: question, answer, formula and its note, key points, tags."""
    parts = [card.question, card.answer, card.formula or "", card.formula_note or ""]
    parts += [kp.label for kp in card.key_points]
    parts += card.tags
    return "\n".join(parts)


@lru_cache(maxsize=256)
def query_words(query: str) -> tuple[str, ...]:
    """The words of ``query`` a card must contain, as the scorer reads them (``"Fan-in √"`` → ``fanin``, ``sqrt``)."""
    return content_words(query)


def _words(text: str) -> frozenset[str]:
    """Every word of ``text``, stemmed and as written (both: a prefix is matched against either), and each pair of
    neighbours written as one word ("batch norm" is also "batchnorm")."""
    tokens = tokenize(text)
    words = {w for token in tokens for w in (token.word, token.raw)}
    words.update(a.raw + b.raw for a, b in pairwise(tokens))
    return frozenset(words)


def _word_found(word: str, words: frozenset[str]) -> bool:
    if word in words:
        return True
    prefix = len(word) >= PREFIX_MIN
    return any((prefix and w.startswith(word)) or same_word(w, word) for w in words)


class CardSearch:
    """The words of each card, read once; :meth:`filter` keeps the cards that have every word of a query."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self._words = {card.id: _words(card_text(card)) for card in cards}

    def matches(self, card: Card, query: str) -> bool:
        """Whether ``card`` has every word of ``query`` (an empty query matches every card)."""
        words = self._words.get(card.id)
        if words is None:
            words = self._words[card.id] = _words(card_text(card))
        return all(_word_found(w, words) for w in query_words(query))

    def filter(self, cards: Sequence[Card], query: str) -> list[Card]:
        """The cards of ``cards`` that match ``query``, in their order."""
        if not query_words(query):
            return list(cards)
        return [card for card in cards if self.matches(card, query)]


_INDEXES: dict[int, tuple[Sequence[Card], CardSearch]] = {}


def index_for(cards: Sequence[Card]) -> CardSearch:
    """The :class:`CardSearch` of ``cards`` (the same list object), made on first use and kept."""
    entry = _INDEXES.get(id(cards))
    if entry is None or entry[0] is not cards:
        entry = (cards, CardSearch(cards))
        _INDEXES[id(cards)] = entry  # holds ``cards``: its id cannot be reused while the entry lives
    return entry[1]


def search_cards(cards: Sequence[Card], query: str) -> list[Card]:
    """``CardSearch(cards).filter(cards, query)``, with the index kept for the next query on the same cards."""
    return index_for(cards).filter(cards, query)
