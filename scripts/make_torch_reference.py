"""Record torch.nn.init's fans, gains, bounds, stds and sampled statistics into data/reference/torch_init.json.

``tests/test_initializers.py`` holds ``quiz.demos.initializers`` against that file. torch is never a project
dependency: run this with a scratch venv (torch 2.13.0 CPU installs from this machine's local disk)::

    python3 -m venv /tmp/torchvenv
    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchvenv/bin/python scripts/make_torch_reference.py          # writes data/reference/torch_init.json

The bounds and stds are not re-derived from formulas here: ``Tensor.uniform_``/``Tensor.normal_`` are wrapped while
torch.nn.init runs, and the arguments torch itself passed are recorded. Sampled statistics use float64 tensors and
``torch.manual_seed(SEED)``, so a re-run reproduces the file.
"""

from __future__ import annotations

import json
import math
import platform
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "data" / "reference" / "torch_init.json"
SEED = 20260529

FAN_SHAPES: list[tuple[int, ...]] = [
    (1, 1),
    (3, 5),
    (5, 3),
    (10, 784),
    (256, 512),
    (1000, 1),
    (7, 13),
    (16, 3, 5),  # conv1d (out, in, k)
    (32, 1, 1),
    (64, 3, 7, 7),  # conv2d stem
    (128, 64, 3, 3),  # conv2d: fan_in 576
    (64, 64, 1, 1),
    (5, 7, 3, 2),  # odd, non-square kernel
    (8, 4, 3, 3, 3),  # conv3d
    (3, 2, 2, 5, 7),
    (64, 128, 4, 4),  # a ConvTranspose2d(64, 128, 4) weight is (in, out, k, k): fans swapped
    (2, 3, 1, 1, 1, 1),  # more trailing dims than any conv
    (0, 3),
    (3, 0),
    (2, 0, 3),
]

GAIN_CASES: list[tuple[str, float | None]] = [
    ("linear", None),
    ("conv1d", None),
    ("conv2d", None),
    ("conv3d", None),
    ("conv_transpose1d", None),
    ("conv_transpose2d", None),
    ("conv_transpose3d", None),
    ("sigmoid", None),
    ("tanh", None),
    ("tanh", 0.5),  # param ignored
    ("relu", None),
    ("relu", 0.3),  # param ignored
    ("selu", None),
    ("leaky_relu", None),
    ("leaky_relu", 0),
    ("leaky_relu", 0.0),
    ("leaky_relu", 0.01),
    ("leaky_relu", 0.1),
    ("leaky_relu", 0.2),
    ("leaky_relu", 0.25),
    ("leaky_relu", 1),
    ("leaky_relu", -0.2),
    ("leaky_relu", 3),
    ("leaky_relu", math.sqrt(5)),
]

GAIN_ERRORS: list[tuple[Any, Any]] = [
    ("softmax", None),
    ("ReLU", None),
    ("Tanh", None),
    ("", None),
    ("gelu", None),
    (None, None),
    ("leaky_relu", True),
    ("leaky_relu", False),
    ("leaky_relu", "0.1"),
    ("leaky_relu", [0.1]),
]

ANALYTIC_SHAPES: list[tuple[int, ...]] = [
    (3, 5),
    (5, 3),
    (256, 512),
    (10, 784),
    (16, 3, 5),
    (64, 3, 7, 7),
    (128, 64, 3, 3),
    (5, 7, 3, 2),
    (8, 4, 3, 3, 3),
]
XAVIER_GAINS = [1.0, 0.5, 5.0 / 3, math.sqrt(2.0), 3.0]
KAIMING_ARGS: list[tuple[float, str]] = [
    (0, "leaky_relu"),
    (0.01, "leaky_relu"),
    (0.2, "leaky_relu"),
    (-0.2, "leaky_relu"),
    (math.sqrt(5), "leaky_relu"),
    (0, "relu"),
    (1.5, "relu"),  # a ignored
    (0, "linear"),
    (0, "tanh"),
    (0, "selu"),
]
KAIMING_MODES = ["fan_in", "fan_out"]

EMPIRICAL_UNIFORM: list[tuple[str, tuple[int, ...], dict[str, Any]]] = [
    ("xavier_uniform_", (1000, 1000), {}),
    ("xavier_uniform_", (256, 128, 3, 3), {"gain": 5.0 / 3}),
    ("kaiming_uniform_", (512, 512), {"nonlinearity": "relu"}),
    ("kaiming_uniform_", (256, 128, 3, 3), {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_uniform_", (512, 512), {"a": math.sqrt(5)}),
]
EMPIRICAL_NORMAL: list[tuple[str, tuple[int, ...], dict[str, Any]]] = [
    ("xavier_normal_", (1000, 1000), {}),
    ("xavier_normal_", (128, 64, 3, 3), {"gain": math.sqrt(2.0)}),
    ("kaiming_normal_", (1024, 512), {"nonlinearity": "relu"}),  # std 0.0625
    ("kaiming_normal_", (1024, 64, 3, 3), {"nonlinearity": "relu"}),  # fan_in 576, std ≈ 0.0589
    ("kaiming_normal_", (64, 1024, 3, 3), {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_normal_", (512, 512), {"a": 0.2}),
]
ORTHOGONAL_SHAPES: list[tuple[tuple[int, ...], float]] = [
    ((64, 128), 1.0),
    ((128, 64), 1.0),
    ((100, 100), 1.0),
    ((100, 100), math.sqrt(2.0)),
    ((32, 16, 3, 3), 1.0),  # rows 32 < cols 144
    ((256, 16, 3, 3), 2.0),  # rows 256 > cols 144
    ((16, 16, 3, 3), 5.0 / 3),
    ((1, 50), 1.0),
    ((50, 1), 0.5),
]
ORTHOGONAL_EXACT_SHAPES: list[tuple[tuple[int, ...], float]] = [
    ((3, 5), 1.0),
    ((5, 3), 1.0),
    ((4, 4), 2.0),
    ((4, 2, 2, 2), 1.0),  # rows 4 < cols 8
    ((6, 2, 1, 1), math.sqrt(2.0)),  # rows 6 > cols 2
    ((2, 3, 3), 0.5),
]

BEHAVIOUR_SHAPES: list[tuple[int, ...]] = [(), (5,), (0,), (0, 3), (3, 0), (0, 0), (2, 0, 3), (0, 0, 3, 3)]
BEHAVIOUR_FUNCS: dict[str, Callable[[torch.Tensor], Any]] = {
    "fan_in_and_fan_out": nn.init._calculate_fan_in_and_fan_out,
    "xavier_uniform": nn.init.xavier_uniform_,
    "xavier_normal": nn.init.xavier_normal_,
    "kaiming_uniform": nn.init.kaiming_uniform_,
    "kaiming_normal": nn.init.kaiming_normal_,
    "kaiming_uniform_bad_mode": lambda t: nn.init.kaiming_uniform_(t, mode="fan_avg"),
    "orthogonal": nn.init.orthogonal_,
    "zeros": nn.init.zeros_,
    "constant": lambda t: nn.init.constant_(t, 0.5),
}


@contextmanager
def sampling_calls() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Record the positional arguments of every ``Tensor.uniform_``/``Tensor.normal_`` call while active."""
    calls: list[tuple[str, tuple[Any, ...]]] = []
    originals = {name: getattr(torch.Tensor, name) for name in ("uniform_", "normal_")}

    def wrap(name: str) -> Callable[..., torch.Tensor]:
        def recorded(self: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
            calls.append((name, args))
            return originals[name](self, *args, **kwargs)  # type: ignore[no-any-return]

        return recorded

    for name in originals:
        setattr(torch.Tensor, name, wrap(name))
    try:
        yield calls
    finally:
        for name, original in originals.items():
            setattr(torch.Tensor, name, original)


def only_call(init: Callable[..., Any], shape: tuple[int, ...], **kwargs: Any) -> tuple[str, tuple[Any, ...]]:
    with sampling_calls() as calls:
        init(torch.empty(shape, dtype=torch.float64), **kwargs)
    assert len(calls) == 1, calls
    return calls[0]


def fans() -> list[dict[str, Any]]:
    rows = []
    for shape in FAN_SHAPES:
        fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
        rows.append({"shape": list(shape), "fan_in": fan_in, "fan_out": fan_out})
    return rows


def gains() -> dict[str, Any]:
    values = [
        {"nonlinearity": name, "param": param, "gain": float(nn.init.calculate_gain(name, param))}  # type: ignore[arg-type]
        for name, param in GAIN_CASES
    ]
    errors = []
    for name, param in GAIN_ERRORS:
        try:
            nn.init.calculate_gain(name, param)
        except Exception as exc:
            errors.append({"nonlinearity": name, "param": param, "error": type(exc).__name__, "message": str(exc)})
        else:
            raise AssertionError(f"calculate_gain({name!r}, {param!r}) did not raise")
    return {"values": values, "errors": errors}


def analytic() -> dict[str, list[dict[str, Any]]]:
    xavier = []
    for shape in ANALYTIC_SHAPES:
        for gain in XAVIER_GAINS:
            _, (low, high) = only_call(nn.init.xavier_uniform_, shape, gain=gain)
            assert low == -high
            _, (mean, std) = only_call(nn.init.xavier_normal_, shape, gain=gain)
            assert mean == 0
            xavier.append({"shape": list(shape), "gain": gain, "bound": high, "std": std})
    kaiming = []
    for shape in ANALYTIC_SHAPES:
        for mode in KAIMING_MODES:
            for a, nonlinearity in KAIMING_ARGS:
                kwargs = {"a": a, "mode": mode, "nonlinearity": nonlinearity}
                _, (low, high) = only_call(nn.init.kaiming_uniform_, shape, **kwargs)
                assert low == -high
                _, (mean, std) = only_call(nn.init.kaiming_normal_, shape, **kwargs)
                assert mean == 0
                kaiming.append({"shape": list(shape), **kwargs, "bound": high, "std": std})
    # mode is case-insensitive in torch
    for mode in ("FAN_IN", "Fan_Out"):
        kwargs = {"a": 0, "mode": mode, "nonlinearity": "relu"}
        _, (_, high) = only_call(nn.init.kaiming_uniform_, (128, 64, 3, 3), **kwargs)
        _, (_, std) = only_call(nn.init.kaiming_normal_, (128, 64, 3, 3), **kwargs)
        kaiming.append({"shape": [128, 64, 3, 3], **kwargs, "bound": high, "std": std})
    return {"xavier": xavier, "kaiming": kaiming}


def layer_defaults() -> list[dict[str, Any]]:
    """nn.Linear / nn.Conv*d default init: kaiming_uniform(a=√5) on the weight, U(±1/√fan_in) on the bias."""
    layers: list[tuple[str, Callable[[], nn.Module], int]] = [
        ("Linear(10, 3)", lambda: nn.Linear(10, 3), 10),
        ("Linear(512, 256)", lambda: nn.Linear(512, 256), 512),
        ("Linear(784, 1)", lambda: nn.Linear(784, 1), 784),
        ("Conv1d(3, 16, 5)", lambda: nn.Conv1d(3, 16, 5), 15),
        ("Conv2d(64, 128, 3)", lambda: nn.Conv2d(64, 128, 3), 576),
        ("Conv3d(4, 8, 3)", lambda: nn.Conv3d(4, 8, 3), 108),
    ]
    rows = []
    for name, make, fan_in in layers:
        with sampling_calls() as calls:
            layer = make()
        (_, (w_low, w_high)), (_, (b_low, b_high)) = calls
        assert w_low == -w_high and b_low == -b_high
        rows.append(
            {
                "layer": name,
                "weight_shape": list(layer.weight.shape),
                "fan_in": fan_in,
                "weight_bound": w_high,
                "bias_bound": b_high,
                "one_over_sqrt_fan_in": 1 / math.sqrt(fan_in),
            }
        )
    return rows


def empirical() -> dict[str, list[dict[str, Any]]]:
    uniform = []
    for fn, shape, kwargs in EMPIRICAL_UNIFORM:
        w = torch.empty(shape, dtype=torch.float64)
        with sampling_calls() as calls:
            getattr(nn.init, fn)(w, **kwargs)
        bound = calls[0][1][1]
        uniform.append(
            {
                "init": fn.rstrip("_"),
                "shape": list(shape),
                "kwargs": kwargs,
                "numel": w.numel(),
                "bound": bound,
                "max_abs": w.abs().max().item(),
                "std": w.std().item(),
                "mean": w.mean().item(),
            }
        )
    normal = []
    for fn, shape, kwargs in EMPIRICAL_NORMAL:
        w = torch.empty(shape, dtype=torch.float64)
        with sampling_calls() as calls:
            getattr(nn.init, fn)(w, **kwargs)
        target = calls[0][1][1]
        normal.append(
            {
                "init": fn.rstrip("_"),
                "shape": list(shape),
                "kwargs": kwargs,
                "numel": w.numel(),
                "target_std": target,
                "std": w.std().item(),
                "mean": w.mean().item(),
                "max_abs": w.abs().max().item(),
            }
        )
    orthogonal = []
    for shape, gain in ORTHOGONAL_SHAPES:
        w = nn.init.orthogonal_(torch.empty(shape, dtype=torch.float64), gain=gain)
        rows = shape[0]
        m = w.reshape(rows, -1)
        gram = m @ m.T if rows <= m.shape[1] else m.T @ m
        deviation = (gram - gain**2 * torch.eye(gram.shape[0], dtype=torch.float64)).abs().max().item()
        orthogonal.append(
            {
                "shape": list(shape),
                "gain": gain,
                "rows": rows,
                "cols": m.shape[1],
                "gram": "W @ W.T" if rows <= m.shape[1] else "W.T @ W",
                "max_abs_deviation": deviation,
                "singular_values_min": torch.linalg.svdvals(m).min().item(),
                "singular_values_max": torch.linalg.svdvals(m).max().item(),
            }
        )
    return {"uniform": uniform, "normal": normal, "orthogonal": orthogonal}


def orthogonal_exact() -> list[dict[str, Any]]:
    """The N(0, 1) matrix orthogonal_ draws (replayed from a cloned generator) and torch's output for it."""
    cases = []
    for i, (shape, gain) in enumerate(ORTHOGONAL_EXACT_SHAPES):
        generator = torch.Generator().manual_seed(SEED + i)
        replay = torch.Generator().manual_seed(SEED + i)
        rows = shape[0]
        cols = math.prod(shape) // rows
        normal = torch.empty((rows, cols), dtype=torch.float64).normal_(0, 1, generator=replay)
        w = nn.init.orthogonal_(torch.empty(shape, dtype=torch.float64), gain=gain, generator=generator)
        cases.append({"shape": list(shape), "gain": gain, "normal": normal.tolist(), "weight": w.reshape(-1).tolist()})
    return cases


def behaviour() -> list[dict[str, Any]]:
    """What torch does on degenerate shapes: ok, warning (and which), or the exception type and message."""
    rows = []
    for name, fn in BEHAVIOUR_FUNCS.items():
        for shape in BEHAVIOUR_SHAPES:
            row: dict[str, Any] = {"init": name, "shape": list(shape)}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    fn(torch.empty(shape, dtype=torch.float64))
                except Exception as exc:
                    row |= {"outcome": "error", "error": type(exc).__name__, "message": str(exc)}
                else:
                    row["outcome"] = "warning" if caught else "ok"
                    if caught:
                        row["warning"] = str(caught[0].message)
            rows.append(row)
    for name, call in [
        ("xavier_uniform gain=-1", lambda: nn.init.xavier_uniform_(torch.empty(3, 4), gain=-1.0)),
        ("xavier_normal gain=-1", lambda: nn.init.xavier_normal_(torch.empty(3, 4), gain=-1.0)),
        ("kaiming_uniform mode=fan_avg", lambda: nn.init.kaiming_uniform_(torch.empty(3, 4), mode="fan_avg")),
        ("kaiming_normal nonlinearity=gelu", lambda: nn.init.kaiming_normal_(torch.empty(3, 4), nonlinearity="gelu")),
        ("kaiming_normal a=True", lambda: nn.init.kaiming_normal_(torch.empty(3, 4), a=True)),  # type: ignore[arg-type]
    ]:
        try:
            call()
        except Exception as exc:
            rows.append({"init": name, "outcome": "error", "error": type(exc).__name__, "message": str(exc)})
        else:
            rows.append({"init": name, "outcome": "ok"})
    return rows


def main() -> None:
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    reference = {
        "generated_by": "scripts/make_torch_reference.py",
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "seed": SEED,
        "fans": fans(),
        "gains": gains(),
        "analytic": analytic(),
        "layer_defaults": layer_defaults(),
        "empirical": empirical(),
        "orthogonal_exact": orthogonal_exact(),
        "behaviour": behaviour(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reference, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.1f} KB) from torch {torch.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
