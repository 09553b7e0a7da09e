"""`make bench` section `exercises`: what a user waits on with `quiz exercise` and the Exercises screen.

- `quiz exercise --kind scale --seed N --answer …` against `quiz list` (the light floor), each a fresh subprocess,
  alternated, medians of several runs;
- making and grading one fan / scale / gain exercise in process;
- reading the longest answer the parser takes (200 characters);
- solving an experiment (its demo run) at the largest sizes asked (30 layers, width 256), per scenario;
- saving a graded attempt (fsrs scheduling and a durable commit).
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

from bench_progress import print_rows  # noqa: E402

from quiz.demos.base import single_threaded_blas  # noqa: E402

single_threaded_blas()

from quiz.exercises import evaluate, make_exercise  # noqa: E402
from quiz.exercises.experiment import SCENARIOS, ExperimentSpec, solve  # noqa: E402
from quiz.progress import ProgressStore  # noqa: E402
from quiz.progress.exercises import record_attempt  # noqa: E402

RUNS = 9


def _quiz(args: list[str], data: Path) -> float:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "quiz", *args], check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def _per_call_us(fn: object, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        fn(i)  # type: ignore[operator]
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    rows: list[tuple[str, str, str, bool | None]] = []
    with tempfile.TemporaryDirectory(prefix="quiz-bench-exercises-") as tmp:
        data = Path(tmp)
        args = ["exercise", "--kind", "scale", "--seed", "42", "--answer", "sqrt(2/576)", "--json"]
        _quiz(args, data)
        _quiz(["list"], data)
        cli, floor = [], []
        for _ in range(RUNS):  # alternated, so a busy machine slows both alike
            cli.append(_quiz(args, data))
            floor.append(_quiz(["list"], data))
        cli_s, floor_s = statistics.median(cli), statistics.median(floor)
        rows += [
            ("quiz exercise --kind scale --answer … --json", f"{cli_s * 1000:.0f} ms", "", None),
            ("quiz list (floor)", f"{floor_s * 1000:.0f} ms", "", None),
            ("exercise / list", f"{cli_s / floor_s:.2f}x", "1.15x", cli_s / floor_s <= 1.15),
        ]
        for kind in ("fan", "scale", "gain"):
            us = _per_call_us(lambda i, k=kind: make_exercise(k, i).grade("sqrt(2/576)"), 2000)
            rows.append((f"make and grade a {kind} exercise", f"{us:.0f} µs", "1 ms", us <= 1000))
        longest = "sqrt(2/576)*" + "(1+0)*" * 31 + "1"
        assert len(longest) == 199
        us = _per_call_us(lambda i: evaluate(longest), 2000)
        rows.append(("read a 200-character answer", f"{us:.0f} µs", "1 ms", us <= 1000))
        for scenario, _ in SCENARIOS:
            times = []
            for seed in range(3):
                spec = ExperimentSpec(scenario, depth=30, width=256, demo_seed=seed)
                start = time.perf_counter()
                solve(spec)
                times.append(time.perf_counter() - start)
            ms = statistics.median(times) * 1000
            name = f"solve an experiment: {scenario.demo} {scenario.series}, 30×256"
            rows.append((name, f"{ms:.0f} ms", "1 s", ms <= 1000))
        with ProgressStore.in_dir(data / "store") as store:
            saves = []
            for i in range(200):
                start = time.perf_counter()
                record_attempt(store, "scale", i, answer="1", given=1.0, expected=1.0, correct=i % 3 > 0)
                saves.append(time.perf_counter() - start)
        saves.sort()
        median, p95 = statistics.median(saves) * 1000, saves[int(0.95 * len(saves))] * 1000
        rows += [
            ("save a graded attempt, median", f"{median:.2f} ms", "5 ms", median <= 5),
            ("save a graded attempt, p95", f"{p95:.2f} ms", "5 ms", p95 <= 5),
        ]
    print_rows(rows)


if __name__ == "__main__":
    main()
