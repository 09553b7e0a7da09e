"""quiz.demos.initializers against torch.nn.init (data/reference/torch_init.json) and REFERENCE.md's formulas."""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quiz.demos import initializers as init

REFERENCE_PATH = Path(__file__).resolve().parent.parent / "data" / "reference" / "torch_init.json"
REF: dict[str, Any] = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))

SEED = 1234
NONLINEARITIES_WITH_GAIN = {
    "linear": 1.0,
    "conv1d": 1.0,
    "conv2d": 1.0,
    "conv3d": 1.0,
    "conv_transpose1d": 1.0,
    "conv_transpose2d": 1.0,
    "conv_transpose3d": 1.0,
    "sigmoid": 1.0,
    "tanh": 5 / 3,
    "relu": math.sqrt(2),
    "selu": 3 / 4,
}

# (out, in, *kernel): dense, conv1d/2d/3d, odd and degenerate-but-valid sizes.
SHAPES: list[tuple[int, ...]] = [
    (1, 1),
    (2, 3),
    (3, 2),
    (10, 784),
    (784, 10),
    (512, 512),
    (33, 17),
    (8, 1, 7),
    (16, 3, 5),
    (64, 3, 7, 7),
    (128, 64, 3, 3),
    (64, 64, 1, 1),
    (7, 5, 3, 2),
    (5, 7, 2, 3),
    (8, 4, 3, 3, 3),
    (3, 2, 1, 4, 5),
    (2, 3, 1, 1, 1, 1),
]
RANDOM_INITS: dict[str, Callable[..., np.ndarray]] = {
    "xavier_uniform": init.xavier_uniform,
    "xavier_normal": init.xavier_normal,
    "kaiming_uniform": init.kaiming_uniform,
    "kaiming_normal": init.kaiming_normal,
    "lecun_uniform": init.lecun_uniform,
    "lecun_normal": init.lecun_normal,
    "orthogonal": init.orthogonal,
}
FAN_INITS: dict[str, Callable[..., Any]] = {"fan_in_and_fan_out": init.fan_in_and_fan_out, **RANDOM_INITS}


def rng(seed: int = SEED) -> np.random.Generator:
    return np.random.default_rng(seed)


def expected_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """REFERENCE.md: fan_in = in · prod(kernel), fan_out = out · prod(kernel)."""
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def as_matrix(w: np.ndarray) -> np.ndarray:
    return w.reshape(w.shape[0], -1)


def case_id(case: dict[str, Any]) -> str:
    return "-".join(f"{v}" for k, v in case.items() if k in {"shape", "nonlinearity", "param", "gain", "mode", "a"})


# --- the reference file itself --------------------------------------------------------------------------------------


def test_reference_comes_from_torch_2_13_and_is_small() -> None:
    assert REF["torch_version"].startswith("2.13.0")
    assert REF["generated_by"] == "scripts/make_torch_reference.py"
    assert REFERENCE_PATH.stat().st_size < 200_000


# --- fans -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", REF["fans"], ids=case_id)
def test_fans_match_torch(case: dict[str, Any]) -> None:
    assert init.fan_in_and_fan_out(tuple(case["shape"])) == (case["fan_in"], case["fan_out"])


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_fans_match_reference_formula(shape: tuple[int, ...]) -> None:
    fans = init.fan_in_and_fan_out(shape)
    assert fans == expected_fans(shape)
    assert all(type(fan) is int for fan in fans)


def test_fans_of_conv_and_transposed_conv() -> None:
    assert init.fan_in_and_fan_out((128, 64, 3, 3)) == (576, 1152)
    # ConvTranspose2d(64, 128, 4) stores its weight (in, out, k, k): the fans come out swapped.
    assert init.fan_in_and_fan_out((64, 128, 4, 4)) == (128 * 16, 64 * 16)
    assert init.fan_in_and_fan_out([256, 512]) == (512, 256)
    assert init.fan_in_and_fan_out((np.int64(4), np.int32(3))) == (3, 4)


@pytest.mark.parametrize(("shape", "mode", "expected"), [((6, 4, 3), "fan_in", 12), ((6, 4, 3), "fan_out", 18)])
def test_correct_fan(shape: tuple[int, ...], mode: str, expected: int) -> None:
    assert init.correct_fan(shape, mode) == expected
    assert init.correct_fan(shape, mode.upper()) == expected


# --- gains ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", REF["gains"]["values"], ids=case_id)
def test_gains_match_torch_exactly(case: dict[str, Any]) -> None:
    gain = init.calculate_gain(case["nonlinearity"], case["param"])
    assert gain == case["gain"]
    assert isinstance(gain, float)


@pytest.mark.parametrize("case", REF["gains"]["errors"], ids=case_id)
def test_gain_errors_match_torch(case: dict[str, Any]) -> None:
    assert case["error"] == "ValueError"
    with pytest.raises(ValueError, match=re.escape(case["message"])):
        init.calculate_gain(case["nonlinearity"], case["param"])


def test_every_nonlinearity_is_covered_by_the_reference() -> None:
    recorded = {case["nonlinearity"] for case in REF["gains"]["values"]}
    assert recorded == set(init.NONLINEARITIES)


@pytest.mark.parametrize(("name", "expected"), NONLINEARITIES_WITH_GAIN.items())
def test_gains_match_reference_table(name: str, expected: float) -> None:
    assert init.calculate_gain(name) == pytest.approx(expected, rel=1e-15)
    assert init.calculate_gain(name, 0.5) == init.calculate_gain(name)  # param only matters for leaky_relu


@pytest.mark.parametrize("slope", [0, 0.0, 0.01, 0.2, -0.3, 1, 5, math.sqrt(5), np.float64(0.2)])
def test_leaky_relu_gain_formula(slope: float) -> None:
    assert init.calculate_gain("leaky_relu", slope) == pytest.approx(math.sqrt(2 / (1 + slope**2)), rel=1e-15)


def test_leaky_relu_gain_defaults() -> None:
    assert init.calculate_gain("leaky_relu") == math.sqrt(2 / (1 + 0.01**2))
    assert init.calculate_gain("leaky_relu", 0) == math.sqrt(2)
    assert init.calculate_gain("leaky_relu", math.sqrt(5)) == pytest.approx(math.sqrt(1 / 3))


@pytest.mark.parametrize("param", [True, False, "0.2", np.int64(1), np.float32(0.2), [0.1]], ids=repr)
def test_leaky_relu_param_must_be_a_python_number(param: Any) -> None:
    # torch accepts an int (not a bool) or a float; numpy's float64 is a float, its int64/float32 are not.
    with pytest.raises(ValueError, match="not a valid number"):
        init.calculate_gain("leaky_relu", param)


# --- bounds and stds against torch ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", REF["analytic"]["xavier"], ids=case_id)
def test_xavier_scales_match_torch(case: dict[str, Any]) -> None:
    shape, gain = tuple(case["shape"]), case["gain"]
    fan_in, fan_out = init.fan_in_and_fan_out(shape)
    assert init.xavier_bound(fan_in, fan_out, gain) == pytest.approx(case["bound"], rel=1e-14)
    assert init.xavier_std(fan_in, fan_out, gain) == pytest.approx(case["std"], rel=1e-14)
    # The initializers draw exactly U(−bound, bound) and N(0, std²) with torch's scale.
    expected = rng().uniform(-case["bound"], case["bound"], size=shape)
    np.testing.assert_allclose(init.xavier_uniform(shape, gain=gain, rng=rng()), expected, rtol=1e-13)
    expected = rng().normal(0.0, case["std"], size=shape)
    np.testing.assert_allclose(init.xavier_normal(shape, gain=gain, rng=rng()), expected, rtol=1e-13)


@pytest.mark.parametrize("case", REF["analytic"]["kaiming"], ids=case_id)
def test_kaiming_scales_match_torch(case: dict[str, Any]) -> None:
    shape = tuple(case["shape"])
    kwargs = {"a": case["a"], "mode": case["mode"], "nonlinearity": case["nonlinearity"]}
    fan = init.correct_fan(shape, case["mode"])
    gain = init.calculate_gain(case["nonlinearity"], case["a"])
    assert init.kaiming_bound(fan, gain) == pytest.approx(case["bound"], rel=1e-14)
    assert init.kaiming_std(fan, gain) == pytest.approx(case["std"], rel=1e-14)
    expected = rng().uniform(-case["bound"], case["bound"], size=shape)
    np.testing.assert_allclose(init.kaiming_uniform(shape, **kwargs, rng=rng()), expected, rtol=1e-13)
    expected = rng().normal(0.0, case["std"], size=shape)
    np.testing.assert_allclose(init.kaiming_normal(shape, **kwargs, rng=rng()), expected, rtol=1e-13)


@pytest.mark.parametrize("case", REF["layer_defaults"], ids=lambda case: case["layer"])
def test_nn_linear_and_conv_default_bound(case: dict[str, Any]) -> None:
    """nn.Linear / nn.Conv*d weights: kaiming_uniform(a=√5), i.e. U(±1/√fan_in), Var = 1/(3·fan_in)."""
    shape = tuple(case["weight_shape"])
    fan_in, _ = init.fan_in_and_fan_out(shape)
    assert fan_in == case["fan_in"]
    bound = init.kaiming_bound(fan_in, init.calculate_gain("leaky_relu", math.sqrt(5)))
    assert bound == pytest.approx(case["weight_bound"], rel=1e-14)
    assert bound == pytest.approx(case["bias_bound"], rel=1e-14)
    assert bound == pytest.approx(1 / math.sqrt(fan_in), rel=1e-14)
    assert bound**2 / 3 == pytest.approx(1 / (3 * fan_in), rel=1e-14)
    w = init.kaiming_uniform(shape, a=math.sqrt(5), rng=rng())
    np.testing.assert_allclose(w, rng().uniform(-bound, bound, size=shape), rtol=1e-13)


# --- sampled statistics against torch's -----------------------------------------------------------------------------


def sample(case: dict[str, Any]) -> np.ndarray:
    fn: Callable[..., np.ndarray] = getattr(init, case["init"])
    return fn(tuple(case["shape"]), **case["kwargs"], rng=rng())


@pytest.mark.parametrize("case", REF["empirical"]["uniform"], ids=lambda case: f"{case['init']}-{case['shape']}")
def test_uniform_samples_fill_torchs_bound(case: dict[str, Any]) -> None:
    w = sample(case)
    bound = case["bound"]
    max_abs = float(np.abs(w).max())
    assert max_abs <= bound
    assert max_abs >= bound * (1 - 1e-3)
    assert abs(max_abs - case["max_abs"]) <= bound * 1e-3  # torch's own sample reached the same edge
    assert float(w.std()) == pytest.approx(bound / math.sqrt(3), rel=0.015)
    assert float(w.std()) == pytest.approx(case["std"], rel=0.02)
    assert abs(float(w.mean())) < bound * 0.01


@pytest.mark.parametrize("case", REF["empirical"]["normal"], ids=lambda case: f"{case['init']}-{case['shape']}")
def test_normal_samples_have_torchs_std(case: dict[str, Any]) -> None:
    w = sample(case)
    target = case["target_std"]
    assert case["std"] == pytest.approx(target, rel=0.015)  # torch's sample, as a sanity check of the file
    assert float(w.std()) == pytest.approx(target, rel=0.015)
    assert float(w.std()) == pytest.approx(case["std"], rel=0.02)
    assert abs(float(w.mean())) < target * 0.02
    # The tails look like torch's: a few std out, not clipped.
    assert 3.5 * target < float(np.abs(w).max()) < 6.5 * target


@pytest.mark.parametrize("case", REF["empirical"]["orthogonal"], ids=case_id)
def test_orthogonal_matches_torchs_orthogonality(case: dict[str, Any]) -> None:
    w = init.orthogonal(tuple(case["shape"]), gain=case["gain"], rng=rng())
    m = as_matrix(w)
    assert m.shape == (case["rows"], case["cols"])
    gram = m @ m.T if case["gram"] == "W @ W.T" else m.T @ m
    deviation = float(np.abs(gram - case["gain"] ** 2 * np.eye(gram.shape[0])).max())
    assert deviation <= max(1e-13, 20 * case["max_abs_deviation"])
    singular = np.linalg.svd(m, compute_uv=False)
    np.testing.assert_allclose(singular, case["gain"], rtol=1e-12)
    assert case["singular_values_min"] == pytest.approx(case["gain"], rel=1e-12)
    assert case["singular_values_max"] == pytest.approx(case["gain"], rel=1e-12)


@pytest.mark.parametrize("case", REF["orthogonal_exact"], ids=case_id)
def test_orthogonal_is_torchs_algorithm(case: dict[str, Any]) -> None:
    """Fed the N(0, 1) matrix torch drew, the NumPy algorithm gives torch's weight."""
    shape = tuple(case["shape"])
    normal = np.array(case["normal"], dtype=np.float64)
    w = init._orthogonalize(normal, case["gain"]).reshape(shape)
    np.testing.assert_allclose(w.reshape(-1), case["weight"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 2, 2, 2), (6, 2, 1, 1)], ids=str)
def test_orthogonal_draws_a_rows_by_cols_normal(shape: tuple[int, ...]) -> None:
    rows = shape[0]
    normal = rng().standard_normal((rows, math.prod(shape) // rows))
    np.testing.assert_array_equal(
        init.orthogonal(shape, gain=1.5, rng=rng()), init._orthogonalize(normal, 1.5).reshape(shape)
    )


# --- REFERENCE.md's formulas on many shapes -------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_scales_match_reference_formulas(shape: tuple[int, ...]) -> None:
    fan_in, fan_out = expected_fans(shape)
    for gain in (1.0, 5 / 3, math.sqrt(2)):
        assert init.xavier_bound(fan_in, fan_out, gain) == pytest.approx(gain * math.sqrt(6 / (fan_in + fan_out)))
        assert init.xavier_std(fan_in, fan_out, gain) == pytest.approx(gain * math.sqrt(2 / (fan_in + fan_out)))
        for fan in (fan_in, fan_out):
            assert init.kaiming_bound(fan, gain) == pytest.approx(math.sqrt(3) * gain / math.sqrt(fan))
            assert init.kaiming_std(fan, gain) == pytest.approx(gain / math.sqrt(fan))
    assert init.lecun_std(fan_in) == pytest.approx(1 / math.sqrt(fan_in))
    assert init.lecun_bound(fan_in) == pytest.approx(math.sqrt(3 / fan_in))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_initializers_use_the_reference_scales(shape: tuple[int, ...]) -> None:
    fan_in, fan_out = expected_fans(shape)
    gain = 5 / 3
    cases: list[tuple[np.ndarray, str, float]] = [
        (init.xavier_uniform(shape, gain=gain, rng=rng()), "uniform", gain * math.sqrt(6 / (fan_in + fan_out))),
        (init.xavier_normal(shape, gain=gain, rng=rng()), "normal", gain * math.sqrt(2 / (fan_in + fan_out))),
        # Defaults a=0, leaky_relu: slope 0, so gain √2 (not calculate_gain("leaky_relu")'s 0.01 slope).
        (init.kaiming_uniform(shape, rng=rng()), "uniform", math.sqrt(6 / fan_in)),
        (init.kaiming_uniform(shape, a=0.01, rng=rng()), "uniform", math.sqrt(6 / ((1 + 0.01**2) * fan_in))),
        (init.kaiming_normal(shape, nonlinearity="relu", mode="fan_out", rng=rng()), "normal", math.sqrt(2 / fan_out)),
        (init.kaiming_normal(shape, a=0.2, rng=rng()), "normal", math.sqrt(2 / (1.04 * fan_in))),
        (init.lecun_uniform(shape, rng=rng()), "uniform", math.sqrt(3 / fan_in)),
        (init.lecun_normal(shape, rng=rng()), "normal", 1 / math.sqrt(fan_in)),
    ]
    for w, kind, scale in cases:
        assert w.shape == shape
        assert w.dtype == np.float64
        if kind == "uniform":
            np.testing.assert_allclose(w, rng().uniform(-scale, scale, size=shape), rtol=1e-12)
        else:
            np.testing.assert_allclose(w, rng().normal(0.0, scale, size=shape), rtol=1e-12)


def test_derived_facts() -> None:
    relu = init.calculate_gain("relu")
    assert init.kaiming_std(512, relu) == pytest.approx(0.0625, rel=1e-15)
    fan_in, _ = init.fan_in_and_fan_out((128, 64, 3, 3))
    assert fan_in == 576
    assert init.kaiming_std(fan_in, relu) == pytest.approx(0.0589, abs=5e-5)
    assert float(init.kaiming_normal((512, 512), nonlinearity="relu", rng=rng()).std()) == pytest.approx(
        0.0625, rel=0.01
    )
    w = init.kaiming_normal((512, 64, 3, 3), nonlinearity="relu", rng=rng())
    assert float(w.std()) == pytest.approx(math.sqrt(2 / 576), rel=0.01)


def test_kaiming_modes_and_slope() -> None:
    shape = (64, 32, 3, 3)  # fan_in 288, fan_out 576
    w_in = init.kaiming_normal(shape, nonlinearity="relu", rng=rng())
    w_out = init.kaiming_normal(shape, mode="fan_out", nonlinearity="relu", rng=rng())
    np.testing.assert_allclose(w_out, w_in * math.sqrt(288 / 576), rtol=1e-12)
    np.testing.assert_array_equal(init.kaiming_normal(shape, mode="FAN_OUT", nonlinearity="relu", rng=rng()), w_out)
    # a is the leaky-ReLU slope and is ignored for relu; the default (a=0, leaky_relu) is the ReLU gain.
    np.testing.assert_array_equal(init.kaiming_normal(shape, a=3.0, nonlinearity="relu", rng=rng()), w_in)
    np.testing.assert_array_equal(init.kaiming_normal(shape, rng=rng()), w_in)


def test_lecun_is_kaiming_with_gain_one() -> None:
    shape = (100, 30, 3)
    np.testing.assert_array_equal(
        init.lecun_normal(shape, rng=rng()), init.kaiming_normal(shape, nonlinearity="linear", rng=rng())
    )
    np.testing.assert_array_equal(
        init.lecun_uniform(shape, rng=rng()), init.kaiming_uniform(shape, nonlinearity="linear", rng=rng())
    )
    w = init.lecun_normal((512, 1000), rng=rng())
    assert float(w.std()) == pytest.approx(1 / math.sqrt(1000), rel=0.01)
    assert float(np.abs(w).max()) > 2.5 / math.sqrt(1000)  # a plain normal: not truncated at ±2 std
    assert 0.8796 < init.KERAS_TRUNCATED_NORMAL_STD < 0.8797


# --- orthogonality on many shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [*SHAPES, (256, 16, 3, 3), (16, 256), (1, 9), (9, 1)], ids=str)
@pytest.mark.parametrize("gain", [1.0, math.sqrt(2), 0.5])
def test_orthogonal_is_semi_orthogonal(shape: tuple[int, ...], gain: float) -> None:
    w = init.orthogonal(shape, gain=gain, rng=rng())
    assert w.shape == shape
    assert w.dtype == np.float64
    m = as_matrix(w)
    rows, cols = m.shape
    gram = m @ m.T if rows <= cols else m.T @ m
    np.testing.assert_allclose(gram, gain**2 * np.eye(min(rows, cols)), rtol=0, atol=1e-12)


def test_orthogonal_square_is_orthogonal_both_ways() -> None:
    m = init.orthogonal((50, 50), rng=rng())
    np.testing.assert_allclose(m @ m.T, np.eye(50), atol=1e-12)
    np.testing.assert_allclose(m.T @ m, np.eye(50), atol=1e-12)


# --- arrays: dtype, freshness, reproducibility ----------------------------------------------------------------------


@pytest.mark.parametrize("name", RANDOM_INITS)
def test_random_inits_return_new_float64_arrays_reproducibly(name: str) -> None:
    fn = RANDOM_INITS[name]
    shape = (12, 7, 3)
    a, b = fn(shape, rng=rng(7)), fn(shape, rng=rng(7))
    assert a.dtype == np.float64
    assert a.shape == shape
    assert a.flags.c_contiguous
    assert a is not b
    assert not np.shares_memory(a, b)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, fn(shape, rng=rng(8)))
    # One generator, two calls: two different draws; no rng: a fresh unseeded generator.
    generator = rng(7)
    assert not np.array_equal(fn(shape, rng=generator), fn(shape, rng=generator))
    assert not np.array_equal(fn(shape), fn(shape))


@pytest.mark.parametrize("shape", [(), (5,), (0,), (3, 4), (2, 0, 3), (2, 3, 4, 5)], ids=str)
def test_zeros_and_constant(shape: tuple[int, ...]) -> None:
    z1, z2 = init.zeros(shape), init.zeros(shape)
    c = init.constant(shape, 0.25)
    for w in (z1, z2, c):
        assert w.shape == shape
        assert w.dtype == np.float64
    assert not np.any(z1)
    assert np.all(c == 0.25)
    assert init.constant(shape, 3).dtype == np.float64
    if z1.size:
        z1[...] = 1.0
        assert not np.any(init.zeros(shape))
        assert not np.shares_memory(z1, z2)


# --- degenerate shapes and errors, as torch -------------------------------------------------------------------------

OURS_FOR_TORCH: dict[str, Callable[[tuple[int, ...]], Any]] = {
    "fan_in_and_fan_out": init.fan_in_and_fan_out,
    "xavier_uniform": init.xavier_uniform,
    "xavier_normal": init.xavier_normal,
    "kaiming_uniform": init.kaiming_uniform,
    "kaiming_normal": init.kaiming_normal,
    "kaiming_uniform_bad_mode": lambda shape: init.kaiming_uniform(shape, mode="fan_avg"),
    "orthogonal": init.orthogonal,
    "zeros": init.zeros,
    "constant": lambda shape: init.constant(shape, 0.5),
}


@pytest.mark.parametrize(
    "case", [c for c in REF["behaviour"] if "shape" in c], ids=lambda c: f"{c['init']}-{c['shape']}"
)
def test_degenerate_shapes_behave_as_torch(case: dict[str, Any]) -> None:
    fn, shape = OURS_FOR_TORCH[case["init"]], tuple(case["shape"])
    if case["outcome"] == "error":
        # torch lets ZeroDivisionError escape for Xavier with both fans zero; we raise ValueError (documented).
        message = re.escape(case["message"]) if case["error"] == "ValueError" else "fan_in \\+ fan_out > 0"
        with pytest.raises(ValueError, match=message):
            fn(shape)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(shape)
    assert [str(w.message) for w in caught] == ([case["warning"]] if case["outcome"] == "warning" else [])
    assert all(w.category is UserWarning for w in caught)
    if isinstance(result, np.ndarray):
        assert result.shape == shape
        assert result.dtype == np.float64


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (2, 0, 3)], ids=str)
@pytest.mark.parametrize("fn", [init.lecun_uniform, init.lecun_normal])
def test_lecun_on_zero_element_shapes_warns_like_kaiming(fn: Callable[..., np.ndarray], shape: tuple[int, ...]) -> None:
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        w = fn(shape)
    assert w.shape == shape
    assert w.dtype == np.float64


@pytest.mark.parametrize("name", FAN_INITS)
@pytest.mark.parametrize("shape", [(), (5,), (1,)], ids=str)
def test_fewer_than_two_dims_raise(name: str, shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match=r"2 (or more )?dimensions"):
        FAN_INITS[name](shape)


@pytest.mark.parametrize("case", [c for c in REF["behaviour"] if "shape" not in c], ids=lambda c: c["init"])
def test_bad_arguments_raise_value_error(case: dict[str, Any]) -> None:
    calls: dict[str, Callable[[], Any]] = {
        "xavier_uniform gain=-1": lambda: init.xavier_uniform((3, 4), gain=-1.0),
        "xavier_normal gain=-1": lambda: init.xavier_normal((3, 4), gain=-1.0),
        "kaiming_uniform mode=fan_avg": lambda: init.kaiming_uniform((3, 4), mode="fan_avg"),
        "kaiming_normal nonlinearity=gelu": lambda: init.kaiming_normal((3, 4), nonlinearity="gelu"),
        "kaiming_normal a=True": lambda: init.kaiming_normal((3, 4), a=True),
    }
    assert case["outcome"] == "error"
    # torch raises RuntimeError (from uniform_/normal_) for a negative Xavier gain; we raise ValueError (documented).
    message = re.escape(case["message"]) if case["error"] == "ValueError" else "gain must be a non-negative number"
    with pytest.raises(ValueError, match=message):
        calls[case["init"]]()


@pytest.mark.parametrize("mode", ["fan_avg", "", "fanin", None])
@pytest.mark.parametrize("fn", [init.kaiming_uniform, init.kaiming_normal])
def test_bad_mode_raises(fn: Callable[..., np.ndarray], mode: Any) -> None:
    with pytest.raises(ValueError, match="not supported, please use one of"):
        fn((4, 3), mode=mode)
    with pytest.raises(ValueError, match="not supported"):
        init.correct_fan((4, 3), mode)


@pytest.mark.parametrize("nonlinearity", ["gelu", "ReLU", "", "softmax"])
@pytest.mark.parametrize("fn", [init.kaiming_uniform, init.kaiming_normal])
def test_unknown_nonlinearity_raises(fn: Callable[..., np.ndarray], nonlinearity: str) -> None:
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        fn((4, 3), nonlinearity=nonlinearity)


@pytest.mark.parametrize("a", [True, "0.1", np.int64(1)], ids=repr)
def test_bad_leaky_slope_raises(a: Any) -> None:
    with pytest.raises(ValueError, match="not a valid number"):
        init.kaiming_uniform((4, 3), a=a)


@pytest.mark.parametrize("gain", [-1.0, -1e-9, math.nan])
@pytest.mark.parametrize("fn", [init.xavier_uniform, init.xavier_normal])
def test_bad_xavier_gain_raises(fn: Callable[..., np.ndarray], gain: float) -> None:
    with pytest.raises(ValueError, match="gain must be a non-negative number"):
        fn((4, 3), gain=gain)


@pytest.mark.parametrize("shape", [(3, -1), (2.0, 3), ("a", 3), (True, 3), 5, "34", None, (3, None)], ids=repr)
@pytest.mark.parametrize(
    "fn", [init.fan_in_and_fan_out, init.xavier_uniform, init.kaiming_normal, init.orthogonal, init.zeros]
)
def test_bad_shapes_raise(fn: Callable[..., Any], shape: Any) -> None:
    with pytest.raises(ValueError, match="shape must"):
        fn(shape)


def test_bad_scale_arguments_raise() -> None:
    with pytest.raises(ValueError, match="fan_in \\+ fan_out > 0"):
        init.xavier_std(0, 0)
    with pytest.raises(ValueError, match="positive fan"):
        init.kaiming_std(0)
    with pytest.raises(ValueError, match="positive fan"):
        init.lecun_bound(0)


@pytest.mark.parametrize("bad_rng", [0, np.random.RandomState(0), "seed"], ids=["int", "RandomState", "str"])
def test_rng_must_be_a_generator(bad_rng: Any) -> None:
    with pytest.raises(TypeError, match=r"numpy\.random\.Generator"):
        init.xavier_uniform((3, 4), rng=bad_rng)
    with pytest.raises(TypeError, match=r"numpy\.random\.Generator"):
        init.orthogonal((3, 4), rng=bad_rng)


def test_initializers_look_their_fans_and_gains_up_on_the_module_when_called(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong-science control swaps ``fan_in_and_fan_out`` or ``calculate_gain`` on this module: every initializer
    that divides by a fan or multiplies by a gain must then use the swapped one (the formulas live in init_math,
    but the look-ups happen here, at call time)."""
    import numpy as np

    from quiz.demos import initializers as init

    shape = (64, 256)  # fan_in 256, fan_out 64
    before = {
        "kaiming": init.kaiming_normal(shape, nonlinearity="relu", rng=np.random.default_rng(0)).std(),
        "lecun": init.lecun_normal(shape, rng=np.random.default_rng(0)).std(),
        "correct_fan": init.correct_fan(shape),
    }
    monkeypatch.setattr(init, "fan_in_and_fan_out", lambda s: (64, 256))  # swapped
    assert init.correct_fan(shape) == 64 != before["correct_fan"]
    assert init.kaiming_normal(shape, nonlinearity="relu", rng=np.random.default_rng(0)).std() == pytest.approx(
        before["kaiming"] * 2, rel=1e-12
    )
    assert init.lecun_normal(shape, rng=np.random.default_rng(0)).std() == pytest.approx(before["lecun"] * 2, rel=1e-12)
    monkeypatch.undo()
    monkeypatch.setattr(init, "calculate_gain", lambda nonlinearity, param=None: 1.0)
    assert init.kaiming_normal(shape, nonlinearity="relu", rng=np.random.default_rng(0)).std() == pytest.approx(
        before["kaiming"] / 2**0.5, rel=1e-12
    )
