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
    pytest.param(
        mutate('formula = "Var = 2 / fan_in"', 'formula = "Var = banana"'),
        "card 5: key_points[2]: formula: 'Var = banana' is not a formula quiz can read by value",
        id="unreadable-key-point-formula",
    ),
    pytest.param(
        mutate('formula = "std = 1/√fan_in"', 'formula = "std = 1/√fan_in, roughly"'),
        "card 7: key_points[1]: formula:",
        id="key-point-formula-with-words",
    ),
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


# --- bad input the deck must refuse with one line (issue 12) ------------------------------------------------------

ESC_TITLE = "\\u001b]0;PWNED\\u0007"  # TOML escapes: set the terminal's title...
WIPE = "\\u001b[2J"  # ...and wipe the screen


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('title = "', f'title = "{ESC_TITLE}', "title"),
        ('description = "', f'description = "{WIPE}', "description"),
        ('tip = "', f'tip = "x{ESC_TITLE}', "tip"),
        ('label = "fan_in"', f'label = "fan_in{WIPE}"', "anchors[0]: label"),
        ('phrases = ["activation"', 'phrases = ["acti\\u0085vation"', "anchors[1]: phrases[0]"),
        ('text = "Conv fan_in', f'text = "Conv{WIPE} fan_in', "checklist[2]: text"),
        ('question = "Why can’t', f'question = "{ESC_TITLE}Why can’t', "card 1: question"),
        ('answer = "Neurons in', 'answer = "Neurons\\u0007 in', "card 1: answer"),
        ('formula = "Var(W)', f'formula = "{WIPE}Var(W)', "card 4: formula"),
        ('formula_note = "common form"', 'formula_note = "common\\u009b form"', "card 4: formula_note"),
        ('label = "neurons stay identical"', f'label = "neurons{WIPE} stay identical"', "card 1: key_points[0]: label"),
        ('phrases = ["same gradients"', 'phrases = ["same\\u007fgradients"', "card 1: key_points[1]: phrases[0]"),
    ],
)
def test_control_characters_are_refused_naming_card_and_field(tmp_path: Path, old: str, new: str, where: str) -> None:
    path = write(tmp_path, mutate(old, new))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {where}: contains the control character "), message
    assert "\x1b" not in message and "\x07" not in message  # the message itself is safe to print


@pytest.mark.parametrize("field", ["answer", "description", "tip"])
def test_newlines_and_tabs_are_allowed_where_text_may_span_lines(tmp_path: Path, field: str) -> None:
    old = {"answer": 'answer = "Neurons in', "description": 'description = "', "tip": 'tip = "'}[field]
    path = write(tmp_path, mutate(old, old + "First line,\\n\\tthen an indented one: "))
    deck = load_deck(path)
    text = {"answer": deck.card(1).answer, "description": deck.description, "tip": deck.tip}[field]
    assert "First line,\n\tthen an indented one: " in str(text)


@pytest.mark.parametrize("char", ["\\n", "\\t", "\\r"])
def test_one_line_fields_take_no_newline_or_tab(tmp_path: Path, char: str) -> None:
    path = write(tmp_path, mutate('question = "Why can’t', f'question = "Why{char}can’t'))
    with pytest.raises(DeckError, match=r"card 1: question: contains the control character"):
        load_deck(path)
    path = write(tmp_path, mutate('answer = "Neurons in', 'answer = "Neurons\\rin'))
    with pytest.raises(DeckError, match=r"card 1: answer: .*only newlines and tabs are allowed"):
        load_deck(path)


def test_a_deck_saved_with_a_utf8_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + DECK_TEXT.encode("utf-8"))
    deck = load_deck(path)
    assert deck.id == "weight-initialization" and len(deck.cards) == 15
    crlf = write(tmp_path, b"\xef\xbb\xbf" + DECK_TEXT.replace("\n", "\r\n").encode("utf-8"), "crlf.toml")
    assert load_deck(crlf) == deck


def test_a_bad_checklist_card_is_named_as_the_checklist_entry_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, mutate("cards = [1, 3, 4, 5]", "cards = [0, 3, 4, 5]"))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert str(info.value) == f"{path}: checklist[0]: cards[0]: must be greater than 0, got 0"


ONE_CARD = DECK_TEXT.split("[[checklist]]")[0] + "[[cards]]" + DECK_TEXT.split("[[cards]]")[1]


@pytest.mark.parametrize("card_id", ["9223372036854775808", "99999999999999999999999999999"])
def test_card_ids_beyond_sqlite_integers_are_refused(tmp_path: Path, card_id: str) -> None:
    path = write(tmp_path, ONE_CARD.replace("id = 1\n", f"id = {card_id}\n", 1))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert str(info.value) == (
        f"{path}: card {card_id}: id: must be at most 9223372036854775807 (the largest integer SQLite stores), "
        f"got {card_id}"
    )
    checklist = ONE_CARD + f'[[checklist]]\ntext = "x"\ncards = [1, {card_id}]\n'
    with pytest.raises(DeckError, match=r"checklist\[0\]: cards\[1\]: must be at most 9223372036854775807"):
        load_deck(write(tmp_path, checklist))


def test_the_largest_sqlite_integer_is_a_card_id_that_drills(tmp_path: Path) -> None:
    from quiz.progress import ProgressStore
    from quiz.progress.drill import DrillSession

    biggest = 2**63 - 1
    deck = load_deck(write(tmp_path, ONE_CARD.replace("id = 1\n", f"id = {biggest}\n", 1)))
    with ProgressStore.in_dir(tmp_path / "data") as store:
        session = DrillSession.due(store, deck)
        assert [c.id for c in session.cards] == [biggest]
        session.grade(3, "symmetry")
        assert store.reviews()[0].card == biggest


@pytest.mark.parametrize("depth", [40, 200, 500, 5000])
def test_deep_nesting_is_refused_in_one_line(tmp_path: Path, depth: int) -> None:
    nested = "[" * depth + '"Random"' + "]" * depth
    path = write(tmp_path, mutate('tags = ["Random"]', f"tags = {nested}"))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    message = str(info.value)
    assert message in (
        f"{path}: card 1: tags: nested more than 32 levels deep",
        f"{path}: nested too deeply (a deck nests at most 32 levels)",
    )
    inline = write(tmp_path, "x = " + "{a = " * depth + "1" + "}" * depth + "\n" + DECK_TEXT, "inline.toml")
    with pytest.raises(DeckError, match="nested"):
        load_deck(inline)


def test_nesting_the_format_needs_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, mutate('tags = ["Random"]', 'tags = ["Random"]\nextra = ' + "[" * 28 + "1" + "]" * 28))
    with pytest.raises(DeckError, match="card 1: extra: unknown key"):  # deep but within the limit: validated
        load_deck(path)


def test_a_deck_file_past_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    from quiz.deck import MAX_DECK_BYTES

    path = write(tmp_path, DECK_TEXT + "#" * MAX_DECK_BYTES + "\n")
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert str(info.value) == f"{path}: too big for a deck (3.0 MB); a deck file may be at most 3 MB and 1000 cards"


def _deck_of(cards: int) -> str:
    """The shipped deck's cards over and over, renumbered: the generator `make bench` times (scripts/bench_deck.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_deck", ROOT / "scripts" / "bench_deck.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text: str = bench.deck_of(cards)
    return text


def test_a_thousand_cards_is_a_deck_and_one_more_is_not(tmp_path: Path) -> None:
    assert len(load_deck(write(tmp_path, _deck_of(1000))).cards) == 1000
    with pytest.raises(DeckError) as info:
        load_deck(write(tmp_path, _deck_of(1001)))
    assert str(info.value).endswith(": cards: must have at most 1000 items, has 1001")
