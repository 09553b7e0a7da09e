"""Validate a deck file once, not on every start: the validated deck is kept in the cache dir as JSON.

``load_deck_cached(path, cache_dir)`` returns what :func:`quiz.deck.load_deck` returns. When the cache holds a deck
validated from exactly this file's text, by this version of quiz, of the deck rules (``quiz/deck.py``) and of
pydantic, the deck is rebuilt from it with ``model_construct``: no TOML parsing, and no pydantic validator is built
(the models defer building it; pydantic's plugin loader is never imported). That takes 1.5 ms instead of about 17.5 ms,
on every start after the first.

Anything else (a changed or new file, a different version, a missing, unreadable or damaged cache entry) means the
file is read and validated as usual, and the entry rewritten. Errors in the deck are reported exactly as
``load_deck`` reports them, and nothing invalid is ever written. The cache is only ever a copy: deleting it is safe.

An entry is trusted only as far as it proves itself: it carries the SHA-256 of the validated deck it holds, and a
deck that does not hash to it (a damaged disk block, a hand edit, a truncated write) is never used: the entry is
deleted and the file validated instead. So is an entry too big to be one, or one that does not parse (nested too
deeply, not JSON, not the shape written).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from quiz import __version__
from quiz.atomic import write_text_atomic
from quiz.deck import (
    MAX_DECK_BYTES,
    Anchor,
    Card,
    ChecklistItem,
    Deck,
    KeyPoint,
    Misconception,
    parse_deck_text,
    read_deck_text,
)

FORMAT = 2
"""The layout of a cache entry; bump it when the layout changes."""

RULES_FILE = Path(__file__).with_name("deck.py")
"""The source of the deck models and their validators: an entry made under other rules is not used."""
MAX_ENTRY_BYTES = 6 * MAX_DECK_BYTES
"""An entry holds the deck file's text and the validated deck: a bigger file is not one quiz wrote."""


def load_deck_cached(path: str | Path, cache_dir: Path) -> Deck:
    """Read a deck file, reusing its validated form from ``cache_dir`` when the text is unchanged.

    Raises :class:`quiz.deck.DeckError` for a bad deck, as ``load_deck`` does. Never fails because of the cache.
    """
    path = Path(path)
    text = read_deck_text(path)
    try:
        entry_file = entry_path(cache_dir, path)
        stamp = _stamp(path, text)
    except (OSError, RuntimeError):  # the deck rules' source cannot be read (an install without .py files): no cache
        return parse_deck_text(text, str(path))
    cached = _read(entry_file, stamp)
    if cached is not None:
        return cached
    deck = parse_deck_text(text, str(path))  # raises DeckError: nothing is cached for a bad deck
    dump = deck.model_dump(mode="json")
    _write(entry_file, {**stamp, "digest": _digest(dump), "deck": dump})
    return deck


def entry_path(cache_dir: Path, path: Path) -> Path:
    """The cache entry for the deck file at ``path``: one per file, named after its resolved path."""
    resolved = str(path.resolve())
    return cache_dir / "decks" / f"{path.stem}-{zlib.crc32(resolved.encode()):08x}.json"


def _stamp(path: Path, text: str) -> dict[str, Any]:
    """What must match for an entry to be used: the file's whole text, and every version that shapes validation."""
    import pydantic

    rules = RULES_FILE.read_bytes()
    return {
        "format": FORMAT,
        "quiz": __version__,
        "pydantic": pydantic.VERSION,
        "rules": zlib.crc32(rules),
        "path": str(path.resolve()),
        "text": text,
    }


def _digest(deck: Any) -> str:
    """The SHA-256 of a deck's ``model_dump(mode="json")``, in one canonical spelling."""
    canonical = json.dumps(deck, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _read(entry_file: Path, stamp: dict[str, Any]) -> Deck | None:
    """The deck in the entry, if the entry is for exactly ``stamp`` and holds the deck its digest names; else None.
    A damaged entry is deleted (a stale one is left for the caller to overwrite)."""
    try:
        with entry_file.open("rb") as file:
            raw = file.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None  # none yet, or unreadable: validate the file instead
    try:
        if len(raw) > MAX_ENTRY_BYTES:
            raise ValueError("too big to be a cache entry")
        entry = json.loads(raw.decode("utf-8"))
        if not isinstance(entry, dict):
            raise ValueError("not an entry")
        if any(entry.get(key) != value for key, value in stamp.items()):
            return None  # another text, version or file: stale, not damaged
        if entry.get("digest") != _digest(entry["deck"]):
            raise ValueError("the deck is not the one that was validated")
        return _rebuild(entry["deck"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        _discard(entry_file)
        return None


def _discard(entry_file: Path) -> None:
    with contextlib.suppress(OSError):  # the deck file is validated anyway; a new entry replaces this one if it can
        entry_file.unlink()


def _rebuild(data: dict[str, Any]) -> Deck:
    """A deck from its ``model_dump(mode="json")``, without validating it again (it was validated before it was
    written)."""
    cards = [
        Card.model_construct(
            **{
                **card,
                "key_points": [KeyPoint.model_construct(**kp) for kp in card["key_points"]],
                "misconceptions": [Misconception.model_construct(**m) for m in card.get("misconceptions", [])],
            }
        )
        for card in data["cards"]
    ]
    return Deck.model_construct(
        **{
            **data,
            "anchors": [Anchor.model_construct(**anchor) for anchor in data["anchors"]],
            "checklist": [ChecklistItem.model_construct(**item) for item in data["checklist"]],
            "cards": cards,
        }
    )


def _write(entry_file: Path, entry: dict[str, Any]) -> None:
    """Write atomically; give up quietly if the cache dir cannot be written: the deck is already loaded."""
    try:
        entry_file.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(entry_file, json.dumps(entry, ensure_ascii=False))
    except OSError:
        pass
