"""The UCI handwritten digits (1,797 8×8 images, 10 classes), as scikit-learn ships them: real data for the demos.

The file is ``data/digits/digits.csv.gz`` beside the package (source, licence and checksum in
``data/digits/README.md``): one image a line, 64 pixel counts 0–16 then the label 0–9. :func:`load_digits` checks
its SHA-256 before parsing, and caches the arrays (about 5 ms the first time).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from quiz.demos.base import DemoError

DIGITS_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "digits" / "digits.csv.gz"
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
IMAGES, PIXELS, CLASSES = 1797, 64, 10


class DigitsError(DemoError):
    """The digits file is missing or not the recorded one. The message names the file (the CLI shows it on one
    line, exit 2; the app in the demo panel)."""


def load_digits(path: Path | None = None) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Images ``(1797, 64)`` as pixel counts 0–16 and labels ``(1797,)`` 0–9, read-only; :class:`DigitsError`
    when the file (default :data:`DIGITS_PATH`) is missing or not the recorded one."""
    return _load(path if path is not None else DIGITS_PATH)


@functools.cache
def _load(path: Path) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    try:
        packed = path.read_bytes()
    except OSError as exc:
        raise DigitsError(f"{path}: cannot read the digits data ({exc.strerror or exc})") from None
    digest = hashlib.sha256(packed).hexdigest()
    if digest != DIGITS_SHA256:
        raise DigitsError(f"{path}: SHA-256 {digest} is not the recorded {DIGITS_SHA256}")
    text = gzip.decompress(packed).replace(b"\n", b",").decode("ascii")
    values = np.fromstring(text, dtype=np.int64, sep=",")  # text mode (sep given) is not deprecated
    table = values.reshape(IMAGES, PIXELS + 1)
    images, labels = table[:, :PIXELS].astype(np.uint8), table[:, PIXELS].copy()
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


class DigitsSplit(NamedTuple):
    """Digits as columns (samples are columns, as :mod:`quiz.demos.stacked` wants them), float32."""

    x_train: npt.NDArray[np.float32]  # (64, 1198): standardized with the training set's mean and std
    y_train: npt.NDArray[np.float32]  # (10, 1198): one-hot
    x_held: npt.NDArray[np.float32]  # (64, 599): standardized with the *training* statistics
    y_held: npt.NDArray[np.float32]  # (10, 599)
    labels_train: npt.NDArray[np.int64]
    labels_held: npt.NDArray[np.int64]


HELD_OUT_EVERY = 3  # image i is held out when i % 3 == 0: 599 held out, 1198 to train on (a fixed split)


def digits_split() -> DigitsSplit:
    """The fixed train / held-out split of :func:`load_digits`; pixels standardized per feature with the training
    set's mean and standard deviation (pixels that are always 0 there stay 0)."""
    return _split(DIGITS_PATH)


@functools.cache
def _split(path: Path) -> DigitsSplit:
    images, labels = load_digits(path)
    held = np.arange(IMAGES) % HELD_OUT_EVERY == 0
    x = images.astype(np.float64)
    mean, std = x[~held].mean(axis=0), x[~held].std(axis=0)
    x = (x - mean) / np.where(std > 0, std, 1.0)
    onehot = np.eye(CLASSES)[labels]

    def cols(a: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
        out = np.ascontiguousarray(a.T, dtype=np.float32)
        out.flags.writeable = False
        return out

    return DigitsSplit(
        cols(x[~held]), cols(onehot[~held]), cols(x[held]), cols(onehot[held]), labels[~held], labels[held]
    )
