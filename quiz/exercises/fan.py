"""``fan`` exercises: fan_in or fan_out of a layer's weight, as ``torch.nn.init`` computes it (exact)."""

from __future__ import annotations

import random

from quiz.demos.init_math import fan_in_and_fan_out
from quiz.exercises.formatting import product, shape_text
from quiz.exercises.layers import Family, Layer, random_layer
from quiz.exercises.model import EXACT, Exercise, Quantity, Solution
from quiz.exercises.spec import FAN_FUNCTION, answer_of

MIX: dict[Family, float] = {
    "linear": 2,
    "conv1d": 1,
    "conv2d": 2.5,
    "stem": 0.5,
    "conv3d": 1,
    "grouped": 1,
    "depthwise": 1,
    "transposed": 1.5,
}


def fan_computation(layer: Layer, quantity: Quantity) -> tuple[int, str]:
    """The fan and how it is computed from the weight's shape: ``(576, "fan_in = 64·3·3 = 576")``."""
    shape = layer.weight_shape
    fan_in, fan_out = fan_in_and_fan_out(shape)
    value = fan_in if quantity == "fan_in" else fan_out
    factors = [shape[1] if quantity == "fan_in" else shape[0], *shape[2:]]
    steps = f"{quantity} = {product(factors)} = {value}" if len(factors) > 1 else f"{quantity} = {value}"
    return value, steps


def explain_shape(layer: Layer) -> str:
    """``nn.Conv2d(64, 128, kernel_size=3) stores its weight as (out_channels, …) = (128, 64, 3, 3)``."""
    shape = shape_text(layer.weight_shape)
    return f"{layer.code} is {layer.description}; torch stores its weight as {layer.layout} = {shape}"


def make(seed: int, rng: random.Random) -> Exercise:
    layer = random_layer(rng, MIX)
    quantity: Quantity = rng.choice(("fan_in", "fan_out"))
    _, steps = fan_computation(layer, quantity)
    notes = []
    if layer.transposed:
        notes.append(
            "a transposed conv's weight puts in_channels first, so torch's fans come out swapped: "
            f"its {quantity} counts the {'output' if quantity == 'fan_in' else 'input'} channels"
        )
    if layer.groups > 1 and quantity == "fan_out":
        notes.append("torch does not divide fan_out by groups")
    if layer.groups > 1 and quantity == "fan_in" and not layer.transposed:
        notes.append(f"each output channel sees in_channels/groups = {layer.in_size}/{layer.groups} inputs")
    explanation = f"{explain_shape(layer)}; {steps}" + "".join(f" ({note})" for note in notes) + "."
    question = f"What is the {quantity} of the weight of {layer.code}, as torch.nn.init computes it?"
    return Exercise(
        kind="fan",
        seed=seed,
        question=question,
        tolerance=EXACT,
        difficulty="easy",
        quantity=quantity,
        init=FAN_FUNCTION,
        init_kwargs={},
        weight_shape=layer.weight_shape,
        layer=layer,
        fixed=Solution(answer_of(FAN_FUNCTION, {}, layer.weight_shape, quantity), explanation),
    )
