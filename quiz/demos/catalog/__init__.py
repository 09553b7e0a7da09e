"""The 15 demos, one per card. Importing this package registers them all (and imports NumPy)."""

from quiz.demos.catalog import deep, fans, scales, symmetry, training, variance

__all__ = ["deep", "fans", "scales", "symmetry", "training", "variance"]
