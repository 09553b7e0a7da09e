"""`python scripts/bench_deck.py`: how long a deck takes to validate, against the deck size limit.

- a 1,000-card deck (the limit; the shipped cards over and over, about 2.1 MB): `load_deck` in-process (median), and
  `quiz validate` as a fresh process with its peak memory, budget 1 s; wall and CPU time (on a machine shared with
  other work the wall time grows, the CPU time much less);
- the worst file under the 3 MB limit (one checklist line naming a card a million times: the most values TOML can
  pack in), and a 10,000-card file, which is refused before it is parsed.
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.deck import MAX_CARDS, MAX_DECK_BYTES, default_deck_path, load_deck  # noqa: E402

RUNS = 7


def deck_of(cards: int) -> str:
    """The shipped deck's cards repeated and renumbered: ``cards`` of them."""
    text = default_deck_path().read_text(encoding="utf-8")
    head, _, rest = text.partition("[[cards]]")
    bodies = ["[[cards]]" + body for body in rest.split("[[cards]]")]
    out = [head]
    for i in range(cards):
        out.append(re.sub(r"^id = \d+$", f"id = {i + 1}", bodies[i % len(bodies)], count=1, flags=re.MULTILINE))
    return "".join(out)


def worst_under_limit() -> str:
    """As many TOML values as fit in the size limit: a checklist line naming card 1 over and over."""
    text = default_deck_path().read_text(encoding="utf-8")
    room = (MAX_DECK_BYTES - len(text.encode("utf-8")) - 64) // 3
    return text.replace("cards = [13, 14]", "cards = [13, 14" + ", 1" * room + "]", 1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def validate_process(path: Path, runs: int = RUNS) -> tuple[float, float, float, int]:
    """`quiz validate PATH` in fresh processes: median wall seconds, median CPU seconds (what a busy shared machine
    does not inflate), peak MB (of every child so far: run the largest first), exit code."""
    times, cpu = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), _children_cpu()
        result = subprocess.run([sys.executable, "-m", "quiz", "validate", str(path)], capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - cpu_start)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), statistics.median(cpu), peak_mb, result.returncode


def in_process(path: Path) -> tuple[float, float]:
    """`load_deck` in this process: median wall and CPU seconds."""
    times, cpu = [], []
    for _ in range(RUNS):
        start, cpu_start = time.perf_counter(), time.process_time()
        load_deck(path)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="quiz-bench-deck-") as tmp:
        folder = Path(tmp)
        full = folder / "full.toml"
        full.write_text(deck_of(MAX_CARDS), encoding="utf-8")
        worst = folder / "worst.toml"
        worst.write_text(worst_under_limit(), encoding="utf-8")
        huge = folder / "huge.toml"
        huge.write_text(deck_of(10 * MAX_CARDS), encoding="utf-8")
        load_deck(default_deck_path())  # build the validator once, as any second load finds it
        rows = []
        wall, cpu = in_process(full)
        size = f"{full.stat().st_size / 2**20:.2f} MB"
        rows.append((f"{MAX_CARDS:,} cards ({size}): load_deck, median", f"{wall:.3f} s", f"{cpu:.3f} s", "1 s"))
        wall, cpu, peak, code = validate_process(full)
        assert code == 0, "the 1,000-card deck must be valid"
        rows.append(
            (f"{MAX_CARDS:,} cards: quiz validate, fresh process, median", f"{wall:.3f} s", f"{cpu:.3f} s", "1 s")
        )
        rows.append((f"{MAX_CARDS:,} cards: peak memory of that process", f"{peak:.0f} MB", "", ""))
        wall, cpu, _, _ = validate_process(default_deck_path())
        rows.append(("the shipped 15 cards: quiz validate (the floor)", f"{wall:.3f} s", f"{cpu:.3f} s", ""))
        wall, cpu, _, code = validate_process(worst, runs=3)
        size = f"{worst.stat().st_size / 2**20:.2f} MB"
        rows.append((f"worst file under the limit ({size}): quiz validate", f"{wall:.3f} s", f"{cpu:.3f} s", ""))
        wall, cpu, _, code = validate_process(huge, runs=3)
        assert code == 2, "a 10,000-card deck must be refused"
        size = f"{huge.stat().st_size / 2**20:.1f} MB"
        rows.append(
            (f"{10 * MAX_CARDS:,} cards ({size}): refused by quiz validate", f"{wall:.3f} s", f"{cpu:.3f} s", "")
        )
    print(f"deck validation bench (limit: {MAX_DECK_BYTES / 2**20:g} MB and {MAX_CARDS:,} cards)")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'wall':>8}  {'cpu':>8}  budget")
    for name, wall_text, cpu_text, budget in rows:
        print(f"{name.ljust(width)}  {wall_text:>8}  {cpu_text:>8}  {budget}")


if __name__ == "__main__":
    main()
