"""Every demo re-run under the installed NumPy, as ``quiz doctor`` reports it: each demo at its defaults, its
verdict the conjunction of its checks (``quiz.demos.base``). A check that no longer passes means the demo's numbers
have moved under this NumPy (or this install): the app would show ``✗ does not hold`` on that card.

The only part of ``quiz doctor`` that imports NumPy (about a second for all 15).
"""

from __future__ import annotations

from collections.abc import Iterator

from quiz.doctor.finding import Finding
from quiz.plural import counted


def demo_findings() -> Iterator[Finding]:
    """One finding per demo, each yielded as soon as it has run."""
    from quiz.demos.base import all_demos, run_demo

    demos = all_demos()  # imports NumPy and the catalog
    import numpy as np

    numpy_version = np.__version__
    for demo in demos:
        label = f"the claim of card {demo.card}"
        details: dict[str, object] = {"demo": demo.id, "card": demo.card, "numpy": numpy_version}
        advice = (
            f"the app shows ✗ on card {demo.card}; see `quiz demo {demo.id}`, and report it with that output, "
            f"`quiz --version` and NumPy {numpy_version}"
        )
        try:
            result = run_demo(demo.id)
        except Exception as exc:  # a demo that fails is a finding, not the end of the check-up
            message = f"card {demo.card}: the demo failed under NumPy {numpy_version}: {type(exc).__name__}: {exc}"
            yield Finding("demo", demo.id, "problem", message, advice, details=details)
            continue
        details |= {"elapsed_ms": result.elapsed_ms, "checks": [c.model_dump() for c in result.checks]}
        if result.holds:
            message = (
                f"{label} holds under NumPy {numpy_version}: {counted(len(result.checks), 'check')} pass "
                f"({result.elapsed_ms:.0f} ms)"
            )
            yield Finding("demo", demo.id, "ok", message, details=details)
            continue
        failed = [c.describe() for c in result.checks if not c.passed] or ["the demo made no check"]
        message = f"{label} does not hold under NumPy {numpy_version}: {'; '.join(failed)}"
        yield Finding("demo", demo.id, "problem", message, advice, details=details)
