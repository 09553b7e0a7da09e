"""`python scripts/bench_progress.py`: the progress store's timings against the issue's budgets.

- recording a graded answer (the commit included): median and p95, budget 5 ms;
- `quiz stats` on 100,000 reviews against `quiz list`, each a fresh subprocess (median of several runs),
  budget 1.5x;
- importing 100,000 reviews (`quiz import`, validation and one transaction included), budget 10 s;
- exporting them (`quiz export --out`, every row checked for damage, the durable write included);
- `quiz plan` (fsrs replaying every day up to an interview 30 days away) on those 100,000 reviews, against
  `quiz list`, budget 1.5x.

Every store here has a `settings.json` (an interview date, a desired retention) beside it: each recorded answer
reads and validates it, and that is measured too.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.deck import default_deck_path, load_deck  # noqa: E402
from quiz.progress import ProgressStore, scheduling  # noqa: E402
from quiz.settings import update_settings  # noqa: E402

REVIEWS = 100_000
RECORDS = 300
RUNS = 9


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _settings(folder: Path) -> None:
    """An interview 30 days away and a desired retention, beside the store (as a user who set them has)."""
    update_settings(folder, interview_at=datetime.now(UTC) + timedelta(days=30), desired_retention=0.9)


def bench_record(folder: Path) -> tuple[float, float]:
    """Milliseconds per `record_review` (settings read + fsrs + insert + durable commit), median and p95."""
    deck = load_deck(default_deck_path())
    _settings(folder)
    times: list[float] = []
    with ProgressStore.in_dir(folder) as store:
        store.record_review(deck.id, 1, 3)  # the file is created and migrated outside the measurement
        for i in range(RECORDS):
            start = time.perf_counter()
            store.record_review(deck.id, deck.cards[i % len(deck.cards)].id, 1 + i % 4, answer="an answer")
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), _percentile(times, 0.95)


def make_export(path: Path, n: int) -> None:
    """An export file of ``n`` reviews over the deck's cards and two years, each state computed by fsrs."""
    deck = load_deck(default_deck_path())
    cards = [c.id for c in deck.cards]
    start = datetime.now(UTC) - timedelta(days=730)
    step = timedelta(days=730) / n
    states: dict[int, str | None] = dict.fromkeys(cards)
    reviews: list[dict[str, Any]] = []
    for i in range(n):
        card = cards[i % len(cards)]
        grade = (1, 3, 3, 4, 2, 3)[i % 6]
        when = start + step * i
        states[card] = scheduling.review(states[card], card, grade, when)
        state = states[card]
        reviews.append(
            {
                "deck": deck.id,
                "card": card,
                "mode": "drill" if i % 10 else "mock",
                "grade": grade,
                "answer": f"answer {i}",
                "duration_s": float(i % 90),
                "reviewed_at": scheduling.iso(when),
                "cram": False,
                "state": json.loads(state) if state else None,
            }
        )
    doc = {"format": "quiz-progress", "version": 1, "exported_at": scheduling.iso(datetime.now(UTC))}
    path.write_text(json.dumps({**doc, "reviews": reviews, "interviews": []}), encoding="utf-8")


def _quiz(args: list[str], data: Path) -> float:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "quiz", *args], check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        folder = Path(tmp)
        median, p95 = bench_record(folder / "record")
        export = folder / "export.json"
        t0 = time.perf_counter()
        make_export(export, REVIEWS)
        generated = time.perf_counter() - t0
        data = folder / "big"
        imported = _quiz(["import", str(export)], data)
        _settings(data)
        with ProgressStore.in_dir(data) as store:
            assert store.review_count() == REVIEWS, store.review_count()
        _quiz(["stats"], data)  # warm the page cache for both
        _quiz(["list"], data)
        stats_times: list[float] = []
        list_times: list[float] = []
        plan_times: list[float] = []
        for _ in range(RUNS):  # alternated, so a busy machine slows them alike
            stats_times.append(_quiz(["stats", "--json"], data))
            list_times.append(_quiz(["list"], data))
            plan_times.append(_quiz(["plan", "--json"], data))
        exported = _quiz(["export", "--out", str(folder / "again.json")], data)
        _, big_p95 = bench_record(data)
    stats_s, list_s = statistics.median(stats_times), statistics.median(list_times)
    plan_s = statistics.median(plan_times)
    rows = [
        ("record an answer, median", f"{median:.2f} ms", "5 ms", median <= 5),
        ("record an answer, p95", f"{p95:.2f} ms", "5 ms", p95 <= 5),
        (f"record an answer, p95, {REVIEWS:,} stored", f"{big_p95:.2f} ms", "5 ms", big_p95 <= 5),
        (f"quiz stats --json, {REVIEWS:,} reviews", f"{stats_s * 1000:.0f} ms", "", None),
        ("quiz list", f"{list_s * 1000:.0f} ms", "", None),
        ("stats / list", f"{stats_s / list_s:.2f}x", "1.5x", stats_s / list_s <= 1.5),
        (f"quiz plan --json, 30 days, {REVIEWS:,} reviews", f"{plan_s * 1000:.0f} ms", "", None),
        ("plan / list", f"{plan_s / list_s:.2f}x", "1.5x", plan_s / list_s <= 1.5),
        (f"quiz import, {REVIEWS:,} reviews", f"{imported:.2f} s", "10 s", imported <= 10),
        (f"quiz export --out, {REVIEWS:,} reviews", f"{exported:.2f} s", "", None),
    ]
    print(f"progress store bench ({RECORDS} recorded answers; {REVIEWS:,}-review file made in {generated:.1f} s)")
    print_rows(rows)


def print_rows(rows: list[tuple[str, str, str, bool | None]]) -> None:
    """One line a measure: name, value, budget, and whether the budget was met (blank: no budget)."""
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>10}  {'budget':>6}  ok")
    for name, value, budget, ok in rows:
        mark = "" if ok is None else ("yes" if ok else "NO")
        print(f"{name.ljust(width)}  {value:>10}  {budget:>6}  {mark}")


if __name__ == "__main__":
    main()
