"""Cards 1 and 2: `symmetry` (two circles and the real digits) and `bias-init`; the digits data file.

Each demo: its numbers, a seed sweep (seeds 0–29 hold at the defaults) and wrong-science controls that flip it
(on at least 4 of seeds 0–4).
"""

from __future__ import annotations

import gzip
import hashlib
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from demo_controls import (
    LINEAR,
    failed_checks,
    failing_seeds,
    fan_out_instead,
    flips,
    random_instead,
    scaled,
    zeros_instead,
)

from quiz.demos import digits, nets
from quiz.demos import initializers as init
from quiz.demos.base import DemoResult, Table, run_demo

ROOT = Path(__file__).resolve().parent.parent


def tab(result: DemoResult, start: str) -> Table:
    return next(t for t in result.tables if t.name.startswith(start))


def rows(t: Table) -> dict[str, dict[str, object]]:
    return {str(r[0]): dict(zip(t.columns, r, strict=True)) for r in t.rows}


# ---------------------------------------------------------------------------------------------------------------
# The digits file: source, checksum, shape


def test_the_digits_file_is_the_recorded_one() -> None:
    packed = (ROOT / "data" / "digits" / "digits.csv.gz").read_bytes()
    assert hashlib.sha256(packed).hexdigest() == digits.DIGITS_SHA256
    text = gzip.decompress(packed).decode("ascii")
    assert (
        hashlib.sha256(text.encode()).hexdigest() == "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"
    )
    readme = (ROOT / "data" / "digits" / "README.md").read_text(encoding="utf-8")
    for needle in (digits.DIGITS_SHA256, "CC BY 4.0", "BSD 3-Clause", "10.24432/C50P49", "scikit-learn 1.9.1"):
        assert needle in readme


def test_load_digits_shape_range_and_classes() -> None:
    images, labels = digits.load_digits()
    assert images.shape == (1797, 64) and images.dtype == np.uint8
    assert labels.shape == (1797,)
    assert images.min() == 0 and images.max() == 16
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert not images.flags.writeable and not labels.flags.writeable
    # the first image of the file, as scikit-learn's load_digits() gives it (a zero, row by row)
    assert images[0, :8].tolist() == [0, 0, 5, 13, 9, 1, 0, 0] and labels[0] == 0


def test_the_split_is_fixed_and_standardized_on_the_training_images() -> None:
    d = digits.digits_split()
    assert d.x_train.shape == (64, 1198) and d.x_held.shape == (64, 599)
    assert d.y_train.shape == (10, 1198) and d.x_train.dtype == np.float32
    assert np.allclose(d.x_train.mean(axis=1), 0, atol=1e-5)
    std = d.x_train.std(axis=1)
    assert np.all((np.abs(std - 1) < 1e-4) | (std == 0))  # pixels that are always 0 stay 0
    assert (d.y_held.argmax(axis=0) == d.labels_held).all()


def test_a_damaged_or_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    copy = tmp_path / "digits.csv.gz"
    shutil.copy(digits.DIGITS_PATH, copy)
    with copy.open("r+b") as f:
        f.seek(100)
        f.write(b"\x00")
    with pytest.raises(digits.DigitsError, match=r"digits\.csv\.gz: SHA-256 [0-9a-f]{64} is not the recorded"):
        digits.load_digits(copy)
    with pytest.raises(digits.DigitsError, match="cannot read the digits data"):
        digits.load_digits(tmp_path / "missing.csv.gz")


def test_the_cli_names_a_missing_digits_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.cli import main

    monkeypatch.setattr(digits, "DIGITS_PATH", tmp_path / "gone.csv.gz")
    assert main(["demo", "symmetry"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quiz: error: ") and "gone.csv.gz: cannot read the digits data" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------------------------------------------
# symmetry (card 1)


@pytest.fixture(scope="module")
def sym() -> DemoResult:
    return run_demo("symmetry")


def test_symmetry_circles_numbers(sym: DemoResult) -> None:
    t = rows(tab(sym, "Two circles"))
    distinct = "distinct hidden units (of 8, per layer)"
    assert t["zeros"][distinct] == "1, 1" and t["constant 0.5"][distinct] == "1, 1"
    assert t["He"][distinct] == "8, 8" and t["N(0, 1)·10"][distinct] == "8, 8"
    assert t["zeros"]["max unit spread"] == 0.0 and t["zeros"]["weights moved (‖ΔW‖)"] == 0.0
    assert t["zeros"]["dead hidden units (0 on every input)"] == 16  # ReLU(0) = 0 for every unit and input
    assert t["constant 0.5"]["max unit spread"] <= 1e-12 < 0.5 < float(t["constant 0.5"]["weights moved (‖ΔW‖)"])  # type: ignore[arg-type]
    # DeepLearning.AI's exercise: zeros 50 %, N(0,1)·10 ≈ 83 % (15,000 steps), He ≈ 99 %
    assert t["zeros"]["train accuracy"] == 0.5 and t["zeros"]["initial loss"] == pytest.approx(math.log(2))
    assert t["zeros"]["final loss"] == pytest.approx(math.log(2))
    assert float(t["He"]["train accuracy"]) >= 0.97  # type: ignore[arg-type]
    assert float(t["N(0, 1)·10"]["initial loss"]) > 100 * float(t["He"]["initial loss"])  # type: ignore[arg-type]
    assert float(t["N(0, 1)·10"]["train accuracy"]) < float(t["He"]["train accuracy"]) - 0.2  # type: ignore[arg-type]


def test_symmetry_digits_numbers(sym: DemoResult) -> None:
    t = rows(tab(sym, "Handwritten digits"))
    assert t["zeros"]["hidden weights moved (‖ΔW‖)"] == 0.0
    assert t["zeros"]["final held-out loss"] == pytest.approx(math.log(10), abs=0.01)
    assert float(t["zeros"]["held-out accuracy"]) < 0.12  # type: ignore[arg-type]  # the majority class: chance
    for kind in ("Xavier", "He"):
        assert t[kind]["nets"] == 4
        assert float(t[kind]["held-out accuracy"]) > 0.9  # type: ignore[arg-type]
        assert float(t[kind]["final held-out loss"]) < 0.35  # type: ignore[arg-type]
        assert float(t[kind]["± std"]) > 0  # several seeds: a spread, shown
        assert float(t[kind]["final train loss"]) < float(t[kind]["final held-out loss"])  # type: ignore[arg-type]
    curve = tab(sym, "Digits: held-out loss during training")
    assert curve.rows[0][0] == 0 and curve.rows[-1][0] == 15
    he = [r[4] for r in curve.rows]
    assert he[0] > 2.3 > 0.5 > he[-1]  # He's held-out loss falls from above ln 10 (its random init) to below 0.5
    charts = {s.chart for s in sym.series}
    assert any(c.startswith("Digits: loss per init") for c in charts)
    assert any(c.startswith("Digits: held-out loss, lowest and highest") for c in charts)
    names = {s.name for s in sym.series if s.chart.startswith("Digits: loss per init")}
    assert names == {"zeros, held out", "Xavier, held out", "He, held out", "Xavier, train", "He, train"}


def test_symmetry_holds_on_every_seed() -> None:
    assert failing_seeds("symmetry") == []


def test_symmetry_a_learning_rate_too_small_to_learn_does_not_hold() -> None:
    r = run_demo("symmetry", {"lr": "1e-6"})
    assert not r.holds
    assert "He: train accuracy, mean of 4" in failed_checks(r)
    assert flips("symmetry", {"lr": "1e-6"}) >= 4


@pytest.mark.parametrize(
    ("name", "fn"),
    [
        ("kaiming_normal", zeros_instead),  # "random" He that is all zeros: symmetric, and learns nothing
        ("kaiming_normal", scaled(init.kaiming_normal, 10.0)),  # He drawn 10× too wide: DeepLearning.AI's ×10
        ("zeros", random_instead),  # "zeros" that break symmetry
        ("constant", random_instead),
    ],
)
def test_symmetry_wrong_initializers_flip_it(monkeypatch: pytest.MonkeyPatch, name: str, fn: object) -> None:
    monkeypatch.setattr(init, name, fn)
    assert flips("symmetry") >= 4


def test_symmetry_a_linear_net_cannot_learn_the_circles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nets, "RELU", LINEAR)
    assert flips("symmetry") >= 4


# ---------------------------------------------------------------------------------------------------------------
# bias-init (card 2)


@pytest.fixture(scope="module")
def bias() -> DemoResult:
    return run_demo("bias-init")


def test_bias_init_numbers(bias: DemoResult) -> None:
    t = tab(bias, "ReLU net at init")
    by = {(r[0], r[1]): dict(zip(t.columns, r, strict=True)) for r in t.rows}
    he0, heb, small0, smallb = by["He", 0.0], by["He", 0.1], by["0.1× He", 0.0], by["0.1× He", 0.1]
    # inactive outputs ≈ 50 % whatever the scale (ReLU is positively homogeneous: identical sign patterns)
    assert he0["inactive, mean"] == pytest.approx(0.5, abs=0.04)
    assert small0["inactive, mean"] == he0["inactive, mean"] and small0["dead, layer 10"] == he0["dead, layer 10"]
    # dead units (0 on every input): none at layer 1, some at depth; the bias does not revive them
    assert he0["dead (0 on every input), mean"] > 0 and float(he0["dead, layer 10"]) > 0.02  # type: ignore[arg-type]
    assert float(heb["dead (0 on every input), mean"]) >= float(he0["dead (0 on every input), mean"])  # type: ignore[arg-type]
    # layer 1: Φ(−b/σ_z) with σ_z = √2 under He: 47.2 % at b = 0.1
    phi = 0.5 * (1 + math.erf(-0.1 / math.sqrt(2) / math.sqrt(2)))
    assert heb["inactive (≤ 0), layer 1"] == pytest.approx(phi, abs=0.008)
    # b ≫ σ_z (weights at 0.1× He): every unit fires by the last layer
    assert smallb["inactive, layer 10"] == 0.0 and smallb["dead, layer 10"] == 0.0
    layer1 = rows(tab(bias, "Layer 1 with a bias"))
    assert float(layer1["He"]["σ_z measured"]) == pytest.approx(math.sqrt(2), rel=0.04)  # type: ignore[arg-type]
    assert tab(bias, "Zero biases").rows == [[8, 8]]


def test_bias_init_holds_on_every_seed() -> None:
    assert failing_seeds("bias-init") == []


@pytest.mark.parametrize(
    ("name", "fn", "check"),
    [
        ("kaiming_normal", scaled(init.kaiming_normal, 1 / math.sqrt(2)), "He, layer 1: pre-activation std"),  # gain 1
        ("kaiming_normal", scaled(init.kaiming_normal, 1.1), "He, layer 1: pre-activation std"),  # 10 % too wide
        ("kaiming_normal", zeros_instead, "zero-bias net: distinct hidden units"),
        ("kaiming_normal", fan_out_instead(init.kaiming_normal), "He, layer 1: pre-activation std"),
    ],
)
def test_bias_init_wrong_initializers_flip_it(
    monkeypatch: pytest.MonkeyPatch, name: str, fn: object, check: str
) -> None:
    monkeypatch.setattr(init, name, fn)
    assert flips("bias-init") >= 4
    assert any(c.startswith(check) for c in failed_checks(run_demo("bias-init")))


def test_bias_init_without_relu_there_are_no_dead_units(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nets, "RELU", nets.TANH)
    assert flips("bias-init") >= 4


def test_bias_init_a_leaky_unit_below_zero_is_not_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    # Leaky ReLU outputs a·z ≠ 0 below zero: no output is 0 and no unit is dead, though half the pre-activations are
    # ≤ 0. Counting z ≤ 0 as "dead" (the old count) held on 5 of 5 seeds with leaky ReLU swapped in.
    monkeypatch.setattr(nets, "RELU", nets.leaky_relu(0.2))
    assert flips("bias-init") >= 4
    failed = failed_checks(run_demo("bias-init"))
    assert any(c.startswith("He, bias 0: dead units") for c in failed)
    assert any(c.startswith("bias 0: inactive share") for c in failed)


def test_bias_init_checks_name_the_two_quantities(bias: DemoResult) -> None:
    names = [c.name for c in bias.checks]
    assert any("inactive share" in n for n in names) and any("dead" in n for n in names)
    assert "dead" in bias.claim and "inactive" in bias.claim and "Φ(−b/σ_z)" in bias.claim
