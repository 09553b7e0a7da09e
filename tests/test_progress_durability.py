"""Nothing saved is ever lost: two processes writing at once, and a drill killed with SIGKILL."""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from drill_process import start_drill

from quiz.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent
DECK = "weight-initialization"

WRITER = """
import sys, time
from quiz.progress import ProgressStore
path, card, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with ProgressStore(path) as store:
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(n):
        store.record_review("weight-initialization", card, 1 + i % 4, answer=f"w{card}-{i}")
        time.sleep(0.001)  # a (very fast) human between answers; back-to-back writers starve each other
print("done", flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "progress.db"  # not there yet: both race to create it too
    n = 200
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(card), str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for card in (1, 2)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and out.strip() == "done", err
    with ProgressStore(path) as store:
        assert store.review_count(DECK) == 2 * n
        assert len(store.reviews(DECK, 1)) == n and len(store.reviews(DECK, 2)) == n
        answers = {r.answer for r in store.reviews(DECK)}
        assert answers == {f"w{c}-{i}" for c in (1, 2) for i in range(n)}
    conn = sqlite3.connect(path)
    cards = [row[0] for row in conn.execute("SELECT card FROM reviews ORDER BY id")]
    conn.close()
    # The writes really were interleaved (each process waited for the other's lock, none failed).
    assert sum(a != b for a, b in itertools.pairwise(cards)) > 2


def test_a_drill_killed_mid_card_keeps_every_saved_review(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = start_drill(data)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for grade in ("3", "good", "1"):
            proc.stdin.write(f"my answer\n{grade}\n")
            proc.stdin.flush()
            while not (line := proc.stdout.readline()).startswith("saved"):
                assert line, "the drill ended early"
        proc.stdin.write("half an answer to the fourth card\n")  # answered, not graded yet
        proc.stdin.flush()
        while not proc.stdout.readline().startswith("Grade:"):
            pass
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdin.close()
        proc.stdout.close()
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(data / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with ProgressStore.in_dir(data) as store:
        reviews = store.reviews(DECK)
        assert [r.grade for r in reviews] == [3, 3, 1]
        assert [r.card for r in reviews] == [1, 2, 3]
        assert store.take_notices() == []
