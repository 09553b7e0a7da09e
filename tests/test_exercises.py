"""Seeded exercises: the same seed gives the same exercise; every answer agrees with torch (data/reference/) and
with the formulas written out here from /work/shared/REFERENCE.md; realistic sizes; grading and its tolerances."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from quiz.exercises import (
    KINDS,
    ExerciseError,
    kind_for_seed,
    make_exercise,
    parse_seed,
)
from quiz.exercises.formatting import num
from quiz.exercises.spec import answer_of

ROOT = Path(__file__).resolve().parent.parent
TORCH_INIT = json.loads((ROOT / "data" / "reference" / "torch_init.json").read_text(encoding="utf-8"))
TORCH_EXERCISES = json.loads((ROOT / "data" / "reference" / "torch_exercises.json").read_text(encoding="utf-8"))

SEEDS = range(300)
LIGHT_KINDS = ("fan", "scale", "gain")

# --- the formulas, written out independently of quiz (REFERENCE.md) -----------------------------------------------


def gain_formula(nonlinearity: str, param: float | None = None) -> float:
    table = {"sigmoid": 1.0, "tanh": 5 / 3, "relu": math.sqrt(2), "selu": 0.75}
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d"):
        return 1.0
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return math.sqrt(2 / (1 + slope**2))
    return table[nonlinearity]


def fans_formula(shape: tuple[int, ...]) -> tuple[int, int]:
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def weight_shape_formula(code: str) -> tuple[int, ...]:
    """Read ``nn.Conv2d(64, 128, kernel_size=3, groups=2)`` and lay its weight out as torch does."""
    match = re.fullmatch(r"nn\.(\w+)\((\d+), (\d+)(?:, kernel_size=(\d+|\([\d, ]+\)))?(.*)\)", code)
    assert match, code
    kind, cin, cout, kernel, rest = match.groups()
    cin_i, cout_i = int(cin), int(cout)
    groups = int(m.group(1)) if (m := re.search(r"groups=(\d+)", rest)) else 1
    if kind == "Linear":
        return (cout_i, cin_i)
    dims = {"Conv1d": 1, "Conv2d": 2, "Conv3d": 3, "ConvTranspose2d": 2}[kind]
    ks = tuple(int(k) for k in re.findall(r"\d+", kernel)) if kernel.startswith("(") else (int(kernel),) * dims
    if kind.startswith("ConvTranspose"):
        return (cin_i, cout_i // groups, *ks)
    return (cout_i, cin_i // groups, *ks)


def scale_formula(init: str, kwargs: dict[str, Any], shape: tuple[int, ...], quantity: str) -> float:
    fan_in, fan_out = fans_formula(shape)
    if init.startswith("xavier"):
        std = kwargs.get("gain", 1.0) * math.sqrt(2 / (fan_in + fan_out))
    else:
        fan = fan_in if kwargs.get("mode", "fan_in") == "fan_in" else fan_out
        std = gain_formula(kwargs.get("nonlinearity", "leaky_relu"), kwargs.get("a", 0)) / math.sqrt(fan)
    bound = math.sqrt(3) * std
    if init.endswith("normal"):
        assert quantity == "std"
        return std
    return bound if quantity == "bound" else bound / math.sqrt(3)


# --- seeds --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_seed_gives_the_same_exercise(kind: str) -> None:
    for seed in (0, 1, 7, 123_456, 2**63 - 1):
        first, again = make_exercise(kind, seed), make_exercise(kind, seed)
        assert first.question == again.question
        assert first.weight_shape == again.weight_shape
        if kind != "experiment":
            assert first.solution() == again.solution()


@pytest.mark.parametrize("kind", KINDS)
def test_seeds_give_fresh_numbers(kind: str) -> None:
    questions = {make_exercise(kind, seed).question for seed in range(200)}
    minimum = {"fan": 150, "scale": 150, "gain": 14, "experiment": 60}[kind]
    assert len(questions) >= minimum


def test_a_seed_means_a_different_exercise_for_each_kind() -> None:
    assert len({make_exercise(kind, 5).question for kind in KINDS}) == 4


def test_a_seed_alone_picks_its_kind_the_same_every_time() -> None:
    kinds = [kind_for_seed(seed) for seed in range(400)]
    assert kinds == [kind_for_seed(seed) for seed in range(400)]
    assert set(kinds) == set(KINDS)


@pytest.mark.parametrize("bad", ["relu", "", "Fan", "scales"])
def test_unknown_kinds_are_named(bad: str) -> None:
    with pytest.raises(ExerciseError, match=f"unknown exercise kind {bad!r}; kinds: fan, scale, gain, experiment"):
        make_exercise(bad, 1)


@pytest.mark.parametrize("bad", [-1, 2**63, True, 1.5])
def test_bad_seeds_are_refused(bad: Any) -> None:
    with pytest.raises(ExerciseError, match="a seed is a whole number"):
        make_exercise("fan", bad)


@pytest.mark.parametrize("bad", ["x", "1.5", "-3", ""])
def test_seed_text_is_checked(bad: str) -> None:
    with pytest.raises(ExerciseError, match="a seed is a whole number"):
        parse_seed(bad)
    assert parse_seed(" 42 ") == 42


# --- answers against torch ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", TORCH_EXERCISES["exercises"], ids=lambda r: f"{r['kind']}-{r['seed']}")
def test_seeded_exercises_agree_with_torch(row: dict[str, Any]) -> None:
    """600 exercises, recorded with torch 2.13 by scripts/make_exercise_reference.py: the layer built by torch.nn
    has the weight shape we say, and torch.nn.init gives the answer we grade against."""
    exercise = make_exercise(row["kind"], row["seed"])
    stale = "the exercise generator changed: re-run scripts/make_exercise_reference.py"
    assert exercise.init == row["init"], stale
    assert dict(exercise.init_kwargs) == row["init_kwargs"], stale
    assert exercise.quantity == row["quantity"], stale
    if "layer" in row:
        assert exercise.layer is not None
        assert exercise.layer.code == row["layer"], stale
        assert list(exercise.weight_shape or ()) == row["torch_weight_shape"]
        # torch's own default init of that layer: bound 1/√fan_in (the scale exercises' "default" answer)
        fan_in = fans_formula(tuple(row["torch_weight_shape"]))[0]
        assert row["torch_default_bound"] == pytest.approx(1 / math.sqrt(fan_in), rel=1e-6)
    assert exercise.solution().answer == pytest.approx(row["torch_value"], rel=1e-12)


def test_the_torch_record_covers_every_family() -> None:
    rows = TORCH_EXERCISES["exercises"]
    assert len(rows) >= 600
    codes = " ".join(r.get("layer", "") for r in rows)
    for family in ("nn.Linear(", "nn.Conv1d(", "nn.Conv2d(", "nn.Conv3d(", "nn.ConvTranspose2d(", "groups="):
        assert family in codes
    inits = {r["init"] for r in rows}
    assert {"xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "calculate_gain"} <= inits
    kaiming = [r["init_kwargs"] for r in rows if r["init"].startswith("kaiming")]
    assert {"mode": "fan_out", "nonlinearity": "relu"} in kaiming
    assert {"a": math.sqrt(5)} in kaiming  # nn.Linear's default
    assert {"nonlinearity": "linear"} in kaiming  # LeCun
    assert any(r["quantity"] == "std" and r["init"].endswith("uniform") for r in rows)


# --- the spec a JSON names, against data/reference/torch_init.json --------------------------------------------------


@pytest.mark.parametrize("case", TORCH_INIT["fans"], ids=lambda c: str(c["shape"]))
def test_fan_specs_read_as_torch(case: dict[str, Any]) -> None:
    if len(case["shape"]) < 2:
        return
    for quantity in ("fan_in", "fan_out"):
        assert answer_of("_calculate_fan_in_and_fan_out", {}, case["shape"], quantity) == case[quantity]


@pytest.mark.parametrize("case", TORCH_INIT["gains"]["values"], ids=lambda c: f"{c['nonlinearity']}-{c['param']}")
def test_gain_specs_read_as_torch(case: dict[str, Any]) -> None:
    kwargs = {"nonlinearity": case["nonlinearity"]}
    if case["param"] is not None:
        kwargs["param"] = case["param"]
    assert answer_of("calculate_gain", kwargs, None, "gain") == pytest.approx(case["gain"], rel=1e-15)


@pytest.mark.parametrize("case", TORCH_INIT["analytic"]["xavier"], ids=lambda c: f"{c['shape']}-{c['gain']:.3g}")
def test_xavier_specs_read_as_torch(case: dict[str, Any]) -> None:
    kwargs = {"gain": case["gain"]}
    assert answer_of("xavier_uniform", kwargs, case["shape"], "bound") == pytest.approx(case["bound"], rel=1e-14)
    assert answer_of("xavier_normal", kwargs, case["shape"], "std") == pytest.approx(case["std"], rel=1e-14)


@pytest.mark.parametrize(
    "case", TORCH_INIT["analytic"]["kaiming"], ids=lambda c: f"{c['shape']}-{c['mode']}-{c['nonlinearity']}-{c['a']}"
)
def test_kaiming_specs_read_as_torch(case: dict[str, Any]) -> None:
    kwargs = {"a": case["a"], "mode": case["mode"], "nonlinearity": case["nonlinearity"]}
    assert answer_of("kaiming_uniform", kwargs, case["shape"], "bound") == pytest.approx(case["bound"], rel=1e-14)
    assert answer_of("kaiming_normal", kwargs, case["shape"], "std") == pytest.approx(case["std"], rel=1e-14)


@pytest.mark.parametrize("case", TORCH_INIT["layer_defaults"], ids=lambda c: c["layer"])
def test_the_layer_default_spec_reads_as_torch(case: dict[str, Any]) -> None:
    bound = answer_of("kaiming_uniform", {"a": math.sqrt(5)}, case["weight_shape"], "bound")
    assert bound == pytest.approx(case["weight_bound"], rel=1e-14)


def test_specs_torch_has_no_answer_to_are_refused() -> None:
    with pytest.raises(ValueError, match="gives a std, not bound"):
        answer_of("kaiming_normal", {}, (3, 4), "bound")
    with pytest.raises(ValueError, match="no exercise asks"):
        answer_of("orthogonal", {}, (3, 4), "std")
    with pytest.raises(ValueError, match="needs a weight shape"):
        answer_of("xavier_normal", {}, None, "std")


# --- hundreds of seeds against the formulas --------------------------------------------------------------------


def test_fan_exercises_against_the_formulas() -> None:
    for seed in SEEDS:
        exercise = make_exercise("fan", seed)
        assert exercise.layer is not None and exercise.weight_shape is not None
        assert exercise.weight_shape == weight_shape_formula(exercise.layer.code)
        fan_in, fan_out = fans_formula(exercise.weight_shape)
        expected = fan_in if exercise.quantity == "fan_in" else fan_out
        solution = exercise.solution()
        assert solution.answer == expected, exercise.question
        assert f"= {expected}" in solution.explanation
        assert exercise.layer.code in exercise.question and exercise.quantity in exercise.question


def test_scale_exercises_against_the_formulas() -> None:
    seen: set[tuple[str, str]] = set()
    for seed in SEEDS:
        exercise = make_exercise("scale", seed)
        assert exercise.layer is not None and exercise.weight_shape is not None and exercise.init is not None
        assert exercise.weight_shape == weight_shape_formula(exercise.layer.code)
        expected = scale_formula(exercise.init, dict(exercise.init_kwargs), exercise.weight_shape, exercise.quantity)
        solution = exercise.solution()
        assert solution.answer == pytest.approx(expected, rel=1e-12), exercise.question
        numbers = re.findall(r"= ([0-9.e+-]+)", solution.explanation)
        assert numbers[-1].rstrip(".") == num(solution.answer), solution.explanation
        seen.add((exercise.init, exercise.quantity))
    assert {("kaiming_normal", "std"), ("kaiming_uniform", "bound"), ("xavier_uniform", "bound")} <= seen
    assert {("xavier_normal", "std"), ("kaiming_uniform", "std"), ("xavier_uniform", "std")} <= seen


def test_gain_exercises_against_the_formulas() -> None:
    for seed in SEEDS:
        exercise = make_exercise("gain", seed)
        kwargs = dict(exercise.init_kwargs)
        expected = gain_formula(kwargs["nonlinearity"], kwargs.get("param"))
        assert exercise.solution().answer == pytest.approx(expected, rel=1e-15)
        assert f"calculate_gain('{kwargs['nonlinearity']}'" in exercise.question
        assert exercise.weight_shape is None


def test_lecun_and_default_inits_are_asked_in_words_and_answered_as_torch() -> None:
    lecun = default = 0
    for seed in range(400):
        exercise = make_exercise("scale", seed)
        assert exercise.weight_shape is not None
        fan_in = fans_formula(exercise.weight_shape)[0]
        if "LeCun" in exercise.question:
            lecun += 1
            assert exercise.init_kwargs == {"nonlinearity": "linear"}
            std = 1 / math.sqrt(fan_in)
            expected = std if exercise.init == "kaiming_normal" or exercise.quantity == "std" else math.sqrt(3) * std
            assert exercise.solution().answer == pytest.approx(expected, rel=1e-12)
        if "default initialization" in exercise.question:
            default += 1
            bound = 1 / math.sqrt(fan_in)
            expected = bound if exercise.quantity == "bound" else bound / math.sqrt(3)
            assert exercise.solution().answer == pytest.approx(expected, rel=1e-12)
            assert "kaiming_uniform_(w, a=math.sqrt(5))" in exercise.solution().explanation
    assert lecun >= 20 and default >= 20


def test_the_issue_example_computation_is_shown_with_its_numbers() -> None:
    """ "fan_in = 64·3·3 = 576; gain √2; std = √2/√576 = 0.0589"."""
    for seed in range(3000):
        exercise = make_exercise("scale", seed)
        if (
            exercise.init == "kaiming_normal"
            and exercise.init_kwargs == {"nonlinearity": "relu"}
            and exercise.weight_shape is not None
            and exercise.weight_shape[1:] == (64, 3, 3)
        ):
            text = exercise.solution().explanation
            assert "fan_in = 64·3·3 = 576; gain √2 (relu); std = gain/√fan_in = √2/√576 = 0.05893" in text
            return
    pytest.fail("no Conv2d(64, …, 3) He-normal exercise in 3000 seeds")


# --- realistic sizes ------------------------------------------------------------------------------------------------

REAL_SIZES = {1, 3, 10, 40, 80, 96, 144, 192, 384, 768, 784, 960, 1000}


def _realistic(size: int) -> bool:
    return size in REAL_SIZES or (size >= 16 and size & (size - 1) == 0)


@pytest.mark.parametrize("kind", ["fan", "scale"])
def test_sizes_are_realistic(kind: str) -> None:
    for seed in SEEDS:
        layer = make_exercise(kind, seed).layer
        assert layer is not None
        assert _realistic(layer.in_size) and _realistic(layer.out_size), layer.code
        assert set(layer.kernel) <= {1, 2, 3, 4, 5, 7}, layer.code
        if layer.type == "Conv2d" and len(set(layer.kernel)) == 1 and layer.kernel[0] in (2, 4):
            pytest.fail(f"even kernels belong to transposed convs: {layer.code}")
        if layer.type == "ConvTranspose2d":
            assert layer.kernel in ((2, 2), (4, 4)) and layer.stride == 2
        assert layer.in_size % layer.groups == 0 and layer.out_size % layer.groups == 0


def test_every_layer_family_is_asked() -> None:
    codes = [make_exercise("fan", seed).layer for seed in SEEDS]
    layers = [layer for layer in codes if layer is not None]
    types = {layer.type for layer in layers}
    assert types == {"Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d"}
    assert any(layer.depthwise for layer in layers)
    assert any(layer.groups > 1 and not layer.depthwise for layer in layers)
    assert any(layer.kernel == (7, 7) and layer.in_size == 3 for layer in layers)  # an RGB stem
    quantities = {make_exercise("fan", seed).quantity for seed in SEEDS}
    assert quantities == {"fan_in", "fan_out"}
