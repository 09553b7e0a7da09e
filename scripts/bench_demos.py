"""Benchmark of the 15 demos at their default parameters: median wall time per demo and the total.

Run with ``.venv/bin/python scripts/bench_demos.py [--repeat N]``. Goal: each demo ≤ 100 ms, all 15 ≤ 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

PER_DEMO_MS = 100.0
TOTAL_MS = 1000.0


def bench(repeat: int = 5) -> list[tuple[str, int, float]]:
    """(demo id, card, median ms) for every demo, after one warm-up run each. One BLAS thread, as `quiz demo` uses."""
    from quiz.demos.base import all_demos  # asks for one BLAS thread before NumPy loads

    rows = []
    for d in all_demos():
        d.run()  # warm-up: first-call costs (BLAS threads, caches) are not the demo's
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            d.run()
            times.append((time.perf_counter() - start) * 1000.0)
        rows.append((d.id, d.card, statistics.median(times)))
    return rows


def main(repeat: int = 5) -> None:
    """Print the table: card, demo, median ms (flagged above 100 ms), and the total (flagged above 1 s)."""
    repeat = max(1, repeat)
    rows = bench(repeat)
    total = sum(ms for _, _, ms in rows)
    width = max(len(demo_id) for demo_id, _, _ in rows)
    print(f"Demos at default parameters, median of {repeat} runs")
    print(f"{'card':>4}  {'demo':<{width}}  {'median ms':>9}")
    for demo_id, card, ms in rows:
        flag = "" if ms <= PER_DEMO_MS else f"  > {PER_DEMO_MS:.0f} ms"
        print(f"{card:>4}  {demo_id:<{width}}  {ms:>9.1f}{flag}")
    flag = "" if total <= TOTAL_MS else f"  > {TOTAL_MS:.0f} ms"
    print(f"{'':>4}  {'total':<{width}}  {total:>9.1f}{flag}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Median wall time of each demo at its default parameters.")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per demo (default 5)")
    main(parser.parse_args().repeat)
