"""`quiz doctor`: a check-up of the store, the deck, the deck cache, the settings and the demos (``quiz.doctor``).

Light: no Textual, and NumPy only when the demo checks run (not with --no-demos).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from quiz.cli.common import EXIT_OK, CliError, deck_path, get_data_dir, print_json
from quiz.plural import counted

if TYPE_CHECKING:
    from quiz.doctor import Finding

EXIT_PROBLEM = 1
"""A problem was found (bad input is 2, as for every command)."""


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add `quiz doctor` to the `quiz` parser."""
    p = sub.add_parser(
        "doctor",
        parents=[parent],
        help="check the store, deck, cache, settings and demos",
        description="Check the progress store (integrity_check, schema version, damaged rows, reviews of cards the "
        "deck no longer has), the deck, the deck cache, the settings file and every demo's checks under the "
        "installed NumPy. One line per check: `ok: ...` or `problem: ...; what to do`. Changes nothing unless given "
        "--fix. Exit 0 when all is well, 1 when a problem was found, 2 for bad input.",
    )
    p.add_argument("--json", action="store_true", help="print the findings as one JSON array")
    p.add_argument(
        "--fix",
        action="store_true",
        help="do the safe repairs: rebuild the deck's cache entry, delete stale or damaged cache entries "
        "(never a review, never the store)",
    )
    p.add_argument("--no-demos", action="store_true", help="skip the demo checks (and NumPy): about a second less")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from quiz.deck import DeckError, read_deck_text
    from quiz.doctor import Places, check_up
    from quiz.paths import cache_dir

    path = deck_path(args)
    given = bool(getattr(args, "deck", None))
    if given:
        try:
            read_deck_text(path)  # a path that is no readable deck file is bad input; a deck that fails is a finding
        except DeckError as exc:
            raise CliError(f"--deck: {exc}") from None
    data = get_data_dir(args)
    try:
        if data.exists() and not data.is_dir():
            raise CliError(f"the data dir {data} is not a folder (see --data-dir, $QUIZ_DATA_DIR)")
    except OSError:
        pass  # cannot even be looked at: the store check says so
    places = Places(data_dir=data, cache_dir=cache_dir(), deck_path=path, shipped_deck=not given)
    findings: list[Finding] = []
    for finding in check_up(places, fix=args.fix, demos=not args.no_demos):
        findings.append(finding)
        if not args.json:
            print(finding.line(), flush=True)
    if args.json:
        print_json([f.to_json() for f in findings])
    else:
        print(_summary(findings, fix=args.fix, demos=not args.no_demos))
    return EXIT_PROBLEM if any(f.problem for f in findings) else EXIT_OK


def _summary(findings: list[Finding], *, fix: bool, demos: bool) -> str:
    problems = [f for f in findings if f.problem]
    fixed = sum(1 for f in findings if f.status == "fixed")
    parts = []
    if problems:
        where = list(dict.fromkeys(f"{f.area} {f.check}" for f in problems))
        shown = ", ".join(where[:6]) + (", …" if len(where) > 6 else "")
        parts.append(f"{counted(len(problems), 'problem')} found ({shown}): each line says what to do")
    else:
        parts.append(f"all is well ({len(findings)} checks)")
    if fixed:
        parts.append(f"{fixed} fixed in the deck cache")
    if not fix:
        parts.append("nothing was changed")
    elif not fixed:
        parts.append("nothing needed fixing")
    if not demos:
        parts.append("demos not checked (--no-demos)")
    return "doctor: " + "; ".join(parts)
