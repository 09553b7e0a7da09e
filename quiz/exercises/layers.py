"""The layers exercises ask about, with realistic sizes, and the shape PyTorch gives their weight.

Sizes come from real networks: powers of two for widths and channels (plus 3 RGB channels, 80 mel bins, 784 MNIST
pixels, 10 or 1000 classes, MobileNet's 96/144/960 channels), 1×1, 3×3, 5×5 and 7×7 kernels, ResNeXt's 32 groups,
depthwise convolutions, and the 2×2 and 4×4 stride-2 kernels of transposed convolutions. Weight layouts are
torch's: ``Linear`` ``(out, in)``; ``ConvNd`` ``(out, in/groups, *kernel)``; ``ConvTransposeNd``
``(in, out/groups, *kernel)`` (so torch's fans of a transposed conv come out swapped).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

LayerType = Literal["Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d"]
Family = Literal["linear", "conv1d", "conv2d", "stem", "conv3d", "grouped", "depthwise", "transposed"]

LINEAR_SIZES = (64, 128, 256, 512, 768, 1024, 2048, 4096)
CHANNELS = (16, 32, 64, 96, 128, 192, 256, 384, 512, 1024)
DEPTHWISE_CHANNELS = (32, 64, 96, 128, 144, 192, 256, 384, 512, 960)


@dataclass(frozen=True)
class Layer:
    """A ``torch.nn`` layer, enough of it to know its weight's shape and to write it as code."""

    type: LayerType
    in_size: int
    """``in_features`` or ``in_channels``."""
    out_size: int
    kernel: tuple[int, ...] = ()
    groups: int = 1
    stride: int = 1

    @property
    def transposed(self) -> bool:
        return self.type.startswith("ConvTranspose")

    @property
    def depthwise(self) -> bool:
        return self.groups > 1 and self.groups == self.in_size

    @property
    def weight_shape(self) -> tuple[int, ...]:
        if self.type == "Linear":
            return (self.out_size, self.in_size)
        if self.transposed:
            return (self.in_size, self.out_size // self.groups, *self.kernel)
        return (self.out_size, self.in_size // self.groups, *self.kernel)

    @property
    def layout(self) -> str:
        """The names of the weight's dimensions, as torch lays them out."""
        if self.type == "Linear":
            return "(out_features, in_features)"
        dims = {1: "k", 2: "kh, kw", 3: "kd, kh, kw"}[len(self.kernel)]
        per_group = "/groups" if self.groups > 1 else ""
        if self.transposed:
            return f"(in_channels, out_channels{per_group}, {dims})"
        return f"(out_channels, in_channels{per_group}, {dims})"

    @property
    def code(self) -> str:
        """``nn.Conv2d(64, 128, kernel_size=3)``, as one would write it."""
        args = [str(self.in_size), str(self.out_size)]
        if self.type != "Linear":
            square = len(set(self.kernel)) == 1
            kernel = str(self.kernel[0]) if square else "(" + ", ".join(str(k) for k in self.kernel) + ")"
            args.append(f"kernel_size={kernel}")
            if self.stride != 1:
                args.append(f"stride={self.stride}")
            if self.groups != 1:
                args.append(f"groups={self.groups}")
        return f"nn.{self.type}({', '.join(args)})"

    @property
    def description(self) -> str:
        """What kind of layer it is, in words (for the explanation)."""
        if self.depthwise:
            return "a depthwise convolution (groups = in_channels)"
        if self.groups > 1:
            return f"a grouped convolution ({self.groups} groups)"
        if self.transposed:
            return "a transposed convolution"
        return "a fully connected layer" if self.type == "Linear" else "a convolution"

    def torch_arguments(self) -> tuple[list[Any], dict[str, Any]]:
        """The positional and keyword arguments that build this layer in torch (for the reference script)."""
        if self.type == "Linear":
            return [self.in_size, self.out_size], {}
        return [self.in_size, self.out_size, list(self.kernel)], {"stride": self.stride, "groups": self.groups}


def _linear(rng: random.Random) -> Layer:
    inputs = rng.choice((*LINEAR_SIZES, 784))
    outputs = rng.choice((*LINEAR_SIZES, 10, 1000))
    return Layer("Linear", inputs, outputs)


def _conv1d(rng: random.Random) -> Layer:
    inputs = rng.choice((1, 40, 64, 80, 128, 256, 512))
    return Layer("Conv1d", inputs, rng.choice((64, 128, 256, 512)), (rng.choice((3, 5, 7)),))


def _conv2d(rng: random.Random) -> Layer:
    inputs = rng.choice(CHANNELS)
    outputs = rng.choice([inputs, *(c for c in CHANNELS if inputs // 2 <= c <= 2 * inputs)])
    if rng.random() < 0.1:
        kernel = rng.choice(((1, 7), (7, 1), (1, 3), (3, 1)))  # Inception's factorized kernels
    else:
        size = rng.choice((1, 3, 3, 3, 5))
        kernel = (size, size)
    return Layer("Conv2d", inputs, outputs, kernel)


def _stem(rng: random.Random) -> Layer:
    inputs = rng.choice((3, 3, 3, 1))
    size = rng.choice((3, 5, 7))
    return Layer("Conv2d", inputs, rng.choice((16, 32, 64)), (size, size), stride=2 if size == 7 else 1)


def _conv3d(rng: random.Random) -> Layer:
    inputs = rng.choice((3, 16, 32, 64, 128))
    kernel = rng.choice(((3, 3, 3), (3, 3, 3), (1, 3, 3)))
    return Layer("Conv3d", inputs, rng.choice((16, 32, 64, 128, 256)), kernel)


def _grouped(rng: random.Random) -> Layer:
    channels = rng.choice((128, 256, 512, 1024))
    groups = rng.choice((2, 4, 8, 32))
    return Layer("Conv2d", channels, rng.choice((channels, 2 * channels)), (3, 3), groups=groups)


def _depthwise(rng: random.Random) -> Layer:
    channels = rng.choice(DEPTHWISE_CHANNELS)
    size = rng.choice((3, 3, 5))
    multiplier = rng.choice((1, 1, 1, 2)) if channels in (32, 64, 128, 256) else 1  # a channel multiplier of 2
    return Layer("Conv2d", channels, channels * multiplier, (size, size), groups=channels)


def _transposed(rng: random.Random) -> Layer:
    inputs = rng.choice((64, 128, 256, 512, 1024))
    size = rng.choice((2, 4))
    return Layer("ConvTranspose2d", inputs, inputs // 2, (size, size), stride=2)


MAKERS: dict[Family, Callable[[random.Random], Layer]] = {
    "linear": _linear,
    "conv1d": _conv1d,
    "conv2d": _conv2d,
    "stem": _stem,
    "conv3d": _conv3d,
    "grouped": _grouped,
    "depthwise": _depthwise,
    "transposed": _transposed,
}


def random_layer(rng: random.Random, mix: Mapping[Family, float]) -> Layer:
    """A layer of one of the families in ``mix``, chosen with the given weights."""
    families = list(mix)
    family = rng.choices(families, weights=[mix[f] for f in families])[0]
    return MAKERS[family](rng)
