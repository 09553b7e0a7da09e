"""Cards 3 and 13 (quiz/demos/catalog/fans.py): fan-in-out and conv-fan-in hold on every seed with the true science,
flip with wrong science, and state their checks; the conv stack's FFT convolution is the im2col one."""

from __future__ import annotations

import math

import numpy as np
import pytest
from wrong_science import (
    activation,
    assert_flips,
    check_value,
    fans,
    gain,
    scaled,
    sweep_and_json_tests,
)

from quiz.demos import nets
from quiz.demos.base import ParamError, run_demo
from quiz.demos.catalog.fans import _pad, circular_conv, circular_conv_adjoint, kernel_spectrum

DEMOS = ("fan-in-out", "conv-fan-in")


test_true_science_holds_on_seeds_0_to_29, test_checks_and_bands_are_in_the_json = sweep_and_json_tests(DEMOS, 6)


# ---------------------------------------------------------------------------------------------------------------
# fan-in-out


@pytest.mark.parametrize(
    "patches",
    [
        pytest.param([fans("swapped")], id="fans swapped"),
        pytest.param([fans("no-kernel")], id="fans without the kernel"),
        pytest.param([scaled("kaiming_normal", 1.1)], id="He 10% wide"),
        pytest.param([scaled("kaiming_normal", 1.03)], id="He 3% wide"),
        pytest.param([scaled("xavier_normal", 0.8)], id="Xavier 20% narrow"),
        pytest.param([gain("relu", 1.0)], id="ReLU gain 1"),
    ],
)
def test_fan_in_out_flips_with_wrong_science(monkeypatch: pytest.MonkeyPatch, patches: list[object]) -> None:
    assert_flips(monkeypatch, "fan-in-out", patches)  # type: ignore[arg-type]


def test_fans_of_every_layer_kind() -> None:
    t = run_demo("fan-in-out").tables[0]
    rows = {row[0]: dict(zip(t.columns, row, strict=True)) for row in t.rows}
    expected = {  # torch semantics at the defaults: Linear(512, 256), convs 64 → 128 channels, 3×3, groups 4
        "Linear": (512, 256),
        "Conv1d": (192, 384),
        "Conv2d": (576, 1152),
        "Conv3d": (1728, 3456),
        "Conv2d, groups=4": (144, 1152),  # (128, 16, 3, 3): in/groups·k²
        "Conv2d depthwise (groups=64)": (9, 576),  # (64, 1, 3, 3): k² only
        "ConvTranspose2d": (1152, 576),  # (in, out, k, k): swapped
        "ConvTranspose2d, groups=4": (288, 576),  # (64, 32, 3, 3)
    }
    assert {name: (r["fan_in"], r["fan_out"]) for name, r in rows.items()} == expected
    assert rows["Linear"]["He std √(2/fan_in)"] == pytest.approx(0.0625)  # REFERENCE: fan_in 512
    assert rows["Conv2d"]["He std √(2/fan_in)"] == pytest.approx(0.0589, abs=1e-4)  # fan_in 576
    assert rows["Conv2d depthwise (groups=64)"]["draws"] >= 1 << 16  # a 576-entry weight, drawn again and again


def test_one_element_shapes_are_measured_on_many_draws() -> None:
    ones = {"in_features": "1", "out_features": "1", "in_channels": "1", "out_channels": "1", "kernel": "1"}
    r = run_demo("fan-in-out", {**ones, "groups": "1"})
    assert r.holds
    assert all(row[-1] >= 4096 for row in r.tables[0].rows)
    std_check = next(c for c in r.checks if c.name.startswith("He std"))
    assert std_check.high is not None and std_check.high < 0.06  # not the vacuous ±350 % of one draw


def test_groups_must_divide_the_channels() -> None:
    with pytest.raises(ParamError, match="groups=3 must divide in_channels=64 and out_channels=128"):
        run_demo("fan-in-out", {"groups": "3"})


# ---------------------------------------------------------------------------------------------------------------
# conv-fan-in


@pytest.mark.parametrize(
    "patches",
    [
        pytest.param([fans("no-kernel")], id="fan_in without the kernel"),
        pytest.param([scaled("kaiming_normal", 1.1)], id="He 10% wide"),
        pytest.param([gain("relu", 1.0)], id="ReLU gain 1"),
        pytest.param([activation("RELU", nets.leaky_relu(0.2))], id="leaky ReLU for ReLU"),
        pytest.param([activation("RELU", nets.TANH)], id="tanh for ReLU"),
    ],
)
def test_conv_fan_in_flips_with_wrong_science(monkeypatch: pytest.MonkeyPatch, patches: list[object]) -> None:
    assert_flips(monkeypatch, "conv-fan-in", patches)  # type: ignore[arg-type]


def test_the_wrong_fan_is_measured_not_rescaled() -> None:
    r = run_demo("conv-fan-in")
    t = r.tables[0]
    assert [t.rows[0][1], t.rows[1][1]] == [288, 32]
    # An independent draw with fan_in = C_in: its measured std is √(2/32), not exactly k × the right weights'.
    assert t.rows[1][3] == pytest.approx(math.sqrt(2 / 32), rel=0.02)
    assert t.rows[1][3] != pytest.approx(3 * t.rows[0][3], rel=1e-9)
    assert check_value(r, "fan_in = C_in: mean square") == pytest.approx(9, rel=0.15)
    assert check_value(r, "fan_in = C_in: gradient") == pytest.approx(9, rel=0.15)
    assert check_value(r, "fan_in = k·k·C_in: gradient") == pytest.approx(1, rel=0.1)


def test_a_1x1_kernel_is_refused_with_the_reason() -> None:
    with pytest.raises(ParamError, match="kernel") as exc:
        run_demo("conv-fan-in", {"kernel": "1"})
    assert exc.value.param == "kernel"


def test_conv_fan_in_channels_1_kernel_2_runs_quietly() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = run_demo("conv-fan-in", {"channels": "1", "kernel": "2", "batch": "7"})
    assert all(math.isfinite(c.value) for c in r.checks)


@pytest.mark.parametrize(("k", "s"), [(2, 5), (3, 8), (4, 9), (5, 5)])
def test_fft_convolution_is_the_im2col_one_and_its_adjoint(k: int, s: int) -> None:
    rng = np.random.default_rng(k * 10 + s)
    x = rng.standard_normal((2, 3, 4, s, s))
    w = rng.standard_normal((2, 5, 4, k, k))
    y = rng.standard_normal((2, 3, 5, s, s))
    lo, hi = (k - 1) // 2, k // 2
    spectrum = kernel_spectrum(w, s)
    reference = np.stack([nets.conv2d(_pad(x[n], lo, hi), w[n]) for n in range(2)])
    np.testing.assert_allclose(circular_conv(x, spectrum), reference, atol=1e-12)
    assert np.sum(circular_conv(x, spectrum) * y) == pytest.approx(np.sum(x * circular_conv_adjoint(y, spectrum)))
