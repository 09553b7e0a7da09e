"""`make bench`: the timings users wait on, section by section. Figures go in the issue notes.

.venv/bin/python scripts/bench.py            # every section
.venv/bin/python scripts/bench.py demos      # one section (demos, progress, paint, deck, exercises, keys, doctor)
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

SECTIONS = {
    "demos": "bench_demos",  # per demo: median ms at the defaults and the slowest run at maximum sizes; the total
    "progress": "bench_progress",  # recording an answer, stats on 100k reviews vs `quiz list`, importing 100k
    "paint": "bench_paint",  # first paint of `quiz` vs a one-line Textual app, in tmux
    "deck": "bench_deck",  # validating a 1,000-card deck (the limit), the worst file under the size limit
    "exercises": "bench_exercises",  # `quiz exercise` vs `quiz list`, grading, experiments, saving an attempt
    "keys": "bench_keys",  # j, space, chips, the drill's reveal and grade vs a one-label Textual app, in tmux
    "doctor": "bench_doctor",  # `quiz doctor` vs `quiz list`, and on 100k reviews vs `quiz export`
}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    wanted = argv or list(SECTIONS)
    unknown = [name for name in wanted if name not in SECTIONS]
    if unknown:
        print(f"bench: unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    for name in wanted:
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        module = importlib.import_module(SECTIONS[name])
        if name == "paint":
            module.main(["--floor"])  # its own argv, not bench.py's
        elif name == "keys":
            module.main([])
        else:
            module.main()
        print(f"({name}: {time.perf_counter() - start:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
