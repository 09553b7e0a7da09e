"""Record what torch says about hundreds of seeded exercises into data/reference/torch_exercises.json.

``tests/test_exercises_torch.py`` holds ``quiz exercise`` against that file: for each seed of the fan, scale and
gain kinds, the layer is built with ``torch.nn`` (so the weight shape is torch's own), and the fan, the bound or std
that ``torch.nn.init`` passes to ``uniform_``/``normal_`` (recorded while it runs, as ``make_torch_reference.py``
does), or the gain is torch's. torch is never a project dependency: run this with a scratch venv::

    python3 -m venv /tmp/torchvenv
    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy pydantic
    /tmp/torchvenv/bin/python scripts/make_exercise_reference.py     # writes data/reference/torch_exercises.json

Re-run it whenever the exercise generator changes (the test says so when the questions no longer match).
"""

from __future__ import annotations

import json
import math
import platform
import sys
from pathlib import Path
from typing import Any

import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_torch_reference import sampling_calls  # noqa: E402

from quiz.exercises import make_exercise  # noqa: E402
from quiz.exercises.layers import Layer  # noqa: E402

OUT = ROOT / "data" / "reference" / "torch_exercises.json"
SEEDS = range(200)
KINDS = ("fan", "scale", "gain")


def torch_layer(layer: Layer) -> nn.Module:
    args, kwargs = layer.torch_arguments()
    if len(args) == 3:
        args[2] = tuple(args[2])
    module: nn.Module = getattr(nn, layer.type)(*args, **kwargs)
    return module


def record(kind: str, seed: int) -> dict[str, Any]:
    exercise = make_exercise(kind, seed)
    row: dict[str, Any] = {
        "kind": kind,
        "seed": seed,
        "init": exercise.init,
        "init_kwargs": dict(exercise.init_kwargs),
        "quantity": exercise.quantity,
    }
    if exercise.layer is not None:
        with sampling_calls() as calls:
            module = torch_layer(exercise.layer)
        weight = module.weight
        row["layer"] = exercise.layer.code
        row["torch_weight_shape"] = list(weight.shape)
        # The layer's own default init: the first sampling call is the weight's (kaiming_uniform_(a=√5)).
        row["torch_default_bound"] = calls[0][1][1]
    if kind == "gain":
        row["torch_value"] = float(nn.init.calculate_gain(**exercise.init_kwargs))
        return row
    assert exercise.weight_shape is not None
    w = torch.empty(tuple(exercise.weight_shape), dtype=torch.float64)
    if kind == "fan":
        fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(w)
        row["torch_value"] = fan_in if exercise.quantity == "fan_in" else fan_out
        return row
    assert exercise.init is not None
    with sampling_calls() as calls:
        getattr(nn.init, exercise.init + "_")(w, **exercise.init_kwargs)
    (sampler, (first, second)), *_ = calls
    if sampler == "uniform_":
        assert first == -second
        row["torch_bound"] = second
        row["torch_value"] = second if exercise.quantity == "bound" else second / math.sqrt(3.0)
    else:
        assert first == 0
        row["torch_value"] = second
    return row


def main() -> None:
    torch.set_num_threads(1)
    header = {
        "generated_by": "scripts/make_exercise_reference.py",
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "note": "torch_value for a uniform init asked for its std is torch's bound / √3 (the std of U(−b, b))",
    }
    rows = [record(kind, seed) for kind in KINDS for seed in SEEDS]
    # One exercise a line: the file stays small and a diff shows which exercises changed.
    lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in header.items()]
    body = ",\n".join(f"  {json.dumps(row, ensure_ascii=False)}" for row in rows)
    OUT.write_text("{\n" + "\n".join(lines) + '\n "exercises": [\n' + body + "\n ]\n}\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} exercises)")


if __name__ == "__main__":
    main()
