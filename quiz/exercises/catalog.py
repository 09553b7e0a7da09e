"""Making exercises: one kind and one seed give one exercise, the same every time."""

from __future__ import annotations

import random
from collections.abc import Callable

from quiz.exercises import experiment, fan, gain, scale
from quiz.exercises.model import KINDS, Exercise, ExerciseError, Kind

MAX_SEED = 2**63 - 1
FRESH_SEEDS = 1_000_000
"""Fresh seeds are drawn below this: short enough to type back (``--seed 48213``)."""

_MAKERS: dict[Kind, Callable[[int, random.Random], Exercise]] = {
    "fan": fan.make,
    "scale": scale.make,
    "gain": gain.make,
    "experiment": experiment.make,
}


def check_kind(kind: str) -> Kind:
    """``kind`` if it is one, else :class:`ExerciseError` naming the kinds."""
    for known in KINDS:
        if kind == known:
            return known
    raise ExerciseError(f"unknown exercise kind {kind!r}; kinds: {', '.join(KINDS)}")


def check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ExerciseError(f"a seed is a whole number from 0 to 2^63 − 1, not {seed!r}")
    return seed


def parse_seed(text: str) -> int:
    """``"42"`` → 42; :class:`ExerciseError` for anything else."""
    try:
        value = int(text.strip())
    except ValueError:
        raise ExerciseError(f"a seed is a whole number from 0 to 2^63 − 1, not {text.strip()!r}") from None
    return check_seed(value)


def make_exercise(kind: str, seed: int) -> Exercise:
    """The exercise of this kind and seed (:class:`ExerciseError` for an unknown kind or a bad seed).

    The kind's own random stream is seeded with ``(kind, seed)``, so each kind has its own exercise for a seed.
    """
    known = check_kind(kind)
    check_seed(seed)
    return _MAKERS[known](seed, random.Random(f"quiz-exercise:{known}:{seed}"))


def kind_for_seed(seed: int) -> Kind:
    """The kind a seed picks when none is given (``quiz exercise --seed 7``), the same every time."""
    check_seed(seed)
    return random.Random(f"quiz-exercise-kind:{seed}").choice(KINDS)


def fresh_seed(rng: random.Random | None = None) -> int:
    """A new seed: practice never runs out."""
    return (rng or random.SystemRandom()).randrange(FRESH_SEEDS)
