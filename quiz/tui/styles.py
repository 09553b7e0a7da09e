"""Widget styles live in ``.tcss`` files beside each widget; :func:`tcss` reads one as the widget's ``DEFAULT_CSS``.

So a widget's styles are parsed when the widget is first used (the demo panel's after the first paint), not all at
start-up as the app's ``CSS_PATH`` would. Such widgets set ``SCOPED_CSS = False``: their files use full selectors.
"""

from __future__ import annotations

from pathlib import Path


def tcss(module_file: str) -> str:
    """The text of the ``.tcss`` file next to ``module_file`` (a widget module's ``__file__``)."""
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
