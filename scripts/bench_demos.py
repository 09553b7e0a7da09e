"""Benchmark of the 15 demos: median wall time at the default parameters, and the slowest run with sizes at their
maximum, for every demo.

Run with ``.venv/bin/python scripts/bench_demos.py [--repeat N]``. Goals: each demo ≤ 100 ms at its defaults, all 15
≤ 1 s, and every demo ≤ 1 s with its sizes, depths and steps at their maximum.

"At the maximum" is found from each demo's own ``Params``, so a new demo or parameter is covered without editing
this file. Every integer parameter (except ``seed``) is a size. The candidates are: all sizes at their maximum; each
size alone at its maximum, the others at their defaults. A candidate that a joint limit (a model validator) refuses
is scaled down, every size moved by the same fraction of the way from its default to its maximum, to the largest
fraction the validator accepts. The slowest candidate is reported, with its parameters. CPU time is printed beside
wall time: on a machine shared with other work, it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Mapping
from typing import Any

PER_DEMO_MS = 100.0
TOTAL_MS = 1000.0
AT_MAX_MS = 1000.0


def _timed(run: Any, repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``run()`` over ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - w0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def max_candidates(demo_id: str) -> list[dict[str, int]]:
    """Size settings to try for a demo's slowest run: see the module docstring."""
    from quiz.demos.base import ParamError, get_demo, make_params, param_info

    infos = [i for i in param_info(get_demo(demo_id).Params) if i.type == "integer" and i.name != "seed"]
    defaults = {i.name: int(i.default) for i in infos}
    maxima = {i.name: int(i.maximum) for i in infos if i.maximum is not None}

    def valid(values: Mapping[str, int]) -> bool:
        try:
            make_params(demo_id, dict(values))
        except ParamError:
            return False
        return True

    def fit(target: Mapping[str, int]) -> dict[str, int]:
        def at(t: float) -> dict[str, int]:
            return {n: round(defaults[n] + t * (target[n] - defaults[n])) for n in target}

        if valid(at(1.0)):
            return at(1.0)
        low, high = 0.0, 1.0
        for _ in range(30):
            mid = (low + high) / 2
            low, high = (mid, high) if valid(at(mid)) else (low, mid)
        return at(low)

    candidates = [fit(maxima)]
    for name, top in maxima.items():
        one = fit({**defaults, name: top})
        if one not in candidates:
            candidates.append(one)
    return candidates


Row = tuple[str, int, float, float, float, float, dict[str, int]]


def bench(repeat: int = 5, max_repeat: int = 1, only: list[str] | None = None) -> list[Row]:
    """(demo id, card, default median wall ms, its CPU ms, at-max wall ms, its CPU ms, the at-max parameters) for
    every demo (or those in ``only``), after one warm-up run each. One BLAS thread, as ``quiz demo`` uses."""
    from quiz.demos.base import all_demos, make_params  # asks for one BLAS thread before NumPy loads

    rows = []
    for d in all_demos():
        if only and d.id not in only:
            continue
        d.run()  # warm-up: first-call costs (BLAS threads, caches) are not the demo's
        wall, cpu = _timed(d.run, repeat)
        worst: tuple[float, float, dict[str, int]] = (0.0, 0.0, {})
        for values in max_candidates(d.id):
            params = make_params(d.id, dict(values))
            w, c = _timed(lambda d=d, p=params: d.run(p), max_repeat)
            if w > worst[0]:
                worst = (w, c, values)
        rows.append((d.id, d.card, wall, cpu, *worst))
    return rows


def main(repeat: int = 5, max_repeat: int = 1, only: list[str] | None = None) -> None:
    """Print the table: card, demo, median ms at the defaults (flagged above 100 ms), the slowest at-max run (flagged
    above 1 s) and its parameters, and the total at the defaults (flagged above 1 s)."""
    repeat = max(1, repeat)
    rows = bench(repeat, max(1, max_repeat), only)
    total = sum(r[2] for r in rows)
    total_cpu = sum(r[3] for r in rows)
    width = max(len(r[0]) for r in rows)
    print(f"Demos: median of {repeat} runs at the defaults; the slowest run with sizes at their maximum")
    head = f"{'card':>4}  {'demo':<{width}}  {'default ms':>10}  {'cpu':>6}  {'at max ms':>9}  {'cpu':>6}"
    print(f"{head}  at-max parameters")
    for demo_id, card, wall, cpu, max_wall, max_cpu, values in rows:
        flags = []
        if wall > PER_DEMO_MS:
            flags.append(f"default > {PER_DEMO_MS:.0f} ms")
        if max_wall > AT_MAX_MS:
            flags.append(f"at max > {AT_MAX_MS:.0f} ms")
        params = " ".join(f"{k}={v}" for k, v in values.items())
        flag = f"  !! {', '.join(flags)}" if flags else ""
        line = f"{card:>4}  {demo_id:<{width}}  {wall:>10.1f}  {cpu:>6.1f}  {max_wall:>9.1f}  {max_cpu:>6.1f}"
        print(f"{line}  {params}{flag}")
    flag = "" if total <= TOTAL_MS else f"  !! > {TOTAL_MS:.0f} ms"
    print(f"{'':>4}  {'total':<{width}}  {total:>10.1f}  {total_cpu:>6.1f}{flag}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Wall time of each demo at its defaults and with sizes at maximum.")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per demo at the defaults (default 5)")
    parser.add_argument("--max-repeat", type=int, default=1, help="timed runs per at-maximum setting (default 1)")
    parser.add_argument("demos", nargs="*", help="only these demo ids (default: all 15)")
    args = parser.parse_args()
    main(args.repeat, args.max_repeat, args.demos or None)
