"""A random tanh teacher: a regression task whose targets are linear readouts of nonlinear features of the input.

Tasks that share the teacher's features are related (transfer learning); its targets are standardized to variance
≈ 1, so predicting 0 gives a loss (½·MSE) of ≈ 0.5. Samples are columns, as :mod:`quiz.demos.stacked` wants them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quiz.demos.nets import Array

INPUTS = 8


@dataclass(frozen=True)
class Teacher:
    """Features ``h = tanh(U x)`` of ``x ~ N(0, I)``, and linear readouts of them."""

    u: Array  # (features, INPUTS)
    readouts: Array  # (features, outputs)
    scale: Array  # (outputs,): each target standardized to variance ≈ 1

    def draw(self, rng: np.random.Generator, n: int) -> tuple[Array, Array]:
        """``n`` samples as columns: inputs ``(INPUTS, n)`` and targets ``(outputs, n)``."""
        x = rng.standard_normal((INPUTS, n))
        y: Array = (self.readouts.T @ np.tanh(self.u @ x)) / self.scale[:, None]
        return x, y


def teacher(rng: np.random.Generator, features: int, outputs: int, nonlinearity: float) -> Teacher:
    """A teacher whose pre-activations have std ``nonlinearity`` (larger: more nonlinear features)."""
    u = nonlinearity * rng.standard_normal((features, INPUTS)) / np.sqrt(INPUTS)
    readouts = rng.standard_normal((features, outputs))
    probe = readouts.T @ np.tanh(u @ rng.standard_normal((INPUTS, 4096)))
    return Teacher(u, readouts, probe.std(axis=1))
