"""Runs a card's demo for the UI, in a worker thread: every way it can end becomes a plain outcome.

Imports the demo framework only inside :meth:`DemoRunner.run`, so NumPy and the demos load when a demo first runs,
never when the app starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from quiz.demos.base import DemoResult, ParamInfo


# The outcomes are NamedTuples (immutable records) rather than dataclasses: this module loads with the app, and a
# NamedTuple class is a tenth of the start-up cost of a dataclass.


class DemoFinished(NamedTuple):
    """The demo ran: its result, and the parameters it takes (to build the form)."""

    card_id: int
    result: DemoResult
    params: list[ParamInfo]


class DemoRejected(NamedTuple):
    """A parameter was bad (``param`` names it when known); the demo did not run."""

    card_id: int
    message: str
    param: str | None
    params: list[ParamInfo]


class DemoFailed(NamedTuple):
    """The demo raised: the message is shown in the panel, the app carries on."""

    card_id: int
    message: str


DemoOutcome = DemoFinished | DemoRejected | DemoFailed


class DemoRunner:
    """Validates parameters and runs demos through :mod:`quiz.demos`. Safe to call from a worker thread."""

    def __init__(self) -> None:
        self._loaded = False

    def loaded(self) -> bool:
        """Whether this runner has loaded the demos (by running one): asking for parameters is cheap then."""
        return self._loaded

    def params(self, demo_id: str) -> list[ParamInfo]:
        """The demo's parameters (imports the demos: call from a worker, or once :meth:`loaded`)."""
        from quiz.demos.base import get_demo, param_info

        return param_info(get_demo(demo_id).Params)

    def run(self, card_id: int, demo_id: str, values: Mapping[str, str]) -> DemoOutcome:
        """Run one demo with ``values`` typed by the user (blank ones take the default)."""
        try:
            from quiz.demos.base import ParamError, get_demo, make_params

            infos = self.params(demo_id)
            self._loaded = True
            given = {name: text.strip() for name, text in values.items() if text.strip()}
            try:
                params = make_params(demo_id, given)
            except ParamError as exc:
                return DemoRejected(card_id, str(exc), exc.param, infos)
            result = get_demo(demo_id).run(params)
            return DemoFinished(card_id, self.adjust(result), infos)
        except Exception as exc:  # a failing demo is shown in the panel, never allowed to end the app
            return DemoFailed(card_id, f"{type(exc).__name__}: {exc}")

    def adjust(self, result: DemoResult) -> DemoResult:
        """Hook for subclasses (tests pin ``elapsed_ms`` so snapshots are stable)."""
        return result
