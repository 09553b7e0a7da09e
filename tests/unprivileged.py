"""Running quiz as a user to whom permissions apply (tests run as root, and root ignores chmod): for the tests of
read-only data dirs (``test_progress_faults``, ``test_doctor``)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SKIP_REASON = "running as root with no unprivileged user (nobody) able to run this Python: root ignores chmod"


def unprivileged() -> tuple[str, dict[str, Any], dict[str, str]] | None:
    """A Python, the subprocess options that run it as a user without root's powers, and the environment that
    makes this checkout and its dependencies importable; None when there is no way to (the test is skipped)."""
    if os.geteuid() != 0:
        return sys.executable, {}, {}
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return None
    site = sysconfig.get_paths()["purelib"]
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, shutil.which(f"python{version}"), f"/usr/bin/python{version}"]
    options: dict[str, Any] = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), site])}
    for python in dict.fromkeys(c for c in candidates if c and os.path.exists(c)):
        try:
            probe = subprocess.run(
                [python, "-c", "import fsrs, pydantic, platformdirs, quiz.progress"],
                capture_output=True,
                env={**os.environ, **env},
                cwd="/",
                timeout=60,
                **options,
            )
        except OSError:  # that user may not run this interpreter (it lives in root's home)
            continue
        if probe.returncode == 0:
            return python, options, env
    return None
