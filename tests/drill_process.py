"""`quiz drill --plain` as a real process, for the tests that kill it, cut its disk, or delete its store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_drill(data: Path, *args: str) -> subprocess.Popen[str]:
    """A drill on the data dir ``data``, its stdin, stdout and stderr piped (text, unbuffered)."""
    env = {**os.environ, "QUIZ_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "quiz", "drill", "--plain", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
