"""The demo framework: parameters, results and the registry. Imports NumPy only where a demo runs.

A demo is a function taking its validated ``Params`` and returning an :class:`Outcome`; :func:`demo` registers it
under an id, with the card it belongs to, a title and its claim. :func:`run_demo` validates parameters (raising
:class:`ParamError` naming the parameter and its allowed range), runs it, times it and returns a :class:`DemoResult`.
"""

from __future__ import annotations

import math
import os
import sys
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field, model_validator

Cell = str | int | float | bool | None


class Table(BaseModel):
    """A named table: column headers and rows of plain values."""

    name: str
    columns: list[str]
    rows: list[list[Cell]]


class Series(BaseModel):
    """One line of chart data, named after what it shows (e.g. ``He``, ``Xavier``).

    Series sharing a ``chart`` title are drawn on one chart; ``log_y`` asks for a log-scale y axis.
    """

    name: str
    x: list[float]
    y: list[float]
    x_label: str
    y_label: str
    chart: str = ""
    log_y: bool = False


def _in_band(value: float, low: float | None, high: float | None) -> bool:
    # NaN and ±inf never pass: a comparison with NaN is False, and an infinity is rejected outright.
    return math.isfinite(value) and (low is None or value >= low) and (high is None or value <= high)


class Check(BaseModel):
    """One number a demo's verdict compares, with its band: it passes when the value is finite and
    ``low ≤ value ≤ high`` (a bound that is ``None`` is open). ``passed`` is derived, never written in: a check whose
    ``passed`` disagrees with its value and band is refused. Build one with :func:`check`."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: float
    low: float | None
    high: float | None
    passed: bool
    separates: bool = Field(False, exclude=True)
    """A resolution check: whether this run can tell the science from a wrong version of it (not a finding about
    the science itself). When only such checks fail, the run is too small to judge (:attr:`DemoResult.verdict`).
    Not in the JSON, where a check is ``{name, value, low, high, passed}`` and the result's ``verdict`` says it."""

    @model_validator(mode="after")
    def _derived(self) -> Check:
        if self.passed != _in_band(self.value, self.low, self.high):
            raise ValueError(f"check {self.name!r}: passed must be computed from its value and band")
        return self

    def band(self) -> str:
        """The band as text: ``0.97–1.03``, ``≥ 10`` or ``≤ 0.5``."""
        if self.low is not None and self.high is not None:
            return f"{_figure(self.low)}–{_figure(self.high)}"
        if self.low is not None:
            return f"≥ {_figure(self.low)}"
        if self.high is not None:
            return f"≤ {_figure(self.high)}"
        return "any finite value"

    def measured(self) -> str:
        """Name, value and band, e.g. ``He ×/layer 1.003 · band 0.97–1.03``."""
        return f"{self.name} {_figure(self.value)} · band {self.band()}"

    def describe(self) -> str:
        """One line, e.g. ``He ×/layer 1.003 · band 0.97–1.03 ✓``."""
        return f"{self.measured()} {'✓' if self.passed else '✗'}"


def check(
    name: str, value: float, low: float | None = None, high: float | None = None, *, separates: bool = False
) -> Check:
    """A :class:`Check` of ``value`` against ``[low, high]`` (``None``: open on that side); ``separates`` marks a
    resolution check (see :attr:`Check.separates`)."""
    value = float(value)
    low = None if low is None else float(low)
    high = None if high is None else float(high)
    return Check(name=name, value=value, low=low, high=high, passed=_in_band(value, low, high), separates=separates)


def _figure(value: float) -> str:
    """A number as a check line shows it: 4 significant digits, scientific when tiny or huge."""
    if not math.isfinite(value):
        return str(value)
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4g}"
    return f"{value:.3g}"


class DemoResult(BaseModel):
    """What one run of a demo showed. ``holds`` is true exactly when every one of ``checks`` passed (and there is at
    least one): it is computed from the numbers, never written in."""

    demo: str
    card: int
    title: str
    claim: str
    holds: bool
    checks: list[Check]
    params: dict[str, Any]
    summary: str
    tables: list[Table]
    series: list[Series]
    elapsed_ms: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> Literal["holds", "does not hold", "cannot tell"]:
        """``holds``; ``cannot tell`` when the only checks that failed are resolution checks (the run is too small
        to tell the science from its wrong versions: more nets, units or layers would); else ``does not hold``."""
        if self.holds:
            return "holds"
        failed = [c for c in self.checks if not c.passed]
        return "cannot tell" if failed and all(c.separates for c in failed) else "does not hold"

    def verdict_text(self) -> str:
        """The verdict as shown: ``✓ holds``, ``✗ does not hold``, or ``? cannot tell at these settings …``."""
        return VERDICT_TEXT[self.verdict]


VERDICT_TEXT = {
    "holds": "✓ holds",
    "does not hold": "✗ does not hold",
    "cannot tell": "? cannot tell at these settings: the run is too small to tell the science from a wrong version "
    "(the ✗ lines); more nets, units or layers would",
}
"""How each verdict reads, in the CLI, the app and the Anki back."""


class DemoParams(BaseModel):
    """Base of every demo's ``Params``: bounded fields, unknown names rejected, a seed for reproducibility."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = Field(0, ge=0, le=2**32 - 1, description="random seed")


P = TypeVar("P", bound=DemoParams)


@dataclass(frozen=True)
class Outcome:
    """What a demo function returns; the framework adds id, card, title, claim, params, timing, and the verdict:
    it holds when every check passes."""

    checks: list[Check]
    summary: str
    tables: list[Table]
    series: list[Series]


@dataclass(frozen=True)
class Demo(Generic[P]):
    id: str
    card: int
    title: str
    claim: str
    Params: type[P]
    fn: Callable[[P], Outcome]

    def run(self, params: P | None = None) -> DemoResult:
        import numpy as np

        params = params if params is not None else self.Params()
        start = time.perf_counter()
        # A demo's overflow or 0/0 is a finding (a non-finite value fails its check), not a warning for the user.
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            outcome = self.fn(params)
        elapsed_ms = (time.perf_counter() - start) * 1000.0
        return DemoResult(
            demo=self.id,
            card=self.card,
            title=self.title,
            claim=self.claim,
            holds=bool(outcome.checks) and all(c.passed for c in outcome.checks),
            checks=outcome.checks,
            params=params.model_dump(),
            summary=outcome.summary,
            tables=outcome.tables,
            series=outcome.series,
            elapsed_ms=round(elapsed_ms, 3),
        )


class DemoError(Exception):
    """An unknown demo id, or a demo that failed. The message is fit to show a user."""


class ParamError(DemoError):
    """A bad parameter: the message names it and its allowed range or type."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


REGISTRY: dict[str, Demo[Any]] = {}


def demo(
    *, id: str, card: int, title: str, claim: str, params: type[P]
) -> Callable[[Callable[[P], Outcome]], Callable[[P], Outcome]]:
    """Register ``fn`` as the demo ``id`` for ``card``."""

    def register(fn: Callable[[P], Outcome]) -> Callable[[P], Outcome]:
        if id in REGISTRY:
            raise RuntimeError(f"demo {id!r} registered twice")
        REGISTRY[id] = Demo(id=id, card=card, title=title, claim=claim, Params=params, fn=fn)
        return fn

    return register


@dataclass(frozen=True)
class ParamInfo:
    """A parameter as a form or ``--help`` shows it."""

    name: str
    type: str
    default: Any
    minimum: float | None
    maximum: float | None
    choices: tuple[str, ...] | None
    description: str
    minimum_exclusive: bool = False
    maximum_exclusive: bool = False

    @property
    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.minimum_exclusive or self.maximum_exclusive:
            parts = []
            if self.minimum is not None:
                parts.append(f"{'>' if self.minimum_exclusive else '≥'} {_num(self.minimum)}")
            if self.maximum is not None:
                parts.append(f"{'<' if self.maximum_exclusive else '≤'} {_num(self.maximum)}")
            return f"{self.type} " + " and ".join(parts)
        if self.minimum is not None and self.maximum is not None:
            return f"{self.type} from {_num(self.minimum)} to {_num(self.maximum)}"
        if self.minimum is not None:
            return f"{self.type} ≥ {_num(self.minimum)}"
        if self.maximum is not None:
            return f"{self.type} ≤ {_num(self.maximum)}"
        return self.type


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def param_info(params: type[DemoParams]) -> list[ParamInfo]:
    """Name, type, default, bounds and description of each field of a ``Params`` model."""
    schema = params.model_json_schema()
    out = []
    for name, field in params.model_fields.items():
        prop = schema.get("properties", {}).get(name, {})
        choices = tuple(str(c) for c in prop["enum"]) if "enum" in prop else None
        kind = {"integer": "integer", "number": "number", "boolean": "boolean", "string": "text"}.get(
            str(prop.get("type", "")), "choice" if choices else "value"
        )
        minimum = prop.get("minimum", prop.get("exclusiveMinimum"))
        maximum = prop.get("maximum", prop.get("exclusiveMaximum"))
        out.append(
            ParamInfo(
                name=name,
                type=kind,
                default=field.default,
                minimum=minimum,
                maximum=maximum,
                choices=choices,
                description=field.description or "",
                minimum_exclusive="minimum" not in prop and "exclusiveMinimum" in prop,
                maximum_exclusive="maximum" not in prop and "exclusiveMaximum" in prop,
            )
        )
    return out


def single_threaded_blas() -> None:
    """Ask for one BLAS thread, if NumPy is not imported yet. The demos' matrices are small: one thread is faster
    than two (all 15 demos: 278 ms vs 745 ms measured on 2 cores), and OpenBLAS threads that spin while waiting
    would take a core from the UI thread or another process."""
    if "numpy" not in sys.modules:
        for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
            os.environ.setdefault(var, "1")


def _ensure_loaded() -> None:
    # Importing the package registers every demo (and imports NumPy): done only when a demo is asked for.
    single_threaded_blas()
    import quiz.demos.catalog  # noqa: F401


def all_demos() -> list[Demo[Any]]:
    """Every registered demo, in card order."""
    _ensure_loaded()
    return sorted(REGISTRY.values(), key=lambda d: d.card)


def get_demo(demo_id: str) -> Demo[Any]:
    _ensure_loaded()
    try:
        return REGISTRY[demo_id]
    except KeyError:
        known = ", ".join(d.id for d in all_demos())
        raise DemoError(f"unknown demo {demo_id!r}; known demos: {known}") from None


def make_params(demo_id: str, values: Mapping[str, Any] | None = None, seed: int | None = None) -> DemoParams:
    """Validate ``values`` (strings are converted) against the demo's ``Params``; :class:`ParamError` if wrong."""
    d = get_demo(demo_id)
    data = dict(values or {})
    if seed is not None:
        data["seed"] = seed
    infos = {p.name: p for p in param_info(d.Params)}
    for name in data:
        if name not in infos:
            known = ", ".join(f"{p.name} ({p.allowed})" for p in infos.values())
            raise ParamError(f"{demo_id}: unknown parameter {name!r}; parameters: {known}", param=name)
    try:
        params: DemoParams = d.Params.model_validate(data)
        return params
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if not err["loc"]:
            # A limit on several parameters together (a model validator): its message names them.
            raise ParamError(f"{demo_id}: {msg}") from None
        name = str(err["loc"][0])
        info = infos.get(name)
        allowed = f" (allowed: {info.allowed})" if info else ""
        got = data.get(name)
        if _is_nan(got):  # NaN fails every bound: say what it is, not which bound it failed
            msg = "not a number (NaN)"
        raise ParamError(f"{demo_id}: parameter {name}={got!r}: {msg}{allowed}", param=name) from None


def _is_nan(value: object) -> bool:
    try:
        return isinstance(value, str | float) and math.isnan(float(value))
    except ValueError:
        return False


def run_demo(demo_id: str, values: Mapping[str, Any] | None = None, seed: int | None = None) -> DemoResult:
    """Validate the parameters and run one demo."""
    params = make_params(demo_id, values, seed)
    return get_demo(demo_id).run(params)
