"""Shared CLI plumbing: the error type that becomes exit code 2, deck loading, output helpers."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from quiz.deck import Deck, DeckError, default_deck_path, load_deck
from quiz.paths import data_dir
from quiz.text_safety import printable, printable_json

if TYPE_CHECKING:
    from quiz.progress.store import ProgressStore

EXIT_OK = 0
EXIT_USAGE = 2


class CliError(Exception):
    """Bad input from the user: printed as one line on stderr, exit code 2."""


class QuizArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, as every other error of quiz: ``quiz: error: …``, exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"quiz: error: {printable(message)} (see `{self.prog} --help`)\n")


def error_line(message: object) -> str:
    """The one line quiz prints on stderr for an error; control characters in it (a file name, a typed value) are
    shown escaped, never sent to the terminal."""
    return f"quiz: error: {printable(str(message))}"


def answers_input() -> IO[str]:
    """Standard input, ready to read typed answers from: bytes that are not valid in its encoding (``caf\\xe9``
    from a Latin-1 terminal) become U+FFFD, so the answer is kept instead of ending the command. A closed stdin
    is a CliError."""
    stream = sys.stdin
    if stream is None:
        raise CliError("standard input is closed: there is nothing to read answers from (pipe them in, or use the app)")
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="replace")
    return stream


def get_deck(args: argparse.Namespace, *, cached: bool = False) -> Deck:
    """The deck named by ``--deck`` (else the default one), validated. With ``cached``, a deck validated on an earlier
    run is read back from the cache dir instead (``quiz.deck_cache``): the app starts with it."""
    path = deck_path(args)
    try:
        if cached:
            from quiz.deck_cache import load_deck_cached
            from quiz.paths import cache_dir

            return load_deck_cached(path, cache_dir())
        return load_deck(path)
    except DeckError as exc:
        raise CliError(str(exc)) from None


def deck_path(args: argparse.Namespace) -> Path:
    """The deck file named by ``--deck``, else the default deck's."""
    return Path(args.deck) if getattr(args, "deck", None) else default_deck_path()


def get_data_dir(args: argparse.Namespace) -> Path:
    return data_dir(getattr(args, "data_dir", None))


@contextmanager
def progress_store(args: argparse.Namespace) -> Iterator[ProgressStore]:
    """The progress store; its notices (a file moved aside) go to stderr; its errors become a CliError."""
    from quiz.progress.store import ProgressError, ProgressStore

    store = ProgressStore.in_dir(get_data_dir(args))
    try:
        yield store
    except ProgressError as exc:  # exchange.ExchangeError included
        raise CliError(str(exc)) from None
    finally:
        print_notices(store)
        store.close()


def print_notices(store: ProgressStore) -> None:
    """The store's notices (a damaged file moved aside, and where to), one line each on stderr."""
    for notice in store.take_notices():
        print(f"quiz: note: {printable(notice)}", file=sys.stderr, flush=True)


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
    sys.stdout.write(printable_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain, aligned text table (no colors, no box drawing: fine for pipes and screen readers); control
    characters in the cells are shown escaped."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)
