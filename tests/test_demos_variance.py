"""Cards 4, 5 and 15 (quiz/demos/catalog/variance.py): xavier, he-vs-xavier and default-init hold on every seed with
the true science, flip with wrong science, and state their checks."""

from __future__ import annotations

import math

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

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import ParamError, run_demo

DEMOS = ("xavier", "he-vs-xavier", "default-init")


test_true_science_holds_on_seeds_0_to_29, test_checks_and_bands_are_in_the_json = sweep_and_json_tests(DEMOS, 4)


# ---------------------------------------------------------------------------------------------------------------
# xavier


@pytest.mark.parametrize(
    "patches",
    [
        pytest.param([scaled("xavier_normal", 0.8)], id="xavier_normal 20% narrow (funnel)"),
        pytest.param([scaled("xavier_uniform", 0.8)], id="xavier_uniform 20% narrow (deep net)"),
        pytest.param([scaled("xavier_uniform", 1.1)], id="xavier_uniform 10% wide"),
        pytest.param([scaled("kaiming_normal", 1.1)], id="fan_in/fan_out scaling 10% wide"),
        pytest.param([scaled("kaiming_uniform", 1.1)], id="standard init 10% wide"),
        pytest.param([fans("swapped")], id="fans swapped"),
        pytest.param([activation("TANH", nets.LECUN_TANH)], id="scaled tanh for tanh"),
        pytest.param([activation("TANH", nets.RELU)], id="ReLU for tanh"),
    ],
)
def test_xavier_flips_with_wrong_science(monkeypatch: pytest.MonkeyPatch, patches: list[object]) -> None:
    assert_flips(monkeypatch, "xavier", patches)  # type: ignore[arg-type]


def test_xavier_shows_the_compromise_and_which_decay_is_which() -> None:
    r = run_demo("xavier")
    funnel = r.tables[0]
    assert funnel.columns[0] == "Var(W)"
    rows = {row[0]: dict(zip(funnel.columns, row, strict=True)) for row in funnel.rows}
    # fan_in keeps the forward pass, fan_out the backward one, Xavier is between: both off, neither by the full ×4.
    assert rows["fan_in"]["forward × (measured)"] == pytest.approx(1, rel=0.2)
    assert rows["fan_out"]["backward ×"] == pytest.approx(1, rel=0.2)
    assert rows["fan_in"]["backward × (theory)"] == pytest.approx(0.25, rel=0.02)  # widths 128 → 32
    assert rows["fan_out"]["forward × (theory)"] == pytest.approx(4.0, rel=0.02)
    xav = rows["fan_avg (Xavier)"]
    assert 1 < xav["forward × (measured)"] < 2.5 and 0.4 < xav["backward ×"] < 1
    # Standard: geometric ×1/3 a layer; Xavier: slow, ≈1/(2l), and not "flat" (it loses ×7 over 10 layers).
    assert check_value(r, "standard: activation variance ×/layer") == pytest.approx(1 / 3, rel=0.05)
    per_layer = r.tables[2]
    xav_var = [row[2] for row in per_layer.rows]
    assert xav_var[0] / xav_var[-1] > 5
    assert [row[4] for row in per_layer.rows][-1] == pytest.approx(1.0, abs=0.1)  # 2l·variance at layer 10
    assert "polynomially" in r.claim and "geometrically" in r.claim


# ---------------------------------------------------------------------------------------------------------------
# he-vs-xavier


@pytest.mark.parametrize(
    "patches",
    [
        pytest.param([scaled("kaiming_normal", 1.1)], id="He 10% wide (variance ×1.21 a layer)"),
        pytest.param([scaled("kaiming_normal", 0.95)], id="He 5% narrow"),
        pytest.param([scaled("xavier_normal", 0.8)], id="Xavier 20% narrow"),
        pytest.param([gain("relu", 1.0)], id="ReLU gain 1"),
        pytest.param([gain("relu", 1.5)], id="ReLU gain 1.5"),
        pytest.param([activation("RELU", nets.leaky_relu(0.2))], id="leaky ReLU for ReLU"),
        pytest.param([activation("RELU", nets.TANH)], id="tanh for ReLU"),
    ],
)
def test_he_vs_xavier_flips_with_wrong_science(monkeypatch: pytest.MonkeyPatch, patches: list[object]) -> None:
    assert_flips(monkeypatch, "he-vs-xavier", patches)  # type: ignore[arg-type]


def test_he_vs_xavier_bands_are_tight() -> None:
    r = run_demo("he-vs-xavier")
    he = next(c for c in r.checks if c.name.startswith("He: pre-activation"))
    assert he.low is not None and he.high is not None
    assert he.high - he.low < 0.15  # ±7 % at the defaults, not ±20 %: ×1.21 is far outside
    assert he.high < 1.21 and he.low > 0.5


def test_joint_work_limit_names_the_parameters() -> None:
    with pytest.raises(ParamError, match=r"depth × nets × width × \(width \+ batch\) = 70,778,880 is over"):
        run_demo("he-vs-xavier", {"depth": "60", "width": "256", "nets": "16"})


# ---------------------------------------------------------------------------------------------------------------
# default-init


def _torch_default_is_he(shape: object, a: float = 0, **kwargs: object) -> object:
    del a  # the wrong science: nn.Linear's kaiming_uniform(a=√5) taken for He
    return _kaiming_uniform(shape, **kwargs)


_kaiming_uniform = init.kaiming_uniform


@pytest.mark.parametrize(
    "patches",
    [
        pytest.param([scaled("xavier_normal", 0.8)], id="Xavier 20% narrow"),
        pytest.param([scaled("kaiming_normal", 1.1)], id="He 10% wide"),
        pytest.param([scaled("kaiming_normal", 0.93**0.5)], id="He losing ×0.93 a layer"),
        pytest.param([(init, "kaiming_uniform", _torch_default_is_he)], id="torch default taken for He"),
        pytest.param([activation("TANH", nets.LECUN_TANH)], id="scaled tanh for tanh"),
        pytest.param([activation("RELU", nets.leaky_relu(0.2))], id="leaky ReLU for ReLU"),
    ],
)
def test_default_init_flips_with_wrong_science(monkeypatch: pytest.MonkeyPatch, patches: list[object]) -> None:
    assert_flips(monkeypatch, "default-init", patches)  # type: ignore[arg-type]


def test_default_init_names_torchs_default_and_it_is_not_he() -> None:
    r = run_demo("default-init")
    assert check_value(r, "torch default: fan_in·Var(W)") == pytest.approx(1 / 3, rel=0.01)
    assert check_value(r, "torch default + ReLU") == pytest.approx(1 / 6, rel=0.1)
    assert check_value(r, "He + ReLU: variance") == pytest.approx(1.0, abs=0.1)
    rows = {(row[0], row[2]): row for row in r.tables[0].rows}
    assert "kaiming_uniform(a=√5)" in rows["torch default", "relu"][1]
    assert "kaiming_uniform(a=√5)" in r.claim and "not He" in r.claim
    sat = {k: row[r.tables[0].columns.index("saturated (|tanh| > 0.9)")] for k, row in rows.items()}
    assert sat["He", "tanh"] > 0.03 > sat["Xavier", "tanh"]


def test_the_sqrt5_default_is_glorots_standard_init() -> None:
    # REFERENCE: kaiming_uniform(a=√5) → bound exactly 1/√fan_in.
    assert math.sqrt(3) * init.kaiming_std(100, init.calculate_gain("leaky_relu", math.sqrt(5))) == pytest.approx(0.1)
