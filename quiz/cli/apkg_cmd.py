"""`quiz export --format apkg --out PATH`: the deck as an Anki package (see ``quiz.apkg``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli.common import EXIT_OK, CliError, get_deck


def export_apkg(args: argparse.Namespace) -> int:
    if not args.out:
        raise CliError("--format apkg: give the file to write with --out PATH (an Anki package is binary)")
    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out: {out} is a folder; give a file name, e.g. {out / 'deck.apkg'}")
    if not out.parent.is_dir():
        raise CliError(f"--out: folder {out.parent} does not exist")
    deck = get_deck(args)
    from quiz import apkg
    from quiz.cli.progress_cmds import write_export

    runs = apkg.run_card_demos(deck)
    written = write_export(out, apkg.package_bytes(deck, runs))  # the same safe write as every export
    held = sum(1 for run in runs.values() if run.result is not None and run.result.holds)
    failed = [f"{run.demo} ({run.error})" for run in runs.values() if run.result is None]
    for problem in failed:
        print(f"quiz: warning: demo {problem} could not run; its note says so", file=sys.stderr)
    print(
        f"exported {len(deck.cards)} notes of {deck.id!r} to {written} ({held} of {len(runs)} demo claims hold); "
        "in Anki: File → Import",
        file=sys.stderr,
    )
    return EXIT_OK
