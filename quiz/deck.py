"""The deck: cards as validated data, loaded from TOML.

``load_deck(path)`` returns a validated :class:`Deck` or raises :class:`DeckError` whose message names the
file, the card and the field, e.g. ``questions/x.toml: card 3: difficulty: must be one of easy, medium, hard``.
``quiz.deck_cache.load_deck_cached`` does the same, but skips validating a file it has validated before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from quiz.text_safety import control_character

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
TAGS: tuple[str, ...] = ("Variance", "Xavier", "He", "Random")
# One demo per card of the weight-initialization deck, in card order. Demos live in ``quiz.demos``.
DEMO_IDS: tuple[str, ...] = (
    "symmetry",
    "bias-init",
    "fan-in-out",
    "xavier",
    "he-vs-xavier",
    "scale-sweep",
    "lecun",
    "orthogonal",
    "transfer",
    "batchnorm",
    "zero-residual",
    "gain",
    "conv-fan-in",
    "seeds",
    "default-init",
)

MAX_DECK_BYTES = 3 * 1024 * 1024
"""A deck file may be at most 3 MiB: the shipped deck takes about 2.2 KB a card (its key points with their follow-up
questions, its misconceptions), so 1,000 such cards fit with room for longer answers, and the worst file under the
limit still parses in seconds, not minutes."""
MAX_CARDS = 1000
MAX_CARD_ID = 2**63 - 1
"""The largest integer SQLite stores: progress is keyed by card id."""
MAX_NESTING = 32
"""Levels of tables and arrays a deck may nest (the format itself needs 6)."""


def _one_line(value: str) -> str:
    return _no_controls(value, multiline=False)


def _prose(value: str) -> str:
    return _no_controls(value, multiline=True)


def _no_controls(value: str, *, multiline: bool) -> str:
    found = control_character(value, multiline=multiline)
    if found is not None:
        index, char = found
        allowed = "only newlines and tabs are" if multiline else "no newline, tab or other control character is"
        where = f"the control character {char!r} (U+{ord(char):04X}) at character {index + 1}"
        raise ValueError(f"contains {where}; {allowed} allowed here")
    return value


def _fits_sqlite(value: int) -> int:
    if value > MAX_CARD_ID:
        raise ValueError(f"must be at most {MAX_CARD_ID} (the largest integer SQLite stores), got {value}")
    return value


Difficulty = Literal["easy", "medium", "hard"]
Tag = Literal["Variance", "Xavier", "He", "Random"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line)]
"""One line of deck text: no newline, tab or other control character."""
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_prose)]
"""Deck text that may span lines (answer, description, tip): newlines and tabs, but no other control character."""
Phrase = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_one_line)
]
CardId = Annotated[int, Field(gt=0, strict=True), AfterValidator(_fits_sqlite)]
FollowUp = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(_one_line)
]
"""A follow-up question: one line, at most 300 characters."""


def _a_formula(value: str) -> str:
    from quiz.formulas import reference

    if reference(value) is None:
        raise ValueError(
            f"{value!r} is not a formula quiz can read by value: write the weights' variance, standard deviation, "
            "N(0, x) or U(-a, a) in the fans (Var = 2 / fan_in, std = 1/√fan_in), or a conv layer's fan_in in its "
            "channels and kernel sides (fan_in = in_channels * k_h * k_w)"
        )
    return value


Formula = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_a_formula)
]
"""A key point's formula, read by value (:mod:`quiz.formulas`)."""
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class _Strict(BaseModel):
    """Base: unknown keys are errors (a typo must not vanish silently); models are immutable.

    ``defer_build``: pydantic builds a model's validator when it first validates, not when the class is defined, so a
    deck read back from ``quiz.deck_cache`` (already validated, rebuilt with ``model_construct``) never pays for it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class KeyPoint(_Strict):
    """A concept a good spoken answer must hit, and the phrasings that count for it; optionally the question an
    interviewer follows up with when an answer misses it (a mock interview asks it, scored on this point alone), and
    the formula it states."""

    label: Text
    phrases: list[Phrase] = Field(min_length=1)
    follow_up: FollowUp | None = None
    formula: Formula | None = None
    """A formula the point states (``Var = 2 / fan_in``): one an answer states is compared with it by value, and
    contradicts the point when it disagrees ("Var = 1/(2 fan_in)", :mod:`quiz.formulas`)."""


class Misconception(_Strict):
    """A common wrong claim an interviewer listens for: its phrasings, the key point it contradicts (by label) and a
    one-line correction. Heard (and not denied: "He is *not* for tanh" is right), it contradicts that key point."""

    label: Text
    key_point: Text
    phrases: list[Phrase] = Field(min_length=1)
    correction: Text


class Anchor(_Strict):
    """One of the deck tip's anchors, checked across a whole mock interview."""

    label: Text
    phrases: list[Phrase] = Field(min_length=1)


class ChecklistItem(_Strict):
    """A quick-review line and the card ids it covers."""

    text: Text
    cards: list[Annotated[int, Field(gt=0), AfterValidator(_fits_sqlite)]] = Field(min_length=1)


class Card(_Strict):
    id: CardId
    question: Text
    difficulty: Difficulty
    tags: list[Tag] = Field(min_length=1)
    answer: Prose
    formula: Text | None = None
    formula_note: Text | None = None
    demo: str
    key_points: list[KeyPoint] = Field(min_length=2, max_length=5)
    misconceptions: list[Misconception] = Field(default_factory=list, max_length=12)
    color: str | None = None

    @field_validator("demo")
    @classmethod
    def _known_demo(cls, value: str) -> str:
        if value not in DEMO_IDS:
            raise ValueError(f"unknown demo {value!r}; must be one of {', '.join(DEMO_IDS)}")
        return value

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("tags must not repeat")
        return value

    @field_validator("color")
    @classmethod
    def _hex_color(cls, value: str | None) -> str | None:
        if value is not None and not _HEX_COLOR.match(value):
            raise ValueError("must be a hex color like #2e7d32")
        return value

    @model_validator(mode="after")
    def _misconceptions_name_key_points(self) -> Card:
        labels = [kp.label for kp in self.key_points]
        if len(set(labels)) != len(labels):
            raise ValueError("key_points: labels must not repeat")
        for i, m in enumerate(self.misconceptions):
            if m.key_point not in labels:
                raise ValueError(
                    f"misconceptions[{i}] ({m.label!r}): key_point {m.key_point!r} is not a key point of this card "
                    f"(one of: {', '.join(repr(label) for label in labels)})"
                )
        return self

    @property
    def difficulty_label(self) -> str:
        return self.difficulty.capitalize()


class Deck(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
    title: Text
    description: Prose = ""
    tip: Prose | None = None
    anchors: list[Anchor] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    cards: list[Card] = Field(min_length=1, max_length=MAX_CARDS)

    @model_validator(mode="after")
    def _consistent(self) -> Deck:
        seen: set[int] = set()
        for card in self.cards:
            if card.id in seen:
                raise _CardError(card.id, "id", f"duplicate card id {card.id}")
            seen.add(card.id)
        for item in self.checklist:
            missing = [i for i in item.cards if i not in seen]
            if missing:
                raise ValueError(f"checklist line {item.text!r} names unknown card(s) {missing}")
        return self

    def card(self, card_id: int) -> Card:
        """The card with this id; ``KeyError`` if there is none."""
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def filter(self, *, tags: Iterable[str] = (), difficulties: Iterable[str] = (), text: str = "") -> list[Card]:
        """Cards having every tag in ``tags``, any of ``difficulties`` (all if empty) and ``text`` in Q or A."""
        want_tags = {t.lower() for t in tags}
        want_diff = {d.lower() for d in difficulties}
        needle = text.casefold().strip()
        out = []
        for card in self.cards:
            if want_tags and not want_tags <= {t.lower() for t in card.tags}:
                continue
            if want_diff and card.difficulty not in want_diff:
                continue
            if needle and needle not in card.question.casefold() and needle not in card.answer.casefold():
                continue
            out.append(card)
        return out


class _CardError(ValueError):
    """Raised inside validation to attach a card id to a deck-level error."""

    def __init__(self, card_id: int, field: str, message: str) -> None:
        super().__init__(message)
        self.card_id = card_id
        self.field = field
        self.message = message


class DeckError(Exception):
    """A deck file could not be read or is invalid. The message names the file, card and field."""


def _location(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into ``card 3: difficulty`` (card by its id where it can be read)."""
    parts: list[str] = []
    i = 0
    while i < len(loc):
        key = loc[i]
        if i == 0 and key == "cards" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            index = loc[i + 1]
            assert isinstance(index, int)
            card_id: object = None
            cards = data.get("cards") if isinstance(data, dict) else None
            if isinstance(cards, list) and 0 <= index < len(cards) and isinstance(cards[index], dict):
                card_id = cards[index].get("id")
            parts.append(f"card {card_id}" if isinstance(card_id, int) else f"card #{index + 1}")
            i += 2
            continue
        if isinstance(key, int):
            parts[-1:] = [f"{parts[-1]}[{key}]" if parts else f"[{key}]"]
        else:
            parts.append(str(key))
        i += 1
    return ": ".join(parts)


_TYPE_NAMES = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "string_type": "text (a quoted string)",
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "bool_type": "true or false",
}


def _message(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (not part of the deck format)"
    if kind == "missing":
        return "required field is missing"
    if kind in _TYPE_NAMES:
        return f"must be {_TYPE_NAMES[kind]}, got {err.get('input')!r}"
    if kind in ("too_short", "too_long"):
        ctx = err.get("ctx", {})
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        side = "at least" if kind == "too_short" else "at most"
        return f"must have {side} {bound} item{'s' if bound != 1 else ''}, has {ctx.get('actual_length')}"
    if kind == "greater_than":
        return f"must be greater than {err.get('ctx', {}).get('gt')}, got {err.get('input')!r}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        values = re.findall(r"'([^']*)'", str(expected))
        return f"must be one of {', '.join(values)}" if values else str(err.get("msg"))
    msg = str(err.get("msg", "invalid"))
    return msg.removeprefix("Value error, ")


def parse_deck(data: Any, source: str) -> Deck:
    """Validate already-parsed TOML data; ``source`` names the file in errors."""
    try:
        return Deck.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # An unknown key usually explains the rest (a misspelt field is also "missing"): report it first.
        err = min(errors, key=lambda e: e.get("type") != "extra_forbidden")
        ctx_error = err.get("ctx", {}).get("error")
        if isinstance(ctx_error, _CardError):
            where = f"card {ctx_error.card_id}: {ctx_error.field}"
            raise DeckError(f"{source}: {where}: {ctx_error.message}") from None
        where = _location(data, tuple(err["loc"]))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        prefix = f"{source}: {where}: " if where else f"{source}: "
        raise DeckError(f"{prefix}{_message(err)}{more}") from None


def load_deck(path: str | Path) -> Deck:
    """Read and validate a deck file. Raises :class:`DeckError` for anything wrong with it."""
    return parse_deck_text(read_deck_text(path), str(path))


def read_deck_text(path: str | Path) -> str:
    """A deck file's text. Raises :class:`DeckError` if it is missing, unreadable, empty or not text."""
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_DECK_BYTES + 1)  # never more: the "file" may be /dev/zero or a pipe
    except FileNotFoundError:
        raise DeckError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise DeckError(f"{source}: is a directory, not a deck file") from None
    except OSError as exc:
        raise DeckError(f"{source}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_DECK_BYTES:
        raise DeckError(
            f"{source}: too big for a deck ({_size(path)}); a deck file may be at most {MAX_DECK_BYTES // 2**20} MB "
            f"and {MAX_CARDS} cards"
        )
    if not raw.strip():
        raise DeckError(f"{source}: file is empty")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write one, is not part of the text
    except UnicodeDecodeError:
        raise DeckError(f"{source}: not a text file (not valid UTF-8)") from None
    if "\x00" in text:
        raise DeckError(f"{source}: not a text file (contains NUL bytes)")
    return text


def parse_deck_text(text: str, source: str) -> Deck:
    """Parse and validate a deck file's text; ``source`` names the file in errors."""
    import tomllib  # here, not at the top: a deck read from the cache (quiz.deck_cache) needs no TOML parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DeckError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of [ ] or { }
        raise DeckError(f"{source}: nested too deeply (a deck nests at most {MAX_NESTING} levels)") from None
    deep = _too_deep(data, MAX_NESTING)
    if deep is not None:
        where = _location(data, deep)
        raise DeckError(f"{source}: {where + ': ' if where else ''}nested more than {MAX_NESTING} levels deep")
    return parse_deck(data, source)


def _too_deep(data: Any, limit: int) -> tuple[int | str, ...] | None:
    """Where ``data`` nests tables and arrays more than ``limit`` levels deep (the key under which it starts), or
    None. Iterative: the check itself never recurses."""
    stack: list[tuple[Any, tuple[int | str, ...], int]] = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(item, dict | list):
                if depth >= limit:  # name the field, not the index: ("cards", 0, "tags", 0, 0) → card 1: tags
                    where = (*path, key)
                    return where[: max(i for i, k in enumerate(where) if isinstance(k, str)) + 1]
                stack.append((item, (*path, key), depth + 1))
    return None


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return f"{size / 2**20:.1f} MB" if size > MAX_DECK_BYTES else f"more than {MAX_DECK_BYTES // 2**20} MB"


def questions_dir() -> Path:
    """The ``questions/`` folder shipped beside the package (the repository checkout)."""
    return Path(__file__).resolve().parent.parent / "questions"


def default_deck_path() -> Path:
    return questions_dir() / "weight-initialization.toml"


def deck_paths() -> list[Path]:
    """Every deck file in ``questions/``, sorted by name."""
    folder = questions_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []
