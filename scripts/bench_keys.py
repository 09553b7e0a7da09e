"""Key latency: how long ``quiz`` takes to answer a key, against a one-screen app that only updates a label.

Each app runs in its own detached tmux session (120×36), watched through a tmux control-mode client
(``tmux -C attach``): tmux reports every chunk of output the app writes to its terminal (``%output``) as it reads it,
so the bench needs no polling. For each key the clock starts when the bench hands ``send-keys`` to tmux; on each
burst of output the bench asks tmux for the screen (``capture-pane``), and the clock stops at the last output tmux
had read before the screen that first shows the key's answer (the next card's position, the answer, a chip's count,
the next drill card). It also notes when the app went quiet (no output for 150 ms): the key's last frame.

The keys (every one sent to both apps, alternating which goes first; the floor app's answer is its label):

- study screen: ``j`` (next card) ×14, ``space`` reveal and ``space`` hide on five cards, each of the chips ``1``–``7``
  on and off;
- drill (``r``, the 15 new cards): ``space`` (reveal) on every other card, ``a`` (into the answer box) and
  ``ctrl+r`` (reveal from there) on the others, and ``3`` (grade Good: the next card shows at once, its write runs in a
  worker thread; the bench also times, without a target, the frame that says the grade is committed, "✓ saved").

Every round starts both apps afresh (a new, empty data dir: all 15 cards are new, so due). Prints the medians over
all rounds and the ratio to the floor (target ≤ 2×); exits 1 if a key misses it.

Beside the wall times it prints the CPU time each app spent per key (from ``/proc``: the app's user and system time
before the key and once it went quiet, summed over every key of a kind and divided by their number; Linux only,
10 ms ticks, so only the mean over many keys means anything). On a machine shared with other work the wall times of
the heavier app stretch with the load while the one-label floor's hardly do; the CPU times do not.

    .venv/bin/python scripts/bench_keys.py [--rounds 3] [--only study|drill] [--compare ../main]

``--compare ROOT`` also times the quiz of another checkout (``python -m quiz`` run in ROOT, e.g. main's) in the
same rounds, so a before/after comparison meets the same machine load. With ``BENCH_KEYS_DEBUG=1`` the screen of
a key that never showed its answer is printed.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from quiz.deck import Deck, default_deck_path, load_deck  # noqa: E402

WIDTH, HEIGHT = 120, 36
TARGET = 2.0
QUIET = 0.15
"""Seconds without output after which a key's frames are taken to be all drawn."""
TIMEOUT = 3.0
TMUX_KEYS = {"space": "Space", "home": "Home", "escape": "Escape", "ctrl+r": "C-r"}
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Pane:
    """One app in a detached tmux session, driven and watched through a control-mode client."""

    def __init__(self, name: str, command: str) -> None:
        self.name = name
        self.command = command
        self.screen = ""
        """The last screen captured."""
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._block: list[bytes] | None = None
        self._blocks: list[list[bytes]] = []
        self.outputs = 0
        """How many ``%output`` notifications have arrived."""
        self.last_output = 0.0
        """When the latest arrived (``time.perf_counter``)."""
        self._output_at_block = 0.0
        self.pid: int | None = None
        """The app's process (the pane's command's last descendant), for its CPU time."""

    def start(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), self.command],
            check=True,
        )
        self._proc = subprocess.Popen(
            ["tmux", "-C", "attach", "-t", self.name], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )
        self._wait_block()  # the attach command's own reply

    def find_app(self) -> None:
        """Note the app's process: the deepest descendant of the pane's shell."""
        shown = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"], capture_output=True, text=True
        )
        pid = int(shown.stdout.strip()) if shown.stdout.strip().isdigit() else None
        while pid is not None:
            self.pid = pid
            children = Path(f"/proc/{pid}/task/{pid}/children")
            found = children.read_text().split() if children.exists() else []
            pid = int(found[0]) if found else None

    def cpu(self) -> float:
        """Seconds of CPU the app has used so far (0 where /proc cannot tell)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)

    # -- the control-mode protocol -------------------------------------------------------------------------------

    def _pump(self, timeout: float) -> bool:
        """Read what tmux has sent (waiting up to ``timeout`` s for something); False if nothing came."""
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        data = os.read(fd, 1 << 20)
        now = time.perf_counter()
        if not data:
            raise RuntimeError(f"{self.name}: tmux closed the control connection")
        self._buffer += data
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            if self._block is not None:
                if line.startswith((b"%end ", b"%error ")):
                    self._blocks.append(self._block)
                    self._block = None
                else:
                    self._block.append(line)
            elif line.startswith(b"%begin "):
                self._block = []
                self._output_at_block = self.last_output
            elif line.startswith(b"%output "):
                self.outputs += 1
                self.last_output = now
        return True

    def _wait_block(self) -> list[bytes]:
        deadline = time.perf_counter() + 10
        while not self._blocks:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.name}: tmux did not answer")
            self._pump(deadline - time.perf_counter())
        return self._blocks.pop(0)

    def _command(self, command: str) -> list[bytes]:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(command.encode() + b"\n")
        return self._wait_block()

    def capture(self) -> tuple[str, float]:
        """The screen now, and when the last output tmux had read before taking it arrived."""
        lines = self._command(f"capture-pane -p -t {self.name}")
        self.screen = "\n".join(line.decode("utf-8", "replace") for line in lines)
        return self.screen, self._output_at_block

    # -- keys ----------------------------------------------------------------------------------------------------

    def send(self, key: str) -> float:
        assert self._proc is not None and self._proc.stdin is not None
        start = time.perf_counter()
        self._proc.stdin.write(f"send-keys -t {self.name} {TMUX_KEYS.get(key, key)}\n".encode())
        self._wait_block()
        return start

    def wait_for(self, needles: Sequence[str], since: float, timeout: float = TIMEOUT) -> float | None:
        """Seconds from ``since`` until the screen showed every one of ``needles`` (None: not within ``timeout``)."""
        deadline = since + timeout
        checked = -1
        while True:
            if self.outputs != checked:
                checked = self.outputs
                screen, at = self.capture()
                if all(n in screen for n in needles):
                    return max(0.0, at - since)
            if time.perf_counter() > deadline:
                return None
            self._pump(min(0.05, deadline - time.perf_counter()))

    def settle(self, since: float, quiet: float = QUIET, timeout: float = 5.0) -> float:
        """Wait until no output came for ``quiet`` s; seconds from ``since`` to the last output (0 if none came)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._pump(quiet):
                break
        return max(0.0, self.last_output - since)


@dataclass
class Samples:
    """Milliseconds per measured key: until its answer showed, and until the app's last frame for it."""

    first: dict[str, list[float]] = field(default_factory=dict)
    last: dict[str, list[float]] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    """CPU seconds per key (summed and averaged in the report: a key is often under one 10 ms tick)."""
    then: dict[str, list[float]] = field(default_factory=dict)
    """Milliseconds per key until a later answer of the same key showed (a grade's "✓ saved"; quiz only)."""

    def add_cpu(self, label: str, seconds: float) -> None:
        self.cpu.setdefault(label, []).append(seconds)

    def cpu_ms(self, label: str) -> float:
        values = self.cpu.get(label, [])
        return 1000 * sum(values) / len(values) if values else float("nan")

    def add(self, label: str, first: float | None, last: float) -> None:
        if first is None:
            self.missed[label] = self.missed.get(label, 0) + 1
            return
        self.first.setdefault(label, []).append(first * 1000)
        self.last.setdefault(label, []).append(max(first, last) * 1000)


@dataclass
class Round:
    """The apps, started afresh; sends every key to each, rotating which goes first."""

    quiz: Pane
    floor: Pane
    samples: dict[str, Samples]
    other: Pane | None = None
    """Another checkout of quiz (``--compare``), timed on the same keys and needles."""
    floor_keys: int = 0
    steps: int = 0

    def press(
        self, key: str, needles: Sequence[str], label: str | None = None, then: tuple[Sequence[str], str] | None = None
    ) -> str:
        """Send ``key`` to every app; time each until it shows its answer (``needles`` for quiz), and for quiz also
        until it shows ``then``'s needles (timed under ``then``'s label). The quiz screen."""
        self.floor_keys += 1
        floor_needles = [f"key {key} · {self.floor_keys}"]
        apps: list[tuple[str, Pane, Sequence[str]]] = [
            ("quiz", self.quiz, needles),
            ("floor", self.floor, floor_needles),
        ]
        if self.other is not None:
            apps.append(("compared", self.other, needles))
        shift = self.steps % len(apps)
        apps = apps[shift:] + apps[:shift]
        self.steps += 1
        for name, pane, wanted in apps:
            cpu = pane.cpu()
            since = pane.send(key)
            first = pane.wait_for(wanted, since)
            if then is not None and pane is not self.floor:
                later = pane.wait_for(then[0], since)
                if later is None:
                    self.samples[name].missed[then[1]] = self.samples[name].missed.get(then[1], 0) + 1
                else:
                    self.samples[name].then.setdefault(then[1], []).append(later * 1000)
            last = pane.settle(since)
            if label is not None:
                self.samples[name].add(label, first, last)
                self.samples[name].add_cpu(label, pane.cpu() - cpu)
                if first is None and os.environ.get("BENCH_KEYS_DEBUG"):
                    print(f"--- {name}: {key!r} never showed {list(wanted)!r}:\n{pane.screen}", file=sys.stderr)
            elif first is None:
                raise TimeoutError(f"{name}: {key!r} never showed {list(wanted)!r}")
        return self.quiz.screen


def chip_counts(deck: Deck) -> dict[str, int]:
    """How many cards each chip alone lets through (keys 1–7)."""
    from quiz.tui.card_filter import FILTER_CHIPS, CardFilter

    return {chip.key: len(CardFilter().toggled(chip.value).apply(deck)) for chip in FILTER_CHIPS}


def one_round(r: Round, deck: Deck, parts: Sequence[str] = ("study", "drill")) -> None:
    cards = deck.cards
    panes = [(r.quiz, cards[0].question[:30]), (r.floor, "ready")]
    if r.other is not None:
        panes.append((r.other, cards[0].question[:30]))
    for pane, needle in panes:
        start = time.perf_counter()
        if pane.wait_for([needle], start, timeout=20) is None:
            raise TimeoutError(f"{pane.name} did not start")
        pane.settle(start, quiet=0.5)
        pane.find_app()
    if "study" in parts:
        study_keys(r, deck)
    if "drill" in parts:
        drill_keys(r, deck)


def study_keys(r: Round, deck: Deck) -> None:
    cards = deck.cards
    total = len(cards)
    # j through the list.
    for i in range(1, total):
        r.press("j", [f"Card {cards[i].id} · {i + 1} of {total} listed"], "study j (next card)")
    r.press("home", [f"Card {cards[0].id} · 1 of {total} listed"])
    # Reveal and hide on the first five cards.
    for i in range(5):
        r.press("space", [cards[i].answer[:20]], "study space (reveal)")
        r.press("space", ["to reveal the answer"], "study space (hide)")
        r.press("j", [f"Card {cards[i + 1].id} · {i + 2} of {total} listed"], "study j (next card)")
    # Each chip on, then off.
    for key, count in chip_counts(deck).items():
        r.press(key, [f"Cards {count}/{total}"], "study chip on/off (1–7)")
        r.press(key, [f"Cards {total} "], "study chip on/off (1–7)")


def drill_keys(r: Round, deck: Deck) -> None:
    total = len(deck.cards)
    # The drill of the due cards: all 15 are new.
    screen = r.press("r", [f"· 1 of {total}"])
    for n in range(1, total + 1):
        match = re.search(r"Card (\d+) · \d+ of", screen)
        assert match is not None, screen
        card = deck.card(int(match.group(1)))
        if n % 2:
            r.press("space", [card.answer[:20]], "drill space (reveal)")
        else:  # into the answer box, and the answer revealed from there
            r.press("a", ["Done typing"], "drill a (type an answer)")
            r.press("ctrl+r", [card.answer[:20]], "drill ctrl+r (reveal, typing)")
        screen = r.press(
            "3",
            [f"· {n + 1} of {total}" if n < total else "Drill done"],
            "drill 3 (grade, next card)",
            then=([f"✓ saved card {card.id} · Good"], "drill 3, then ✓ saved"),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each with both apps started afresh")
    parser.add_argument(
        "--only", choices=["study", "drill"], action="append", help="time only these screens' keys (repeatable)"
    )
    parser.add_argument(
        "--compare",
        metavar="ROOT",
        type=Path,
        help="also time the quiz of another checkout (python -m quiz run in ROOT), e.g. main's, in the same rounds",
    )
    args = parser.parse_args(argv)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "quiz")], check=True, capture_output=True)
    deck = load_deck(default_deck_path())
    samples = {"quiz": Samples(), "floor": Samples(), "compared": Samples()}
    with tempfile.TemporaryDirectory(prefix="quiz-bench-keys-") as tmp:
        cache = Path(tmp) / "cache"
        for n in range(args.rounds):
            data = Path(tmp) / f"data-{n}"
            env = f"cd {ROOT} && QUIZ_DATA_DIR={data} QUIZ_CACHE_DIR={cache}"
            quiz = Pane(f"keys-quiz-{os.getpid()}", f"{env} {BIN / 'quiz'}")
            floor = Pane(f"keys-floor-{os.getpid()}", f"{env} {BIN / 'python'} scripts/keys_baseline.py")
            other = None
            if args.compare is not None:
                other_env = f"cd {args.compare} && QUIZ_DATA_DIR={data}-compared QUIZ_CACHE_DIR={cache}-compared"
                other = Pane(f"keys-compared-{os.getpid()}", f"{other_env} {BIN / 'python'} -m quiz")
            panes = [p for p in (quiz, floor, other) if p is not None]
            try:
                for pane in panes:
                    pane.start()
                one_round(Round(quiz, floor, samples, other), deck, args.only or ("study", "drill"))
            finally:
                for pane in panes:
                    pane.stop()
    return report(samples)


def report(samples: dict[str, Samples]) -> int:
    quiz, floor, compared = samples["quiz"], samples["floor"], samples["compared"]
    median: Callable[[list[float]], float] = statistics.median
    extra = f"   {'compared':>9} {'ratio':>6}" if compared.first else ""
    print(
        f"{'key':<28} {'quiz shows':>10} {'floor':>7} {'ratio':>6}   {'quiz done':>9} {'floor':>7}   runs"
        f"   {'cpu/key':>7} {'floor':>6} {'ratio':>6}{extra}"
    )
    worst = 0.0
    for label, values in quiz.first.items():
        ratio = median(values) / median(floor.first[label])
        worst = max(worst, ratio)
        line = (
            f"{label:<28} {median(values):8.1f} ms {median(floor.first[label]):4.1f} ms {ratio:5.2f}×"
            f"   {median(quiz.last[label]):6.1f} ms {median(floor.last[label]):4.1f} ms   {len(values):>4}"
            f"   {quiz.cpu_ms(label):4.1f} ms {floor.cpu_ms(label):3.1f} ms"
            f" {quiz.cpu_ms(label) / floor.cpu_ms(label) if floor.cpu_ms(label) else float('nan'):5.2f}×"
        )
        if label in compared.first:
            other = median(compared.first[label])
            line += f"   {other:6.1f} ms {other / median(floor.first[label]):5.2f}×"
            line += f"   cpu {compared.cpu_ms(label):4.1f} ms"
        print(line)
    for label, values in quiz.then.items():  # no target: what the key's answer is followed by
        line = f"{label:<28} {median(values):8.1f} ms   (no target: the write committed, in the worker thread)"
        if label in compared.then:
            line += f"   compared {median(compared.then[label]):6.1f} ms"
        print(line)
    for name, pane in samples.items():
        for label, count in pane.missed.items():
            print(f"{name}: {label}: {count} key(s) never showed their answer within {TIMEOUT:g} s")
            worst = float("inf")
    verdict = "within" if worst <= TARGET else "over"
    print(f"worst     {worst:.2f}× the floor ({verdict} the {TARGET:g}× target)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
