"""Time to first paint: ``quiz`` against a one-line Textual app that builds one pydantic model.

Each app starts in a detached tmux session (120×36); the clock stops when ``tmux capture-pane`` first shows card 1's
question. Runs alternate between the apps so machine noise hits them alike. Prints the medians and the ratio
(target: ``quiz`` ≤ 1.15× the baseline); exits 1 if the target is missed.

``--floor`` adds a third app: the baseline's one-widget app started the way ``quiz`` starts (import the CLI, load the
deck as the app does, then show card 1's question): what any TUI behind this CLI pays before its own first frame.

The package is byte-compiled first (``make run`` does the same): this machine sets PYTHONDONTWRITEBYTECODE, and a
module compiled on every start would be counted against ``quiz``. The first, uncounted run of each app also fills
the validated-deck cache (``quiz.deck_cache``), as any start after the first finds it filled.

    .venv/bin/python scripts/bench_paint.py [--runs 7] [--floor]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NEEDLE = "set all weights to zero"  # from card 1's question: "Why can’t we set all weights to zero?"
TARGET = 1.15
WIDTH, HEIGHT = 120, 36

FLOOR_APP = (
    "import argparse, quiz.cli; from quiz.cli.common import get_deck; "
    "from textual.app import App; from textual.widgets import Static; "
    "q = get_deck(argparse.Namespace(), cached=True).cards[0].question; "
    "App.compose = lambda self: iter([Static(q)]); App().run()"
)


def _tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)


def time_to_paint(command: str, session: str, timeout: float = 20.0) -> float:
    """Seconds from starting ``command`` in a fresh tmux session until the needle is on screen."""
    _tmux("kill-session", "-t", session)
    start = time.perf_counter()
    _tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command)
    try:
        while time.perf_counter() - start < timeout:
            if NEEDLE in _tmux("capture-pane", "-p", "-t", session).stdout:
                return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(f"{command!r} did not paint {NEEDLE!r} within {timeout:.0f} s")
    finally:
        _tmux("kill-session", "-t", session)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="runs of each app (default 7)")
    parser.add_argument("--floor", action="store_true", help="also time the CLI + deck + one-widget app")
    args = parser.parse_args(argv)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "quiz")], check=True, capture_output=True)
    env_prefix = f"cd {ROOT} && QUIZ_DATA_DIR={os.environ.get('TMPDIR', '/tmp')}/quiz-bench-paint"
    commands = {
        "baseline": f"{env_prefix} {BIN / 'python'} scripts/paint_baseline.py",
        "quiz": f"{env_prefix} {BIN / 'quiz'}",
    }
    if args.floor:
        commands["floor"] = f"{env_prefix} {BIN / 'python'} -c '{FLOOR_APP}'"
    for name, command in commands.items():  # warm the disk cache and .pyc files; not counted
        time_to_paint(command, f"paint-{name}-{os.getpid()}")
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(time_to_paint(command, f"paint-{name}-{os.getpid()}"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        runs = " ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:<9} median {medians[name] * 1000:6.0f} ms   runs: {runs}")
    if "floor" in medians:
        print(f"floor     {medians['floor'] / medians['baseline']:.2f}× the baseline (CLI import + deck load)")
    ratio = medians["quiz"] / medians["baseline"]
    verdict = "within" if ratio <= TARGET else "over"
    print(f"ratio     {ratio:.2f}× ({verdict} the {TARGET:.2f}× target)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
