"""``scale`` exercises: the std or the bound an initializer gives a layer's weight (within 2 %).

Xavier uniform/normal (with a gain), Kaiming uniform/normal (with ``mode``, ``nonlinearity`` and ``a``), LeCun
normal/uniform (torch's ``kaiming_*_(w, nonlinearity='linear')``) and the default of ``nn.Linear`` / ``nn.Conv*``
(``kaiming_uniform_(w, a=√5)``). The numbers are :mod:`quiz.demos.init_math`'s, which follow ``torch.nn.init``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Literal

from quiz.demos.init_math import (
    calculate_gain,
    correct_fan,
    fan_in_and_fan_out,
    kaiming_bound,
    kaiming_std,
    xavier_bound,
    xavier_std,
)
from quiz.exercises.fan import fan_computation
from quiz.exercises.formatting import num, sym
from quiz.exercises.layers import Family, Layer, random_layer
from quiz.exercises.model import WITHIN_2_PERCENT, Exercise, Quantity, Solution
from quiz.exercises.spec import answer_of

MIX: dict[Family, float] = {
    "linear": 3,
    "conv2d": 3,
    "stem": 0.5,
    "conv1d": 0.5,
    "conv3d": 0.5,
    "grouped": 0.5,
    "depthwise": 0.5,
    "transposed": 0.5,
}

Method = Literal[
    "kaiming_normal", "kaiming_uniform", "xavier_uniform", "xavier_normal", "lecun_normal", "lecun_uniform", "default"
]
METHODS: dict[Method, float] = {
    "kaiming_normal": 3,
    "kaiming_uniform": 2,
    "xavier_uniform": 2,
    "xavier_normal": 2,
    "lecun_normal": 1,
    "lecun_uniform": 0.5,
    "default": 1.5,
}
KAIMING_ARGS: tuple[tuple[dict[str, Any], float], ...] = (
    ({"nonlinearity": "relu"}, 4),
    ({"mode": "fan_out", "nonlinearity": "relu"}, 2),
    ({}, 1),  # torch's defaults: a=0, mode='fan_in', nonlinearity='leaky_relu', so gain √2
    ({"a": 0.2, "nonlinearity": "leaky_relu"}, 1),
    ({"a": 0.1, "nonlinearity": "leaky_relu"}, 0.5),
    ({"a": 0.25, "nonlinearity": "leaky_relu"}, 0.5),
    ({"a": 0.01, "nonlinearity": "leaky_relu"}, 0.5),
    ({"mode": "fan_out", "a": 0.2, "nonlinearity": "leaky_relu"}, 0.5),
    ({"nonlinearity": "tanh"}, 0.5),
)
XAVIER_GAINS: tuple[tuple[str | None, float], ...] = ((None, 3), ("tanh", 2), ("relu", 1))
UNIFORM_STD_SHARE = 0.2
"""How often a uniform init is asked for its std (b/√3) rather than its bound."""


@dataclass(frozen=True)
class _Asked:
    init: str
    kwargs: dict[str, Any]
    call: str
    """How the question writes the init."""


def _kwargs_code(kwargs: dict[str, Any], gain_name: str | None = None) -> str:
    parts = []
    for name, value in kwargs.items():
        if name == "gain" and gain_name:
            parts.append(f"gain=nn.init.calculate_gain('{gain_name}')")
        elif isinstance(value, str):
            parts.append(f"{name}='{value}'")
        else:
            parts.append(f"{name}={value:g}")
    return "".join(f", {p}" for p in parts)


def _kaiming_gain(kwargs: dict[str, Any]) -> tuple[float, str]:
    """The gain kaiming_* uses with these arguments, and how it comes about."""
    nonlinearity = kwargs.get("nonlinearity", "leaky_relu")
    a = kwargs.get("a", 0)
    gain = calculate_gain(nonlinearity, a)
    if nonlinearity != "leaky_relu":
        return gain, f"gain {sym(gain)} ({nonlinearity})"
    if a == math.sqrt(5):
        return gain, "gain √(2/(1 + a²)) = √(2/(1 + 5)) = √(1/3)"
    where = " (torch's defaults: nonlinearity='leaky_relu', a = 0)" if "nonlinearity" not in kwargs else ""
    if a == 0:
        return gain, f"gain √(2/(1 + 0²)) = √2{where}"
    return gain, f"gain √(2/(1 + {a:g}²)) = {num(gain)}"


def _kaiming(layer: Layer, asked: _Asked, quantity: Quantity, uniform: bool) -> tuple[float, str]:
    mode = asked.kwargs.get("mode", "fan_in")
    fan = correct_fan(layer.weight_shape, mode)
    _, fan_steps = fan_computation(layer, mode)
    gain, gain_text = _kaiming_gain(asked.kwargs)
    g = sym(gain)
    if uniform:
        value = kaiming_bound(fan, gain)
        formula = f"bound = √3·gain/√{mode} = √3·{g}/√{fan} = {num(value)}"
    else:
        value = kaiming_std(fan, gain)
        formula = f"std = gain/√{mode} = {g}/√{fan} = {num(value)}"
    return value, f"{fan_steps}; {gain_text}; {formula}"


def _xavier(layer: Layer, gain: float, uniform: bool) -> tuple[float, str]:
    fan_in, fan_out = fan_in_and_fan_out(layer.weight_shape)
    _, in_steps = fan_computation(layer, "fan_in")
    _, out_steps = fan_computation(layer, "fan_out")
    g = sym(gain)
    if uniform:
        value = xavier_bound(fan_in, fan_out, gain)
        formula = f"bound = gain·√(6/(fan_in + fan_out)) = {g}·√(6/({fan_in} + {fan_out})) = {num(value)}"
    else:
        value = xavier_std(fan_in, fan_out, gain)
        formula = f"std = gain·√(2/(fan_in + fan_out)) = {g}·√(2/({fan_in} + {fan_out})) = {num(value)}"
    return value, f"{in_steps}, {out_steps}; gain {g}; {formula}"


def make(seed: int, rng: random.Random) -> Exercise:
    layer = random_layer(rng, MIX)
    methods = list(METHODS)
    method: Method = rng.choices(methods, weights=[METHODS[m] for m in methods])[0]
    uniform = method.endswith("uniform") or method == "default"
    quantity: Quantity = "std" if not uniform or rng.random() < UNIFORM_STD_SHARE else "bound"
    weight = f"w = {layer.code}.weight"
    if method.startswith("kaiming"):
        kwargs = dict(rng.choices([k for k, _ in KAIMING_ARGS], weights=[w for _, w in KAIMING_ARGS])[0])
        asked = _Asked(method, kwargs, f"nn.init.{method}_(w{_kwargs_code(kwargs)})")
        value, steps = _kaiming(layer, asked, quantity, uniform)
        setup = f"{weight}; {asked.call}"
    elif method.startswith("xavier"):
        names = [n for n, _ in XAVIER_GAINS]
        gain_name = rng.choices(names, weights=[w for _, w in XAVIER_GAINS])[0]
        gain = calculate_gain(gain_name) if gain_name else 1.0
        kwargs = {"gain": gain} if gain_name else {}
        asked = _Asked(method, kwargs, f"nn.init.{method}_(w{_kwargs_code(kwargs, gain_name)})")
        value, steps = _xavier(layer, gain, uniform)
        setup = f"{weight}; {asked.call}"
    elif method.startswith("lecun"):
        torch_init = "kaiming_uniform" if uniform else "kaiming_normal"
        asked = _Asked(torch_init, {"nonlinearity": "linear"}, f"nn.init.{torch_init}_(w, nonlinearity='linear')")
        value, kaiming_steps = _kaiming(layer, asked, quantity, uniform)
        steps = f"LeCun {'uniform' if uniform else 'normal'} is {asked.call} (Var = 1/fan_in): {kaiming_steps}"
        setup = f"{weight}, given LeCun {'uniform' if uniform else 'normal'} init"
    else:
        asked = _Asked("kaiming_uniform", {"a": math.sqrt(5)}, "nn.init.kaiming_uniform_(w, a=math.sqrt(5))")
        value, _ = _kaiming(layer, asked, quantity, uniform=True)
        fan, fan_steps = fan_computation(layer, "fan_in")
        steps = (
            f"nn.{layer.type}'s default weight init is {asked.call}: gain √(2/(1 + a²)) = √(2/(1 + 5)) = √(1/3), "
            f'so bound = √3·gain/√fan_in = 1/√fan_in (Glorot\'s "standard" init U[−1/√n, 1/√n]); {fan_steps}; '
            f"bound = 1/√{fan} = {num(value)}"
        )
        setup = f"{weight}, left at PyTorch's default initialization"
    if uniform and quantity == "std":
        steps += f"; the std of U(−b, b) is b/√3 = {num(value / math.sqrt(3.0))}"
    what = "the std of its entries" if quantity == "std" else "the bound b of the U(−b, b) its entries are drawn from"
    return Exercise(
        kind="scale",
        seed=seed,
        question=f"{setup}. What is {what}?",
        tolerance=WITHIN_2_PERCENT,
        difficulty="medium",
        quantity=quantity,
        init=asked.init,
        init_kwargs=asked.kwargs,
        weight_shape=layer.weight_shape,
        layer=layer,
        fixed=Solution(answer_of(asked.init, asked.kwargs, layer.weight_shape, quantity), steps + "."),
    )
