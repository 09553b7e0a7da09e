"""The deck as an Anki package (``.apkg``), made with genanki: one "type in the answer" note per card.

Each note holds the card's question, answer, formula, key points and the deck's tip, and on the back its live demo's
result as a small table (claim, verdict, figures). Tags: the card's tags and ``difficulty::<level>``. Note GUIDs come
from the deck id and the card id, so importing a newer export of the same deck updates its notes instead of adding
copies (Anki updates a note whose GUID it knows when the incoming one is newer).

No Textual; NumPy only through :func:`run_card_demos`. :func:`package_bytes` builds the file in memory and
:func:`write_package` is the one place it reaches the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.deck import Card, Deck

if TYPE_CHECKING:
    import genanki

    from quiz.demos.base import DemoResult

MODEL_ID = 1_607_392_319
"""The note type's id: fixed forever, so every export (and every deck) shares one note type in Anki."""
MODEL_NAME = "quiz: type in the answer"
FIELDS = ("Question", "Answer", "Formula", "Key points", "Tip", "Demo")

FRONT = """<div class="question">{{Question}}</div>

{{type:Answer}}
"""
BACK = """<div class="question">{{Question}}</div>

<hr id="answer">

{{type:Answer}}
{{#Formula}}<div class="formula">{{Formula}}</div>{{/Formula}}
{{#Key points}}<div class="section"><div class="heading">Key points</div>{{Key points}}</div>{{/Key points}}
{{#Demo}}<div class="section"><div class="heading">Live demo</div>{{Demo}}</div>{{/Demo}}
{{#Tip}}<div class="tip">Tip: {{Tip}}</div>{{/Tip}}
"""
CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; max-width: 46em; margin: auto; }
.question { font-size: 1.25em; font-weight: 600; margin-bottom: 0.6em; }
.formula { font-family: ui-monospace, monospace; margin: 0.8em 0; padding: 0.4em 0.6em; }
.formula { border-left: 3px solid #1e88e5; }
.formula .note { font-family: system-ui, sans-serif; opacity: 0.7; }
.section { margin-top: 1em; }
.heading { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.7; }
table.demo { border-collapse: collapse; font-size: 0.85em; margin-top: 0.3em; }
table.demo th, table.demo td { border: 1px solid rgba(128, 128, 128, 0.5); padding: 0.2em 0.5em; vertical-align: top; }
table.demo th { text-align: left; }
table.demo td.num { text-align: right; font-family: ui-monospace, monospace; }
.holds { color: #2e7d32; } .fails { color: #c62828; }
.nightMode .holds { color: #81c784; } .nightMode .fails { color: #e57373; }
.rerun { font-size: 0.8em; opacity: 0.7; }
.tip { margin-top: 1em; font-style: italic; opacity: 0.8; }
"""


@dataclass(frozen=True)
class DemoRun:
    """A card's demo as the package shows it: its result, or why it could not run."""

    demo: str
    result: DemoResult | None = None
    error: str = ""


def deck_id(deck: Deck) -> int:
    """The Anki deck id for a quiz deck: stable (from the deck's id), in the range Anki's own ids use."""
    digest = hashlib.sha256(f"quiz deck {deck.id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(deck: Deck, card: Card) -> str:
    """The note's GUID: from the deck id and the card id only, so editing a card's text keeps its note."""
    import genanki

    return str(genanki.guid_for("quiz", deck.id, card.id))


def note_tags(card: Card) -> list[str]:
    """The card's tags, then its difficulty as ``difficulty::easy`` (Anki tags have no spaces)."""
    return [tag.replace(" ", "_") for tag in card.tags] + [f"difficulty::{card.difficulty}"]


def run_card_demos(deck: Deck) -> dict[int, DemoRun]:
    """Run each card's demo at its defaults (all 15: about a second), by card id. A demo that raises is kept as
    its error, so one broken demo does not stop the export."""
    from quiz.demos import DemoError, get_demo

    runs: dict[int, DemoRun] = {}
    for card in deck.cards:
        try:
            runs[card.id] = DemoRun(card.demo, result=get_demo(card.demo).run())
        except DemoError as exc:
            runs[card.id] = DemoRun(card.demo, error=str(exc))
        except Exception as exc:  # a bug in one demo: shown on its note, the other notes are still written
            runs[card.id] = DemoRun(card.demo, error=f"{type(exc).__name__}: {exc}")
    return runs


def note_fields(deck: Deck, card: Card, run: DemoRun | None) -> dict[str, str]:
    """The note's fields as HTML (every deck text escaped), keyed by field name."""
    formula = ""
    if card.formula:
        formula = _e(card.formula)
        if card.formula_note:
            formula += f' <span class="note">({_e(card.formula_note)})</span>'
    points = "".join(f"<li>{_e(p.label)}</li>" for p in card.key_points)
    return {
        "Question": _e(card.question),
        "Answer": _e(card.answer),
        "Formula": formula,
        "Key points": f"<ul>{points}</ul>",
        "Tip": _e(deck.tip or ""),
        "Demo": demo_table(run) if run is not None else "",
    }


def demo_table(run: DemoRun) -> str:
    """The demo's result as a small HTML table: the claim, the verdict, and its checks (name, value, the band it
    had to fall in, passed) where the result has them, else the summary's figures."""
    if run.result is None:
        return (
            f'<table class="demo"><tr><th>Demo</th><td><code>{_e(run.demo)}</code></td></tr>'
            f'<tr><th>Verdict</th><td class="fails">could not run: {_e(run.error)}</td></tr></table>'
        )
    result = run.result
    verdict = f'<span class="{"holds" if result.holds else "fails"}">{_e(_verdict_text(result))}</span>'
    rows = [
        f"<tr><th>Claim</th><td>{_e(result.claim)}</td></tr>",
        f"<tr><th>Verdict</th><td>{verdict}</td></tr>",
    ]
    checks = _checks(getattr(result, "checks", None))
    if checks:
        lines = "".join(
            f"<tr><td>{_e(name)}</td><td class='num'>{_e(_num(value))}</td><td>{_e(_band(low, high))}</td>"
            f"<td>{'✓' if passed else '✗'}</td></tr>"
            for name, value, low, high, passed in checks
        )
        figures = f'<table class="demo"><tr><th>check</th><th>value</th><th>expected</th><th></th></tr>{lines}</table>'
        rows.append(f"<tr><th>Checks</th><td>{figures}</td></tr>")
    else:
        rows.append(f"<tr><th>Figures</th><td>{_e(result.summary)}</td></tr>")
    seed = result.params.get("seed")
    rerun = f"quiz demo {result.demo}" + (f" --seed {seed}" if seed not in (None, 0) else "")
    return (
        f'<table class="demo">{"".join(rows)}</table>'
        f'<div class="rerun">{_e(result.title)} · run it yourself: <code>{_e(rerun)}</code></div>'
    )


Check = tuple[str, Any, Any, Any, bool]


def _checks(raw: object) -> list[Check]:
    """A result's ``checks`` (objects or mappings with name, value, low, high, passed), or ``[]``."""
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return []
    out: list[Check] = []
    for check in raw:

        def get(key: str, check: object = check) -> Any:
            return check.get(key) if isinstance(check, Mapping) else getattr(check, key, None)

        out.append((str(get("name") or ""), get("value"), get("low"), get("high"), bool(get("passed"))))
    return out


def _num(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "–"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _band(low: object, high: object) -> str:
    if low is not None and high is not None:
        return f"{_num(low)} – {_num(high)}"
    if low is not None:
        return f"≥ {_num(low)}"
    if high is not None:
        return f"≤ {_num(high)}"
    return ""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _model() -> genanki.Model:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Recall", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        sort_field_index=0,
    )


def build_deck(deck: Deck, runs: Mapping[int, DemoRun]) -> genanki.Deck:
    """The genanki deck: one note per card, in the deck's order (new cards come up in that order)."""
    import genanki

    model = _model()
    anki_deck = genanki.Deck(deck_id(deck), deck.title, description=_e(deck.description))
    for position, card in enumerate(deck.cards):
        fields = note_fields(deck, card, runs.get(card.id))
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=[fields[name] for name in FIELDS],
                tags=note_tags(card),
                guid=note_guid(deck, card),
                due=position,
            )
        )
    return anki_deck


def package_bytes(deck: Deck, runs: Mapping[int, DemoRun], *, timestamp: float | None = None) -> bytes:
    """The ``.apkg`` file's bytes. ``timestamp`` (seconds since the epoch; default now) is the notes' modification
    time: Anki updates a note it already has only from a newer one.

    Like genanki's ``Package.write_to_file``, but in memory, and the scratch database is always removed."""
    import genanki

    stamp = time.time() if timestamp is None else timestamp

    package = genanki.Package(build_deck(deck, runs))
    fd, scratch = tempfile.mkstemp(prefix="quiz-apkg-", suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(scratch)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(scratch, "collection.anki2")
            archive.writestr("media", json.dumps({}))
        return buffer.getvalue()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(scratch)


def write_package(path: Path, data: bytes) -> Path:
    """Write the package by ``quiz export``'s rules (``quiz.atomic.write_output``: a file is replaced atomically and
    durably, keeping its mode; a symlink is written through to its target; a FIFO or device is written, never
    replaced); the file written. Raises ``OSError``."""
    from quiz.atomic import write_output

    return write_output(path, data)


def _verdict_text(result: DemoResult) -> str:
    """``✓ holds``, ``✗ does not hold`` or ``? cannot tell …`` (a result without a ``verdict``: from ``holds``)."""
    from quiz.demos.base import VERDICT_TEXT

    verdict = getattr(result, "verdict", None) or ("holds" if result.holds else "does not hold")
    return VERDICT_TEXT[verdict]
