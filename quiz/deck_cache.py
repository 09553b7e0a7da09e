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

For ``quiz doctor``, :func:`list_entries` examines every entry the same way without changing anything (each one
``current``, ``stale`` or ``damaged``, with the reason), :func:`rebuild_entry` writes a deck's entry now and says
if it cannot, and :func:`remove_entry` deletes an entry that will never be used again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from quiz import __version__
from quiz.atomic import write_text_atomic
from quiz.deck import (
    MAX_DECK_BYTES,
    Anchor,
    Card,
    ChecklistItem,
    Deck,
    DeckError,
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
    return {**_versions(), "path": str(path.resolve()), "text": text}


def _versions() -> dict[str, Any]:
    """The versions an entry must have been made under: the cache's layout, quiz, pydantic and the deck rules."""
    import pydantic

    rules = RULES_FILE.read_bytes()
    return {"format": FORMAT, "quiz": __version__, "pydantic": pydantic.VERSION, "rules": zlib.crc32(rules)}


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
    status, _reason, deck = _examine(raw, stamp)
    if status == "damaged":
        _discard(entry_file)
    return deck


def _parse(raw: bytes) -> dict[str, Any]:
    """An entry file's bytes as the JSON object quiz wrote; ValueError (or RecursionError) if they are not one."""
    if len(raw) > MAX_ENTRY_BYTES:
        raise ValueError(f"too big to be a cache entry (over {MAX_ENTRY_BYTES // 2**20} MB)")
    entry = json.loads(raw.decode("utf-8"))
    if not isinstance(entry, dict):
        raise ValueError("not a JSON object")
    return entry


def _examine(
    raw: bytes, stamp: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
) -> tuple[EntryStatus, str, Deck | None]:
    """What an entry is: ``current`` (with its deck) when it was made for exactly ``stamp`` and holds the deck its
    digest names; ``stale`` (made for another text, version or file) or ``damaged`` otherwise, with the reason.
    ``stamp`` may be a function of the entry (the listing stamps each entry with its own deck file)."""
    try:
        entry = _parse(raw)
        versions = _versions()
        changed = [key for key, value in versions.items() if entry.get(key) != value]
        if changed:  # made by another quiz (whose layout may differ): stale, whatever it holds
            return "stale", _changes(changed, entry, versions), None
        if entry.get("digest") != _digest(entry["deck"]):
            return (
                "damaged",
                "the deck it holds is not the one that was validated (it does not match its SHA-256)",
                None,
            )
        wanted = stamp(entry) if callable(stamp) else stamp
        changed = [key for key, value in wanted.items() if entry.get(key) != value]
        if changed:
            return "stale", _changes(changed, entry, wanted), None
        return "current", "", _rebuild(entry["deck"])
    except _StaleDeckFile as exc:
        return "stale", str(exc), None
    except RecursionError:
        return "damaged", "nested too deeply to be a cache entry", None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return "damaged", f"not an entry quiz wrote ({type(exc).__name__}: {exc})", None


def _changes(changed: list[str], entry: dict[str, Any], stamp: dict[str, Any]) -> str:
    """Why an entry is stale, in words: what differs between the entry and what this run would write."""
    words = {
        "format": "written in another layout of the cache",
        "quiz": f"made by quiz {entry.get('quiz')!s:.20} (this is {stamp['quiz']})",
        "pydantic": f"made with pydantic {entry.get('pydantic')!s:.20} (this is {stamp['pydantic']})",
        "rules": "made under other deck rules (another quiz/deck.py)",
        "path": "made for another deck file",
        "text": "its deck file has been edited since",
    }
    return "; ".join(words[key] for key in changed)


class _StaleDeckFile(Exception):
    """An entry whose deck file is gone or can no longer be read as a deck: never used again."""


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
    with contextlib.suppress(OSError):
        _write_entry(entry_file, entry)


def _write_entry(entry_file: Path, entry: dict[str, Any]) -> None:
    entry_file.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(entry_file, json.dumps(entry, ensure_ascii=False))


# --- looking at the cache, and tidying it (``quiz doctor``) -------------------------------------------------------

EntryStatus = Literal["current", "stale", "damaged", "other"]


@dataclass(frozen=True)
class CacheEntry:
    """One file of the cache's ``decks`` folder, as the app would find it.

    ``current``: made for its deck file's text by this quiz, and intact; the app uses it. ``stale``: made for another
    text or version, for a deck file that is gone, or a temporary file left by an interrupted write; never used
    again. ``damaged``: not the entry quiz wrote (it does not parse, or its deck does not match its SHA-256); the app
    deletes it when it next reads it. ``other``: not a file quiz writes there; left alone.
    """

    file: Path
    status: EntryStatus
    reason: str = ""
    deck_file: Path | None = None
    """The deck file the entry says it was made for (None when it does not say)."""

    @property
    def removable(self) -> bool:
        """True for a file quiz wrote that will never be used again: deleting it is always safe."""
        return self.status in ("stale", "damaged")


def list_entries(cache_dir: Path) -> list[CacheEntry]:
    """Every file in ``<cache_dir>/decks``, examined as the app would examine it, changing nothing (a damaged entry
    is reported, not deleted). ``OSError`` if the folder cannot be listed, ``RuntimeError`` when this install cannot
    use the cache at all (the deck rules' source cannot be read)."""
    folder = cache_dir / "decks"
    try:
        files = sorted(folder.iterdir())
    except FileNotFoundError:
        return []
    try:
        RULES_FILE.read_bytes()  # an install that cannot stamp an entry uses no cache: say so once, here
    except OSError as exc:
        raise RuntimeError(f"this install cannot use the deck cache ({RULES_FILE}: {exc.strerror or exc})") from None
    return [_entry(cache_dir, file) for file in files]


def _entry(cache_dir: Path, file: Path) -> CacheEntry:
    name = file.name
    try:
        regular = file.is_file() and not file.is_symlink()
    except OSError as exc:
        return CacheEntry(file, "other", f"cannot be read: {exc.strerror or exc}")
    if regular and name.startswith(".") and name.endswith(".tmp") and ".json." in name:
        return CacheEntry(file, "stale", "a temporary file left by an interrupted write")
    if not regular or not name.endswith(".json"):
        return CacheEntry(file, "other", "not a file quiz writes here")
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError as exc:
        return CacheEntry(file, "other", f"cannot be read: {exc.strerror or exc}")

    def own_stamp(entry: dict[str, Any]) -> dict[str, Any]:
        path = entry["path"]
        if not isinstance(path, str):
            raise TypeError("it names no deck file")
        if entry_path(cache_dir, Path(path)).name != name:
            raise _StaleDeckFile(
                f"not the entry of {path} (that would be named {entry_path(cache_dir, Path(path)).name})"
            )
        try:
            if not Path(path).is_file():  # never opened otherwise: the name could be a FIFO's by now
                raise _StaleDeckFile(f"its deck file {path} no longer exists")
            text = read_deck_text(path)
        except OSError as exc:
            raise _StaleDeckFile(f"its deck file cannot be read any more ({exc.strerror or exc})") from None
        except DeckError as exc:
            raise _StaleDeckFile(f"its deck file cannot be read any more ({exc})") from None
        return _stamp(Path(path), text)

    status, reason, _deck = _examine(raw, own_stamp)
    return CacheEntry(file, status, reason, _named_deck(raw))


def _named_deck(raw: bytes) -> Path | None:
    """The deck file an entry says it was made for, if it says."""
    try:
        path = _parse(raw).get("path")
    except (ValueError, RecursionError):
        return None
    return Path(path) if isinstance(path, str) else None


def rebuild_entry(path: Path, cache_dir: Path) -> Path:
    """Validate the deck file at ``path`` and write its entry, replacing any (what the app's next start would do);
    the entry written. :class:`quiz.deck.DeckError` for a bad deck (nothing is written), ``OSError`` when the entry
    cannot be written (or this install cannot use the cache: the deck rules' source cannot be read)."""
    text = read_deck_text(path)
    stamp = _stamp(path, text)
    deck = parse_deck_text(text, str(path))
    dump = deck.model_dump(mode="json")
    entry_file = entry_path(cache_dir, path)
    _write_entry(entry_file, {**stamp, "digest": _digest(dump), "deck": dump})
    return entry_file


def remove_entry(entry: CacheEntry) -> None:
    """Delete a removable entry (``OSError`` if it cannot be); refuses anything else (``ValueError``)."""
    if not entry.removable:
        raise ValueError(f"{entry.file} is {entry.status}: only stale or damaged entries are removed")
    with contextlib.suppress(FileNotFoundError):  # already gone: the app, or another doctor, removed it
        entry.file.unlink()
