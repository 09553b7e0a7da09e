"""`make eval-scoring`: the scorer's agreement with labelled answers, per card and overall.

Reads tests/data/scoring/dev.toml (the answers the scorer was tuned on), heldout.toml (written before the
contradiction scorer; measured once, then looked at), heldout2.toml (written after that, never tuned on), and the
two blind sets (written before their writer read the scorer): blind_dev.toml (tuned on) and blind_heldout.toml
(never tuned on); scores each answer against its card of the shipped deck, and prints agreement per card, per kind
and overall for each set, then the false contradictions on good answers. ``--verbose`` lists every disagreement.
Exit code 0 (it measures; the suite's tests/test_scoring_labelled.py holds the thresholds).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.deck import default_deck_path, load_deck
from quiz.scoring.labelled import KINDS, Judged, judge, load_labelled, share

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "scoring"
SETS = ("dev", "heldout", "heldout2", "blind_dev", "blind_heldout", "blind_final")


def _pct(judged: list[Judged]) -> str:
    agreed = sum(j.agrees for j in judged)
    return f"{agreed}/{len(judged)} ({share(judged):.0%})" if judged else "-"


def report(name: str, judged: list[Judged], verbose: bool) -> None:
    print(f"\n== {name}: {len(judged)} answers ==")
    cards = sorted({j.answer.card for j in judged})
    print("card  agreement")
    for card in cards:
        print(f"{card:>4}  {_pct([j for j in judged if j.answer.card == card])}")
    print("kind       agreement")
    for kind in KINDS:
        of_kind = [j for j in judged if j.answer.kind == kind]
        if of_kind:
            print(f"{kind:<10} {_pct(of_kind)}")
    good = [j for j in judged if j.answer.kind == "good"]
    false = [j for j in good if j.score.contradicted]
    print(f"overall    {_pct(judged)}")
    print(f"false contradictions on good answers: {len(false)}/{len(good)}")
    if verbose:
        for j in judged:
            if not j.agrees:
                said = "; ".join(f"{x.label} <{x.said}>" for x in j.score.contradicted)
                print(
                    f"  ✗ card {j.answer.card} {j.answer.kind}: coverage {j.score.coverage:.2f} "
                    f"matched {j.score.matched} contradicted [{said}]\n      {j.answer.text}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every answer the scorer disagrees with")
    parser.add_argument("--set", choices=SETS, action="append", help="only this set (repeatable)")
    args = parser.parse_args(argv)
    deck = load_deck(default_deck_path())
    everything: list[Judged] = []
    for name in args.set or SETS:
        judged = judge(load_labelled(DATA / f"{name}.toml"), deck)
        everything += judged
        report(name, judged, args.verbose)
    if len(args.set or SETS) > 1:
        print(f"\nall sets: {_pct(everything)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
