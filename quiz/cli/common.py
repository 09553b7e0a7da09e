"""Shared CLI plumbing: the error type that becomes exit code 2, deck loading, output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from quiz.deck import Deck, DeckError, default_deck_path, load_deck
from quiz.paths import data_dir

EXIT_OK = 0
EXIT_USAGE = 2


class CliError(Exception):
    """Bad input from the user: printed as one line on stderr, exit code 2."""


def get_deck(args: argparse.Namespace, *, cached: bool = False) -> Deck:
    """The deck named by ``--deck`` (else the default one), validated. With ``cached``, a deck validated on an earlier
    run is read back from the cache dir instead (``quiz.deck_cache``): the app starts with it."""
    path = Path(args.deck) if getattr(args, "deck", None) else default_deck_path()
    try:
        if cached:
            from quiz.deck_cache import load_deck_cached
            from quiz.paths import cache_dir

            return load_deck_cached(path, cache_dir())
        return load_deck(path)
    except DeckError as exc:
        raise CliError(str(exc)) from None


def get_data_dir(args: argparse.Namespace) -> Path:
    return data_dir(getattr(args, "data_dir", None))


def parse_card_ids(text: str, deck: Deck, *, unique: bool = False) -> list[int]:
    """``"1,5,9"`` → ``[1, 5, 9]``, each checked against the deck (and listed once only, if ``unique``)."""
    ids: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            card_id = int(part)
        except ValueError:
            raise CliError(f"--cards: {part!r} is not a card number") from None
        try:
            deck.card(card_id)
        except KeyError:
            raise CliError(f"--cards: no card {card_id} in deck {deck.id!r}") from None
        if unique and card_id in ids:
            raise CliError(f"--cards: card {card_id} is listed twice (each card is asked once)")
        ids.append(card_id)
    if not ids:
        raise CliError("--cards: give at least one card number, e.g. --cards 1,5,9")
    return ids


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain, aligned text table (no colors, no box drawing: fine for pipes and screen readers)."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)
