"""The deck: it matches the seed page word for word, and every kind of bad deck gets a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.deck import DEMO_IDS, TAGS, Deck, DeckError, deck_paths, default_deck_path, load_deck

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seed" / "weight-initialization-15-qa.txt"
DECK_TEXT = default_deck_path().read_text(encoding="utf-8")


def parse_seed() -> dict[str, object]:
    """Read the seed page independently of the deck: cards, difficulties, the formula, tip and checklist."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    cards: list[dict[str, object]] = []
    checklist: list[str] = []
    tip = None
    for line in lines:
        head = re.match(r"^(\d+) (.+?)(Easy|Medium|Hard)$", line)
        if head:
            cards.append({"id": int(head[1]), "question": head[2], "difficulty": head[3].lower(), "formula": None})
        elif line.startswith("Answer: "):
            cards[-1]["answer"] = line.removeprefix("Answer: ")
        elif line.startswith("Var(W)"):
            formula, note = re.match(r"^(.+)\s+\(([^()]+)\)$", line).groups()  # type: ignore[union-attr]
            cards[-1]["formula"], cards[-1]["formula_note"] = formula.strip(), note
        elif line.startswith("Say "):
            tip = line
        elif line.strip().startswith("•"):
            checklist.append(line.strip().removeprefix("•").strip())
    return {"title": lines[3], "description": lines[5], "cards": cards, "tip": tip, "checklist": checklist}


SEED_DATA = parse_seed()


def test_seed_parses_to_fifteen_cards() -> None:
    assert [c["id"] for c in SEED_DATA["cards"]] == list(range(1, 16))  # type: ignore[union-attr]


def test_deck_matches_seed_word_for_word(deck: Deck) -> None:
    seed_cards = SEED_DATA["cards"]
    assert isinstance(seed_cards, list)
    assert len(deck.cards) == 15
    for card, want in zip(deck.cards, seed_cards, strict=True):
        assert card.id == want["id"]
        assert card.question == want["question"]
        assert card.answer == want["answer"]
        assert card.difficulty == want["difficulty"]
        assert card.formula == want["formula"]
    assert deck.title == SEED_DATA["title"]
    assert deck.description == SEED_DATA["description"]
    assert deck.tip == SEED_DATA["tip"]
    assert [item.text for item in deck.checklist] == SEED_DATA["checklist"]


def test_typographic_characters_survive(deck: Deck) -> None:
    assert deck.card(1).question == "Why can’t we set all weights to zero?"
    assert "“initialization”" in deck.card(9).question
    assert "—" in deck.card(4).question
    assert deck.card(4).formula == "Var(W) ≈ 2 / (fan_in + fan_out)"
    assert deck.card(4).formula_note == "common form"
    assert [c.id for c in deck.cards if c.formula] == [4]


def test_difficulties_demos_tags_and_key_points(deck: Deck) -> None:
    assert [c.difficulty for c in deck.cards].count("easy") == 6
    assert [c.difficulty for c in deck.cards].count("hard") == 2
    assert tuple(c.demo for c in deck.cards) == DEMO_IDS
    assert {t for c in deck.cards for t in c.tags} == set(TAGS)
    for card in deck.cards:
        assert card.tags, card.id
        assert 2 <= len(card.key_points) <= 5, card.id
    assert {a.label for a in deck.anchors} == {"fan_in", "activation", "symmetry"}


def test_every_card_has_misconceptions_naming_its_key_points(deck: Deck) -> None:
    for card in deck.cards:
        assert card.misconceptions, card.id
        labels = {kp.label for kp in card.key_points}
        for m in card.misconceptions:
            assert m.key_point in labels and m.phrases and m.correction, (card.id, m.label)


def test_checklist_links_to_the_cards_it_covers(deck: Deck) -> None:
    links = {item.text: item.cards for item in deck.checklist}
    assert links["Zero weights; fan-in/fan-out; Xavier vs He."] == [1, 3, 4, 5]
    assert sorted(links["Too large/small random; BN interaction; pretrained as init."]) == [6, 9, 10]
    assert links["Conv fan_in; seed for reproducibility."] == [13, 14]


def test_every_deck_in_questions_is_valid() -> None:
    assert default_deck_path() in deck_paths()
    for path in deck_paths():
        load_deck(path)


def test_filter(deck: Deck) -> None:
    assert [c.id for c in deck.filter(tags=["he"])] == [5, 12, 13, 15]
    assert [c.id for c in deck.filter(tags=["He", "Xavier"])] == [12, 15]
    assert [c.id for c in deck.filter(difficulties=["hard"])] == [8, 11]
    assert [c.id for c in deck.filter(text="RELU")] == [2, 5, 12, 15]
    assert deck.filter(text="no such words anywhere") == []


def write(tmp_path: Path, text: str | bytes, name: str = "deck.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def mutate(old: str, new: str, count: int = 1) -> str:
    assert old in DECK_TEXT, old
    return DECK_TEXT.replace(old, new, count)


BAD_DECKS = [
    pytest.param("", "file is empty", id="empty"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a text file", id="binary"),
    pytest.param("this is [ not toml", "not valid TOML", id="non-toml"),
    pytest.param(
        mutate('question = "Why can’t we set all weights to zero?"\n', ""),
        "card 1: question: required field is missing",
        id="missing-field",
    ),
    pytest.param(mutate("id = 3\n", 'id = "three"\n'), "card #3: id: must be an integer, got 'three'", id="wrong-type"),
    pytest.param(mutate("id = 3\n", "id = 2\n"), "card 2: id: duplicate card id 2", id="duplicate-id"),
    pytest.param(
        mutate('demo = "xavier"', 'demo = "xavierr"'), "card 4: demo: unknown demo 'xavierr'", id="unknown-demo"
    ),
    pytest.param(
        mutate('difficulty = "medium"', 'difficulty = "Medum"'),
        "card 4: difficulty: must be one of easy, medium, hard",
        id="bad-difficulty",
    ),
    pytest.param(mutate("answer = ", "anwser = "), "card 1: anwser: unknown key", id="unknown-key"),
    pytest.param(mutate('tags = ["Random"]', 'tags = ["Randm"]'), "card 1: tags[0]: must be one of", id="bad-tag"),
    pytest.param(mutate('tags = ["Random"]', "tags = []"), "card 1: tags: must have at least 1 item", id="no-tags"),
    pytest.param(mutate("cards = [13, 14]", "cards = [13, 99]"), "unknown card(s) [99]", id="checklist-unknown-card"),
    pytest.param('id = "x"\ntitle = "t"\n', "cards: required field is missing", id="no-cards"),
    pytest.param(
        mutate(
            'key_point = "He for ReLU"\nphrases = ["he for tanh"', 'key_point = "He for RELU"\nphrases = ["he for tanh"'
        ),
        "card 15: misconceptions[0] ('He and Xavier swapped'): key_point 'He for RELU' is not a key point of this card",
        id="misconception-unknown-key-point",
    ),
    pytest.param(
        mutate(
            'phrases = ["he for tanh", "he for sigmoid", "xavier for relu", "he with tanh", "xavier with relu", '
            '"tanh uses he", "relu uses xavier"]',
            "phrases = []",
        ),
        "card 15: misconceptions[0]: phrases: must have at least 1 item",
        id="misconception-bad-phrases",
    ),
    pytest.param(
        mutate('correction = "He is for ReLU; Xavier for tanh/sigmoid."', 'corection = "He is for ReLU."'),
        "card 15: misconceptions[0]: corection: unknown key",
        id="misconception-typo",
    ),
    pytest.param(
        mutate('correction = "He is for ReLU; Xavier for tanh/sigmoid."', 'correction = "  "'),
        "card 15: misconceptions[0]: correction",
        id="misconception-empty-correction",
    ),
    pytest.param(mutate('title = "', 'titel = "'), "titel: unknown key", id="deck-level-typo"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_DECKS)
def test_bad_deck_gives_one_clear_error(tmp_path: Path, text: str | bytes, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DeckError) as info:
        load_deck(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert expected in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_error_format_from_the_issue(tmp_path: Path) -> None:
    path = write(tmp_path, mutate('difficulty = "medium"', 'difficulty = "expert"'))
    with pytest.raises(DeckError, match=r"deck\.toml: card 4: difficulty: must be one of easy, medium, hard"):
        load_deck(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="no such file"):
        load_deck(tmp_path / "nope.toml")
    with pytest.raises(DeckError, match="is a directory"):
        load_deck(tmp_path)
