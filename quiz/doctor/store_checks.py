"""The progress store, as ``quiz doctor`` reports it: ``quiz.progress.health`` does the looking (read-only, never
migrating or moving anything); this module says what each finding means for the user and what to do.

Doctor never repairs the store: a damaged file, a damaged row, a review of a card the deck no longer has are
reported with what to do, and left exactly as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quiz.deck import Deck
from quiz.doctor.finding import Finding
from quiz.plural import counted
from quiz.progress.health import Finding as StoreFinding
from quiz.progress.health import StoreReport, inspect_store
from quiz.progress.recovery import SIDECARS
from quiz.progress.store import FILENAME

MAX_ROW_LINES = 100
"""Damaged rows listed one by one; past that, one line says how many more (``quiz export`` flags every one)."""

_MOVED_ASIDE = "moves it aside to {name}.corrupt-<UTC time> (kept, never deleted) and starts a new, empty store"
_ROW_ADVICE = "quiz skips it; `quiz export` writes it, flagged"
_ROWS_ADVICE = (
    "quiz leaves them out of schedules and stats (a card or exercise kind is scheduled from the row before) and names "
    'them as it meets them; `quiz export` still writes every one as stored, flagged "damaged"; doctor changes nothing: '
    "repair or delete them by hand (sqlite3) only if you want them gone"
)


def store_findings(data_dir: Path, deck: Deck | None, *, full: bool = True) -> Iterator[Finding]:
    """Findings for ``<data_dir>/progress.db``: its file, header, integrity, schema and rows; reviews of cards
    ``deck`` does not have (skipped when the deck is not valid); and damaged stores moved aside earlier."""
    path = data_dir / FILENAME
    report = inspect_store(path, full=full)
    for found in report.findings:
        if found.check == "rows" and report.damaged_rows:
            yield from _row_findings(report)
        else:
            yield _translated(report, found)
    if report.cards:
        yield from _card_findings(report, deck)
    yield from _moved_aside(data_dir)


def _translated(report: StoreReport, found: StoreFinding) -> Finding:
    path = str(report.path)
    if found.ok:
        return Finding("store", found.check, "ok", found.detail, path=path)
    return Finding("store", found.check, "problem", found.detail, _advice(report.path, found), path=path)


def _advice(path: Path, found: StoreFinding) -> str:
    """What to do about a store finding that is not ok."""
    moved = _MOVED_ASIDE.format(name=path.name)
    if found.check == "header" and found.damage:
        return (
            f"it is not a SQLite file at all: if another file was put there by mistake, move it back; otherwise the "
            f"next quiz command that opens it {moved} (in a read-only data dir it is left where it is)"
        )
    if found.check == "schema" and found.damage:
        return (
            f"if this database belongs to another program, move it away; otherwise the next quiz command that opens "
            f"it {moved}"
        )
    if found.check == "integrity" and found.damage:
        return (
            f"SQLite found damage inside the file; quiz {moved} when it runs into the damage. To save what you can "
            "first, copy it (with any -wal file beside it) and run `sqlite3 COPY .recover | sqlite3 recovered.db`"
        )
    if found.check == "schema":
        return "use the newer quiz that wrote it (this one leaves it untouched), or move it away to start a new store"
    return "nothing was changed; check the file's and folder's permissions, then try again (quiz never moves a file "
    "it cannot read)"


def _row_findings(report: StoreReport) -> Iterator[Finding]:
    rows = report.damaged_rows
    tables = {"reviews": 0, "interviews": 0, "exercise_reviews": 0}
    for d in rows:
        tables[d.table] = tables.get(d.table, 0) + 1
    words = {"reviews": "review", "interviews": "mock interview", "exercise_reviews": "exercise attempt"}
    by_table = ", ".join(counted(n, words.get(t, t)) for t, n in tables.items() if n)
    yield Finding(
        "store",
        "rows",
        "problem",
        f"{counted(len(rows), 'damaged row')}: {by_table}",
        _ROWS_ADVICE,
        path=str(report.path),
        details={"count": len(rows), "by_table": {t: n for t, n in tables.items() if n}},
    )
    for d in rows[:MAX_ROW_LINES]:
        details = {"table": d.table, "id": d.row_id, "fields": dict(d.fields)}
        yield Finding("store", "row", "problem", d.describe(), _ROW_ADVICE, path=str(report.path), details=details)
    if len(rows) > MAX_ROW_LINES:
        more = len(rows) - MAX_ROW_LINES
        yield Finding(
            "store",
            "row",
            "problem",
            f"and {counted(more, 'more damaged row')}",
            '`quiz export` lists every one, flagged "damaged"',
            path=str(report.path),
            details={"more": more},
        )


def _card_findings(report: StoreReport, deck: Deck | None) -> Iterator[Finding]:
    """Reviews (and interview answers) of cards the deck no longer has; reviews of other decks are only counted."""
    path = str(report.path)
    if deck is None:
        yield Finding("store", "cards", "ok", "reviews not checked against the deck: the deck is not valid", path=path)
        return
    ids = {card.id for card in deck.cards}
    mine = {card: use for (deck_id, card), use in report.cards.items() if deck_id == deck.id}
    missing = {card: use for card, use in mine.items() if card not in ids}
    reviews = sum(use.reviews for use in mine.values())
    if missing:
        shown = ", ".join(str(card) for card in sorted(missing, key=str)[:20]) + (" …" if len(missing) > 20 else "")
        lost_reviews = sum(use.reviews for use in missing.values())
        lost_answers = sum(use.answers for use in missing.values())
        yield Finding(
            "store",
            "cards",
            "problem",
            f"{counted(lost_reviews, 'review')} and {counted(lost_answers, 'mock-interview answer')} "
            f"of {'card' if len(missing) == 1 else 'cards'} {shown}, which deck "
            f"{deck.id!r} no longer has",
            "they are kept (quiz never deletes a review) and no card shows them; they count again if a card with that "
            "id comes back: check the deck's card ids (renumbered?) or the --deck you meant",
            path=path,
            details={
                "deck": deck.id,
                "cards": [
                    {"card": card, "reviews": use.reviews, "answers": use.answers}
                    for card, use in sorted(missing.items(), key=lambda item: str(item[0]))
                ],
            },
        )
    else:
        yield Finding(
            "store", "cards", "ok", f"all {counted(reviews, 'review')} of deck {deck.id!r} are of its cards", path=path
        )
    others: dict[str, int] = {}
    for (deck_id, _card), use in report.cards.items():
        if deck_id != deck.id and use.reviews:
            others[str(deck_id)] = others.get(str(deck_id), 0) + use.reviews
    if others:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(others.items()))
        yield Finding(
            "store",
            "other-decks",
            "ok",
            f"reviews of other decks, not checked against this one: {listed}",
            "check them with `quiz doctor --deck THEIR_FILE`",
            path=path,
            details={"decks": others},
        )


def _moved_aside(data_dir: Path) -> Iterator[Finding]:
    """Damaged stores quiz moved aside earlier: their progress is not in the current store."""
    try:
        files = sorted(p for p in data_dir.glob(f"{FILENAME}.corrupt-*") if not p.name.endswith(SIDECARS))
    except OSError:
        return
    for file in files:
        try:
            size = f"{file.stat().st_size:,} bytes"
        except OSError:
            size = "size unknown"
        yield Finding(
            "store",
            "moved-aside",
            "problem",
            f"{file} ({size}) is a damaged store quiz moved aside; the progress in it is not in the current store",
            f"to save what you can: `sqlite3 {file} .recover | sqlite3 recovered.db`; delete it once you no longer "
            "need it (quiz never does)",
            path=str(file),
        )
