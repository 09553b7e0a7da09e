"""quiz.demos.meanfield: the infinite-width theory the variance demos are held against, checked on closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quiz.demos import meanfield, nets


def test_gaussian_means_match_closed_forms() -> None:
    assert meanfield.gaussian_mean(lambda z: z * z, 2.5) == pytest.approx(2.5, rel=1e-9)
    assert meanfield.gaussian_mean(lambda z: np.maximum(z, 0) ** 2, 1.0) == pytest.approx(0.5, rel=1e-12)
    assert meanfield.gaussian_mean(np.abs, 1.0) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-5)
    assert meanfield.gaussian_mean(np.cos, 1.0) == pytest.approx(math.exp(-0.5), rel=1e-9)
    assert meanfield.gaussian_mean(np.cos, 0.0) == pytest.approx(1.0)


def test_he_keeps_relus_second_moment_and_xavier_halves_it() -> None:
    he = meanfield.propagate(nets.RELU, 2.0, 1.0, 10)
    assert he.q == pytest.approx([2.0] * 10)
    assert he.second == pytest.approx([1.0] * 10)
    assert he.chi == pytest.approx([1.0] * 10)  # ½·σ_w²: gradients kept too
    xavier = meanfield.propagate(nets.RELU, 1.0, 1.0, 5)
    assert xavier.second == pytest.approx([0.5**k for k in range(1, 6)])


def test_tanh_at_the_edge_of_chaos_decays_like_one_over_2l() -> None:
    mf = meanfield.propagate(nets.TANH, 1.0, 1.0, 200)
    assert mf.var[9] / mf.var[0] == pytest.approx(0.132, abs=0.005)  # the ×7.6 decay over 10 layers
    assert 2 * 200 * mf.var[-1] == pytest.approx(1.0, abs=0.05)
    assert mf.chi[-1] == pytest.approx(1.0, abs=0.02)
    below = meanfield.propagate(nets.TANH, 1 / 3, 1.0, 20)
    assert below.var[-1] / below.var[-2] == pytest.approx(1 / 3, rel=1e-3)  # geometric below the edge


def test_selu_fixed_point_and_what_moves_it() -> None:
    lecun = meanfield.propagate(nets.SELU, 1.0, 1.0, 30)
    assert lecun.mean[-1] == pytest.approx(0.0, abs=1e-5) and lecun.var[-1] == pytest.approx(1.0, abs=1e-5)
    back = meanfield.propagate(nets.SELU, 1.0, 3.0, 40)
    assert back.var[-1] == pytest.approx(1.0, abs=0.01)
    wider = meanfield.propagate(nets.SELU, 1.69, 1.0, 20)
    assert wider.var[-1] > 5


def test_saturated_share_matches_erfc() -> None:
    mf = meanfield.propagate(nets.TANH, 1.0, 1.0, 1, saturation=0.9)
    assert mf.saturated[0] == pytest.approx(math.erfc(math.atanh(0.9) / math.sqrt(2)), abs=1e-3)
    assert math.isnan(meanfield.propagate(nets.TANH, 1.0, 1.0, 1).saturated[0])


def test_one_sigma_per_layer() -> None:
    mf = meanfield.propagate(nets.RELU, [2.0, 4.0], 1.0, 2)
    assert mf.q == pytest.approx([2.0, 4.0])
    with pytest.raises(ValueError, match="need 3 values"):
        meanfield.propagate(nets.RELU, [2.0, 2.0], 1.0, 3)
