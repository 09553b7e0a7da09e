"""Which cards the study screen lists: filter chips, search text and a checklist line's cards.

Plain data, no Textual: the screen keeps one :class:`CardFilter` and asks the deck for the cards it selects.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from quiz.deck import DIFFICULTIES, TAGS, Card, Deck


class FilterChip(NamedTuple):
    """A chip of the filter bar: the key that toggles it, its label and what it filters on."""

    key: str
    label: str
    value: str
    kind: Literal["tag", "difficulty"]


FILTER_CHIPS: tuple[FilterChip, ...] = (
    *(FilterChip(str(i), tag, tag, "tag") for i, tag in enumerate(TAGS, start=1)),
    *(FilterChip(str(i), d.capitalize(), d, "difficulty") for i, d in enumerate(DIFFICULTIES, start=len(TAGS) + 1)),
)
"""Variance, Xavier, He, Random (keys 1–4: a card must have every selected tag), Easy, Medium, Hard (keys 5–7:
any selected difficulty)."""

_CHIPS = {chip.value: chip for chip in FILTER_CHIPS}


class CardFilter(NamedTuple):
    """Tags (all must match), difficulties (any), search text, and optionally a fixed set of cards.

    Immutable: each change returns a new filter. (A NamedTuple, not a dataclass: the study screen imports this at
    start-up, and a NamedTuple class costs a tenth as much to create.)
    """

    tags: frozenset[str] = frozenset()
    difficulties: frozenset[str] = frozenset()
    text: str = ""
    card_ids: tuple[int, ...] | None = None
    card_ids_label: str = ""

    @property
    def active(self) -> bool:
        return bool(self.tags or self.difficulties or self.text.strip() or self.card_ids is not None)

    @property
    def selected(self) -> frozenset[str]:
        """The values of the chips that are on."""
        return self.tags | self.difficulties

    def toggled(self, value: str) -> CardFilter:
        """This filter with the chip ``value`` (a tag or a difficulty) switched."""
        chip = _CHIPS[value]
        if chip.kind == "tag":
            return self._replace(tags=self.tags ^ {value})
        return self._replace(difficulties=self.difficulties ^ {value})

    def with_text(self, text: str) -> CardFilter:
        return self._replace(text=text)

    def with_cards(self, card_ids: tuple[int, ...] | None, label: str = "") -> CardFilter:
        return self._replace(card_ids=card_ids, card_ids_label=label if card_ids is not None else "")

    def apply(self, deck: Deck) -> list[Card]:
        """The deck's cards this filter lets through, in deck order. The text is searched the way the scorer reads
        answers (:mod:`quiz.search`: ``fan in`` finds fan-in, ``√`` finds sqrt, a typo is forgiven)."""
        cards = deck.filter(tags=self.tags, difficulties=self.difficulties)
        if self.text.strip():
            from quiz.search import search_cards  # the text pipeline (and rapidfuzz) loads with the first search

            found = {card.id for card in search_cards(deck.cards, self.text)}
            cards = [c for c in cards if c.id in found]
        if self.card_ids is not None:
            wanted = set(self.card_ids)
            cards = [c for c in cards if c.id in wanted]
        return cards
