"""``gain`` exercises: what ``torch.nn.init.calculate_gain`` returns for a nonlinearity and parameter (within 2 %)."""

from __future__ import annotations

import math
import random
from typing import Any

from quiz.demos.init_math import calculate_gain
from quiz.exercises.formatting import num, sym
from quiz.exercises.model import WITHIN_2_PERCENT, Exercise, Solution
from quiz.exercises.spec import answer_of

CASES: tuple[tuple[str, float | None, float], ...] = (
    ("leaky_relu", 0.2, 3),
    ("leaky_relu", 0.1, 2),
    ("leaky_relu", 0.01, 1),
    ("leaky_relu", 0.25, 1),
    ("leaky_relu", 0.3, 1),
    ("leaky_relu", 0.5, 1),
    ("leaky_relu", 1, 0.5),
    ("leaky_relu", None, 1.5),
    ("leaky_relu", math.sqrt(5), 1),
    ("relu", None, 2),
    ("tanh", None, 2),
    ("selu", None, 1),
    ("sigmoid", None, 1),
    ("linear", None, 0.5),
    ("conv2d", None, 0.5),
    ("conv_transpose2d", None, 0.5),
)
"""(nonlinearity, param, weight): leaky-ReLU slopes people use (0.2 in GANs, 0.01 nn.LeakyReLU's default, 0.25
PReLU's initial slope, √5 behind nn.Linear's default), and every other family of ``calculate_gain``."""


def _param_code(param: float | None) -> str:
    if param is None:
        return ""
    return ", math.sqrt(5)" if param == math.sqrt(5) else f", {param:g}"


def explain(nonlinearity: str, param: float | None) -> tuple[float, str]:
    """The gain and how torch gets it."""
    gain = calculate_gain(nonlinearity, param)
    call = f"calculate_gain('{nonlinearity}'{_param_code(param)})"
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        default = " (no param: the default negative slope 0.01)" if param is None else ""
        slope_text = "√5" if slope == math.sqrt(5) else f"{slope:g}"
        return gain, f"{call} = √(2/(1 + {slope_text}²)) = {num(gain)}{default}"
    if nonlinearity == "relu":
        return gain, f"{call} = √2 = {num(gain)}: ReLU zeroes half of a symmetric input, halving its second moment"
    if nonlinearity == "tanh":
        return gain, f"{call} = 5/3 = {num(gain)}"
    if nonlinearity == "selu":
        return gain, (
            f"{call} = 3/4 (torch's choice; for self-normalizing SELU nets torch's docs recommend "
            "nonlinearity='linear' in kaiming init instead)"
        )
    kind = "sigmoid" if nonlinearity == "sigmoid" else "a linear layer"
    return gain, f"{call} = {sym(gain)}: torch gives {kind} gain 1"


def make(seed: int, rng: random.Random) -> Exercise:
    nonlinearity, param, _ = rng.choices(CASES, weights=[w for *_, w in CASES])[0]
    _, explanation = explain(nonlinearity, param)
    kwargs: dict[str, Any] = {"nonlinearity": nonlinearity}
    if param is not None:
        kwargs["param"] = param
    question = f"What does torch.nn.init.calculate_gain('{nonlinearity}'{_param_code(param)}) return?"
    return Exercise(
        kind="gain",
        seed=seed,
        question=question,
        tolerance=WITHIN_2_PERCENT,
        difficulty="easy",
        quantity="gain",
        init="calculate_gain",
        init_kwargs=kwargs,
        fixed=Solution(answer_of("calculate_gain", kwargs, None, "gain"), explanation + "."),
    )
