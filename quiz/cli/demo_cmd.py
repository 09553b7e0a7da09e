"""`quiz demo`: list the live NumPy demos, run one (or all) and print the result as text or JSON.

NumPy and the demos are imported inside the handler only, so `quiz list` and friends stay light.
"""

from __future__ import annotations

import argparse
import json
import math
from typing import TYPE_CHECKING, Any

from quiz.cli.common import EXIT_OK, CliError, print_json, table

if TYPE_CHECKING:
    from quiz.demos.base import Cell, DemoResult, Table


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    """Add `quiz demo` to the `quiz` parser."""
    p = sub.add_parser(
        "demo",
        parents=[parent],
        help="run a live NumPy demo behind a card",
        description="With no ID, list the demos. With an ID, run that demo and print its claim, verdict, summary, "
        "tables and a text chart. Parameters are bounded; see them with `quiz demo ID --params`.",
    )
    p.add_argument("id", nargs="?", help="the demo id (e.g. he-vs-xavier); omit to list the demos")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a demo parameter, e.g. --param depth=30; repeatable",
    )
    p.add_argument("--seed", metavar="N", help="random seed (same seed, same numbers)")
    p.add_argument("--all", action="store_true", help="run every demo at its default parameters")
    p.add_argument("--json", action="store_true", help="print the result (or, with --all, an array) as JSON")
    p.add_argument("--params", action="store_true", help="list the demo's parameters and their ranges, don't run")
    p.set_defaults(func=cmd_demo)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    """``["depth=30", "width=64"]`` → ``{"depth": "30", "width": "64"}``; a parameter given twice is an error (which
    one was meant cannot be known)."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CliError(f"--param {pair!r}: expected KEY=VALUE, e.g. --param depth=30")
        if key in values:
            raise CliError(f"--param {key} is given twice ({key}={values[key]}, {key}={value.strip()}): give it once")
        values[key] = value.strip()
    return values


def cmd_demo(args: argparse.Namespace) -> int:
    from quiz.demos.base import DemoError, all_demos, get_demo, param_info, run_demo

    values = _parse_params(args.param)
    if args.seed is not None:
        if "seed" in values:
            raise CliError("the seed is given twice (--seed and --param seed=...): give it once")
        values["seed"] = args.seed
    try:
        if args.all:
            if args.id is not None:
                raise CliError("give a demo ID or --all, not both")
            if args.param:
                raise CliError("--param needs a demo ID (--all runs every demo at its defaults)")
            results = [run_demo(d.id, values) for d in all_demos()]
            if args.json:
                print_json([_json(r) for r in results])
            else:
                print("\n\n".join(_render(r) for r in results))
                held = sum(r.holds for r in results)
                total_ms = sum(r.elapsed_ms for r in results)
                print(f"\n{held} of {len(results)} claims hold ({total_ms:.0f} ms in all)")
            return EXIT_OK
        if args.id is None:
            if values:
                raise CliError("--param and --seed need a demo ID")
            _list(args.json)
            return EXIT_OK
        if args.params:
            info = param_info(get_demo(args.id).Params)
            if args.json:
                print_json([{"name": i.name, "type": i.type, "default": i.default, "allowed": i.allowed,
                             "minimum": i.minimum, "maximum": i.maximum, "description": i.description}
                            for i in info])  # fmt: skip
            else:
                rows = [[i.name, i.type, str(i.default), i.allowed, i.description] for i in info]
                print(table(rows, ["PARAMETER", "TYPE", "DEFAULT", "ALLOWED", "DESCRIPTION"]))
            return EXIT_OK
        result = run_demo(args.id, values)
    except DemoError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json(_json(result))
    else:
        print(_render(result))
    return EXIT_OK


def _list(as_json: bool) -> None:
    from quiz.demos.base import all_demos

    demos = all_demos()
    if as_json:
        print_json([{"id": d.id, "card": d.card, "title": d.title, "claim": d.claim} for d in demos])
        return
    print(table([[d.id, str(d.card), d.title] for d in demos], ["ID", "CARD", "TITLE"]))


def _json(result: DemoResult) -> Any:
    # pydantic writes NaN and infinities as null: the output is always valid JSON.
    return json.loads(result.model_dump_json())


def _cell(value: Cell) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value == 0 or 1e-3 <= abs(value) < 1e6:
            return f"{value:.4g}"
        return f"{value:.3e}"
    return value


def _table(t: Table) -> str:
    return t.name + "\n" + table([[_cell(c) for c in row] for row in t.rows], t.columns)


def _render(result: DemoResult) -> str:
    from quiz.demos.textchart import render_charts

    params = " ".join(f"{k}={v}" for k, v in result.params.items())
    parts = [
        f"{result.demo} (card {result.card}): {result.title}",
        f"Claim:   {result.claim}",
        f"Verdict: {result.verdict_text()}",
        *(f"  {c.describe()}" for c in result.checks),
        f"Summary: {result.summary}",
        f"Params:  {params}   ({result.elapsed_ms:.1f} ms)",
    ]
    blocks = ["\n".join(parts)]
    blocks += [_table(t) for t in result.tables]
    if result.series:
        blocks.append(render_charts(result.series))
    return "\n\n".join(blocks)
