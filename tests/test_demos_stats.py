"""quiz/demos/catalog/_stats.py: bands on positive quantities never reach below 0, and a run too small to tell the
science from a wrong version fails its separation check."""

from __future__ import annotations

import math

import pytest

from quiz.demos.base import check
from quiz.demos.catalog._stats import K, log_half_width, mean_field_band, positive_band, separation, weight_check


@pytest.mark.parametrize("rel_sd", [0.001, 0.05, 0.2, 0.5, 2.0])
def test_a_positive_band_stays_above_zero_and_is_the_usual_band_when_narrow(rel_sd: float) -> None:
    low, high = positive_band(3.0, 3.0 * rel_sd)
    assert 0 < low < 3.0 < high
    assert math.sqrt(low * high) == pytest.approx(3.0)  # symmetric in log space
    assert log_half_width(low, high) == pytest.approx(K * rel_sd)
    if rel_sd <= 0.001:  # to first order, center ± K·sd
        assert (low, high) == pytest.approx((3.0 * (1 - K * rel_sd), 3.0 * (1 + K * rel_sd)), rel=1e-4)


def test_a_positive_band_needs_a_positive_center() -> None:
    with pytest.raises(ValueError, match="positive center"):
        positive_band(0.0, 0.1)


def test_mean_field_and_weight_bands_stay_above_zero_at_any_spread() -> None:
    assert mean_field_band(0.02, 0.4, 0.3)[0] > 0  # the 1 ± (K·sd + drift) form went to −1.5
    few = weight_check("He: fan_in·Var(W)", 0.2, 9, 2.0, samples=8)  # 8 weights: ±250 % the old way
    assert few.low is not None and few.low > 0 and few.passed


def test_separation_is_the_distance_to_the_wrong_value_in_half_widths() -> None:
    he = check("He ×/layer", 1.0, *positive_band(1.0, 0.02))  # half-width 0.1 in log space
    far = separation("He 10 % too wide", he, 1.21)
    assert far.value == pytest.approx(math.log(1.21) / 0.1) and far.passed
    wide = check("He ×/layer", 1.0, *positive_band(1.0, 0.1))  # half-width 0.5: ×1.21 would fall inside
    assert not separation("He 10 % too wide", wide, 1.21).passed
    share = check("zeros", 0.5, 0.45, 0.55)
    assert separation("leaky ReLU", share, 0.0, log=False).value == pytest.approx(10.0)
    assert not separation("leaky ReLU", check("zeros", 0.5, 0.0, 1.0), 0.0, log=False).passed
