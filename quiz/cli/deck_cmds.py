"""`quiz list`, `quiz show`, `quiz validate`: light commands (no Textual, no NumPy)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quiz.cli.common import EXIT_OK, EXIT_USAGE, CliError, error_line, get_deck, print_json, table
from quiz.deck import DIFFICULTIES, TAGS, Card, DeckError, load_deck
from quiz.text_safety import printable


def _tag(value: str) -> str:
    for tag in TAGS:
        if tag.lower() == value.lower():
            return tag
    raise argparse.ArgumentTypeError(f"unknown tag {value!r}; choose from {', '.join(TAGS)}")


def _difficulty(value: str) -> str:
    if value.lower() in DIFFICULTIES:
        return value.lower()
    raise argparse.ArgumentTypeError(f"unknown difficulty {value!r}; choose from {', '.join(DIFFICULTIES)}")


def card_json(card: Card) -> dict[str, Any]:
    return card.model_dump(mode="json")


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("list", parents=[parent], help="list the cards", description="A table of the deck's cards.")
    p.add_argument(
        "--tag",
        type=_tag,
        action="append",
        default=[],
        help=f"only cards with this tag ({', '.join(TAGS)}); repeatable",
    )
    p.add_argument(
        "--difficulty",
        type=_difficulty,
        action="append",
        default=[],
        help="only cards of this difficulty (easy, medium, hard); repeatable",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array of card objects")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "show", parents=[parent], help="show one card", description="One card with its answer, formula and key points."
    )
    p.add_argument("id", help="the card number")
    p.add_argument("--json", action="store_true", help="print the card as a JSON object")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "validate",
        parents=[parent],
        help="check deck files",
        description="Validate deck files: one OK line per valid deck; exit 2 with the problems otherwise.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="deck TOML file(s)")
    p.set_defaults(func=cmd_validate)


def cmd_list(args: argparse.Namespace) -> int:
    deck = get_deck(args)
    cards = deck.filter(tags=args.tag, difficulties=args.difficulty)
    if args.json:
        print_json([card_json(c) for c in cards])
        return EXIT_OK
    rows = [[str(c.id), c.difficulty_label, ", ".join(c.tags), c.question] for c in cards]
    print(table(rows, ["ID", "DIFFICULTY", "TAGS", "QUESTION"]))
    if not cards:
        print("(no cards match)", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    deck = get_deck(args)
    try:
        card = deck.card(int(args.id))
    except ValueError:
        raise CliError(f"card id must be a number, got {args.id!r}") from None
    except KeyError:
        ids = ", ".join(str(c.id) for c in deck.cards)
        raise CliError(f"no card {args.id} in deck {deck.id!r} (cards: {ids})") from None
    if args.json:
        print_json(card_json(card))
        return EXIT_OK
    lines = [
        f"{card.id}. {card.question}",
        f"Difficulty: {card.difficulty_label}    Tags: {', '.join(card.tags)}    Demo: quiz demo {card.demo}",
        "",
        f"Answer: {card.answer}",
    ]
    if card.formula:
        note = f"  ({card.formula_note})" if card.formula_note else ""
        lines += ["", f"Formula: {card.formula}{note}"]
    lines += ["", "Key points:"]
    lines += [f"  - {kp.label}" for kp in card.key_points]
    if card.misconceptions:
        lines += ["", "Misconceptions (an answer that says one is contradicted):"]
        lines += [f"  - {m.label}: {m.correction}" for m in card.misconceptions]
    print(printable("\n".join(lines), multiline=True))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.paths:
        try:
            deck = load_deck(path)
        except DeckError as exc:
            print(error_line(exc), file=sys.stderr)
            failed = True
            continue
        print(printable(f"OK {path}: deck {deck.id!r}, {len(deck.cards)} cards"))
    return EXIT_USAGE if failed else EXIT_OK
