"""The deck file and the deck cache, as ``quiz doctor`` reports them.

The deck is validated as every command validates it (``quiz.deck.load_deck``). The cache is looked at with
``quiz.deck_cache.list_entries``, which changes nothing; only with ``fix`` are entries written or deleted, and only
the safe way: the deck in use gets a fresh entry when its own is missing, out of date or damaged, and entries that
will never be used again (stale or damaged) are deleted. Deleting the cache is always safe: it is only a copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quiz import deck_cache
from quiz.deck import Deck, DeckError, load_deck
from quiz.doctor.finding import Finding, Status

_NEVER_USED = "never used again; `quiz doctor --fix` deletes it (deleting the cache is always safe)"


def deck_finding(path: Path, *, shipped: bool) -> tuple[Finding, Deck | None]:
    """The deck file validated, and the deck (None when it is not valid). ``shipped``: the deck that comes with
    quiz (no ``--deck`` given), whose problems mean a damaged install."""
    try:
        deck = load_deck(path)
    except DeckError as exc:
        advice = (
            "the deck that ships with quiz is damaged: reinstall quiz (or restore questions/ from git)"
            if shipped
            else f"fix the file (`quiz validate {path}` names the card and field), or give the --deck you meant"
        )
        return Finding("deck", "file", "problem", str(exc), advice, path=str(path)), None
    message = f"deck {deck.id!r}: {len(deck.cards)} cards, valid"
    details = {"deck": deck.id, "cards": len(deck.cards)}
    return Finding("deck", "file", "ok", message, path=str(path), details=details), deck


def cache_findings(cache_dir: Path, deck_path: Path, deck: Deck | None, *, fix: bool) -> Iterator[Finding]:
    """One finding per file of the cache's ``decks`` folder, and one for the deck in use's own entry."""
    folder = cache_dir / "decks"
    try:
        entries = deck_cache.list_entries(cache_dir)
    except RuntimeError as exc:
        yield Finding("cache", "folder", "ok", f"{exc}: the deck is validated on every start", path=str(folder))
        return
    except OSError as exc:
        yield Finding(
            "cache",
            "folder",
            "problem",
            f"{folder} cannot be read: {exc.strerror or exc}",
            "harmless (the app then validates the deck on every start, about 16 ms): check the folder's permissions, "
            "or point $QUIZ_CACHE_DIR elsewhere",
            path=str(folder),
        )
        return
    own_file = deck_cache.entry_path(cache_dir, deck_path)
    own = next((e for e in entries if e.file == own_file), None)
    yield from _own_entry(cache_dir, deck_path, deck, own_file, own, fix=fix)
    for entry in entries:
        if entry.file != own_file:
            yield _other_entry(entry, fix=fix)


def _entry_details(entry: deck_cache.CacheEntry | None, file: Path) -> dict[str, object]:
    return {
        "entry": file.name,
        "status": entry.status if entry is not None else "missing",
        "reason": entry.reason if entry is not None else "",
        "deck_file": str(entry.deck_file) if entry is not None and entry.deck_file is not None else None,
    }


def _own_entry(
    cache_dir: Path,
    deck_path: Path,
    deck: Deck | None,
    file: Path,
    entry: deck_cache.CacheEntry | None,
    *,
    fix: bool,
) -> Iterator[Finding]:
    """The entry of the deck in use: current, missing, out of date or damaged; rebuilt with ``fix``."""
    details = _entry_details(entry, file)

    def finding(outcome: Status, message: str, advice: str | None = None, now: str | None = None) -> Finding:
        shown = details if now is None else {**details, "status": now}
        return Finding("cache", "deck-entry", outcome, message, advice, path=str(file), details=shown)

    where = f"the entry for {deck_path} ({file.name})"
    if entry is not None and entry.status == "current":
        yield finding("ok", f"{where} is current")
        return
    if deck is None:  # a deck that does not validate is never cached: there is nothing to rebuild
        if entry is None:
            yield finding("ok", f"no entry for {deck_path}: a deck that does not validate is never cached")
        elif fix:
            yield _removed(entry)
        else:
            status: Status = "problem" if entry.status == "damaged" else "ok"
            yield finding(status, f"{where} is {entry.status} ({entry.reason}): {_NEVER_USED}")
        return
    if entry is None:
        status, message, advice = "ok", f"no entry yet for {deck_path}: the app writes one on its next start", None
    elif entry.status == "damaged":
        status, message = "problem", f"{where} is damaged: {entry.reason}"
        advice = "the app deletes it and validates the deck on its next start; `quiz doctor --fix` replaces it now"
    else:
        status, message = "ok", f"{where} is out of date ({entry.reason}): the app rewrites it on its next start"
        advice = None
    if not fix:
        yield finding(status, message, advice)
        return
    try:
        deck_cache.rebuild_entry(deck_path, cache_dir)
    except (OSError, DeckError) as exc:
        error = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        advice = "harmless (the app validates the deck instead): check the cache folder's permissions"
        yield finding("problem", f"{message}; writing a new one failed: {error}", advice)
        return
    before = "was missing" if entry is None else f"was {entry.status}: {entry.reason}"
    yield finding("fixed", f"wrote a fresh entry for {deck_path} ({file.name}; it {before})", now="current")


def _other_entry(entry: deck_cache.CacheEntry, *, fix: bool) -> Finding:
    """An entry of another deck file (or a file that is no entry): kept when current, deleted with ``fix`` when it
    will never be used again."""
    details = _entry_details(entry, entry.file)
    of = f" (of {entry.deck_file})" if entry.deck_file is not None else ""
    name = entry.file.name
    if entry.status == "current":
        return Finding("cache", "entry", "ok", f"{name}{of} is current", path=str(entry.file), details=details)
    if entry.status == "other":
        message = f"{name}: {entry.reason}; left alone"
        return Finding("cache", "entry", "ok", message, path=str(entry.file), details=details)
    if fix:
        return _removed(entry)
    if entry.status == "damaged":
        message = f"{name}{of} is damaged: {entry.reason}"
        return Finding("cache", "entry", "problem", message, _NEVER_USED, path=str(entry.file), details=details)
    message = f"{name}{of} is stale ({entry.reason}): {_NEVER_USED}"
    return Finding("cache", "entry", "ok", message, path=str(entry.file), details=details)


def _removed(entry: deck_cache.CacheEntry) -> Finding:
    details = _entry_details(entry, entry.file)
    try:
        deck_cache.remove_entry(entry)
    except OSError as exc:
        return Finding(
            "cache",
            "entry",
            "problem",
            f"{entry.file.name} is {entry.status}, and deleting it failed: {exc.strerror or exc}",
            "harmless (the app never uses it): check the cache folder's permissions",
            path=str(entry.file),
            details=details,
        )
    message = f"deleted {entry.file.name} ({entry.status}: {entry.reason})"
    return Finding("cache", "entry", "fixed", message, path=str(entry.file), details={**details, "status": "deleted"})
