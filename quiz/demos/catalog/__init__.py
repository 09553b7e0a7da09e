"""The 15 demos, one per card. Importing this package registers them all (and imports NumPy)."""

from quiz.demos.catalog import bias, deep, fans, residual, scales, symmetry, training, variance

__all__ = ["bias", "deep", "fans", "residual", "scales", "symmetry", "training", "variance"]
