"""quiz: terminal interview prep for weight initialization."""

__version__ = "0.1.0"
