"""`python scripts/bench_doctor.py`: how long `quiz doctor` makes a user wait, against floors measured in the same
run (fresh processes, alternated so a busy machine slows both alike, medians):

- `quiz doctor --no-demos` and `quiz doctor` on a fresh data dir, against `quiz list`;
- `quiz doctor --no-demos` on 100,000 reviews (integrity_check and every row checked for damage), against
  `quiz export` of the same store (which checks every row the same way).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_progress import REVIEWS, make_export, print_rows  # noqa: E402

RUNS = 5


def _quiz(args: list[str], data: Path, cache: Path, ok: tuple[int, ...] = (0,)) -> float:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data), "QUIZ_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise SystemExit(f"quiz {' '.join(args)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed


def _medians(commands: list[list[str]], data: Path, cache: Path) -> list[float]:
    for args in commands:
        _quiz(args, data, cache)  # warm the page cache
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(RUNS):
        for i, args in enumerate(commands):
            times[i].append(_quiz(args, data, cache))
    return [statistics.median(t) for t in times]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="quiz-bench-doctor-") as tmp:
        folder = Path(tmp)
        fresh, cache = folder / "fresh", folder / "cache"
        no_demos, full, listing = _medians([["doctor", "--no-demos"], ["doctor"], ["list"]], fresh, cache)
        export = folder / "export.json"
        make_export(export, REVIEWS)
        big = folder / "big"
        _quiz(["import", str(export)], big, cache)
        big_doctor, big_export = _medians(
            [["doctor", "--no-demos"], ["export", "--out", str(folder / "out.json")]], big, cache
        )
    rows = [
        ("quiz list (floor)", f"{listing * 1000:.0f} ms", "", None),
        ("quiz doctor --no-demos, nothing saved", f"{no_demos * 1000:.0f} ms", "", None),
        ("quiz doctor (15 demos), nothing saved", f"{full * 1000:.0f} ms", "", None),
        ("  demos' share", f"{(full - no_demos) * 1000:.0f} ms", "", None),
        (f"quiz export --out, {REVIEWS:,} reviews (floor)", f"{big_export:.2f} s", "", None),
        (f"quiz doctor --no-demos, {REVIEWS:,} reviews", f"{big_doctor:.2f} s", "", None),
        ("  doctor / export", f"{big_doctor / big_export:.2f}x", "1x", big_doctor <= big_export),
    ]
    print(f"quiz doctor bench (medians of {RUNS} fresh processes each)")
    print_rows(rows)


if __name__ == "__main__":
    main()
