"""The report as Markdown: summary, each question (typed answer beside the reference), anchors, comparison.

Every piece of text in it (typed answers, what was said, the deck's questions, labels and title) goes through
:func:`escape_inline`: HTML (``<``, ``&``) and the Markdown that makes links, code and emphasis are escaped, so an
answer such as ``<script>`` or ``[x](javascript:alert(1))`` reads as typed in any Markdown viewer and never becomes
markup or a link. Punctuation that is only Markdown at the start of a line (``#``, ``-``, ``>``) is left as it is:
no text starts a line here, and the report stays readable as plain text on a terminal.
"""

from __future__ import annotations

import re
from datetime import UTC

from quiz.interview.exercises import ExerciseResult
from quiz.interview.follow_ups import FollowUpResult
from quiz.interview.report import InterviewReport, QuestionResult, signed_points
from quiz.interview.settings import SELF_GRADES
from quiz.scoring import ConceptResult
from quiz.text_safety import printable

_MARKDOWN_SYNTAX = re.compile(r"[\\`*\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
"""Backslash, code, emphasis, link brackets, table pipes, strikethrough; ``_`` unless inside a word (fan_in)."""
_HTML = {"&": "&amp;", "<": "&lt;"}


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _secs(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 or value == int(value) else f"{value:.1f} s"


def _time(q: QuestionResult | ExerciseResult) -> str:
    """``12 s of 60 s``, or ``not reached``."""
    return f"{_secs(q.time_s)} of {_secs(q.time_limit_s)}" if q.reached else "not reached"


def escape_inline(text: str) -> str:
    """``text`` as literal Markdown on one line: whitespace runs (newlines too) become one space, control
    characters are shown escaped, HTML is written as entities and Markdown punctuation is backslash-escaped."""
    flat = printable(" ".join(text.split()))
    return _MARKDOWN_SYNTAX.sub(lambda match: "\\" + match.group(), "".join(_HTML.get(char, char) for char in flat))


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return escape_inline(text) or "—"


_BOLD_START, _BOLD_END = "\ue000", "\ue001"
"""Private-use characters that mark bold spans through escaping (which leaves them alone), then become ``**``."""


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _exercise_section(e: ExerciseResult) -> list[str]:
    """An exercise: its kind and seed, the answer given beside the computed one, the verdict and the computation."""
    lines = ["", f"## {e.position + 1}. {escape_inline(e.question)}", ""]
    meta = f"Exercise · {e.kind} · seed {e.seed} · {_time(e)}" + (" · timed out" if e.timed_out and e.reached else "")
    lines += [meta, "", "| your answer | computed answer |", "| --- | --- |"]
    given = f"{_cell(e.answer)} = {_number(e.given)}" if e.given is not None else _cell(e.answer)
    lines += [f"| {given} | {_number(e.expected)} |", ""]
    verdict = "**✓ Right**" if e.correct else "**✗ Wrong**"
    lines.append(verdict + (f" ({e.note})" if e.note else "") + f" — {e.exercise.tolerance.text}.")
    if e.explanation:
        lines += ["", e.explanation]
    return lines


def _emphasized(text: str, spans: list[tuple[int, int]]) -> str:
    """:func:`_cell` of ``text`` with ``spans`` in bold (the reference's words for the missed key points)."""
    marked = text  # deck text, which never holds private-use characters
    for start, end in sorted(spans, reverse=True):
        marked = marked[:start] + _BOLD_START + marked[start:end] + _BOLD_END + marked[end:]
    return _cell(marked).replace(_BOLD_START, "**").replace(_BOLD_END, "**")


def _concept_line(concept: ConceptResult) -> str:
    """One key point: heard (with what was said), only listed, contradicted, or missed; and the user's override."""
    label, said = escape_inline(concept.label), escape_inline(concept.said or "")
    if concept.overridden:
        if concept.matched:
            return f"- [x] {label} — marked heard by you (the scorer did not hear it)"
        heard = f" “{said}”" if said else ""
        return f"- [ ] {label} — marked not heard by you (the scorer heard{heard or ' it'})"
    if concept.matched:
        return f"- [x] {label} — you said “{said}”"
    if concept.contradiction is not None:
        return f"- [ ] {label} — contradicted (“{escape_inline(concept.contradiction.said)}”)"
    if concept.listed:
        return f"- [ ] {label} — only listed (“{said}”), not explained"
    return f"- [ ] {label}"


def _follow_up_lines(f: FollowUpResult) -> list[str]:
    """One follow-up: the question, the key point it probed, the time, what was said and what was heard."""
    when = f"{_secs(f.time_s)} of {_secs(f.time_limit_s)}" + (" (timed out)" if f.timed_out else "")
    lines = [f"- **{f.question}** — on *{f.key_point}* · {when}", f"  - your answer: {_cell(f.answer)}"]
    if f.matched:
        lines.append(f"  - [x] recovered: you said “{f.said}” (counts half)")
    elif f.contradiction is not None:
        lines.append(f"  - [ ] contradicted: you said “{f.contradiction.said}” — {f.contradiction.correction}")
    else:
        lines.append("  - [ ] not heard")
    return lines


def report_markdown(report: InterviewReport) -> str:
    """The report as Markdown: summary, each question (typed answer beside the reference), anchors, comparison."""
    title = escape_inline(report.deck_title or report.deck_id or "Mock interview")
    when = report.started_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    done = report.answered
    lines = [f"# Mock interview — {title}", ""]
    summary = f"{when} · {done} of {report.planned} questions · score **{_pct(report.score)}**"
    lines.append(summary + (" · ended early" if report.ended_early else ""))
    lines += ["", "| # | question | time | coverage | self-grade |", "| --- | --- | --- | --- | --- |"]
    for q in report.in_order():
        time_text = _time(q) + (" (timed out)" if q.timed_out and q.reached else "")
        if isinstance(q, ExerciseResult):
            verdict = "✓ right" if q.correct else "✗ wrong"
            lines.append(f"| {q.position + 1} | {_cell(q.question)} | {time_text} | {verdict} | (computed) |")
            continue
        grade = f"{q.self_grade} ({SELF_GRADES[q.self_grade]})" if q.self_grade else "—"
        lines.append(f"| {q.position + 1} | {_cell(q.question)} | {time_text} | {_pct(q.coverage)} | {grade} |")
    for q in report.in_order():
        if isinstance(q, ExerciseResult):
            lines += _exercise_section(q)
            continue
        lines += ["", f"## {q.position + 1}. {escape_inline(q.question)}", ""]
        meta = f"Card {q.card_id} · {q.difficulty.capitalize()} · {_time(q)}"
        meta += " · timed out" if q.timed_out and q.reached else ""
        counted = f"{len(q.matched)}/{len(q.score.concepts)}" + (
            f", {len(q.recovered)} recovered" if q.recovered else ""
        )
        lines += [meta + f" · coverage {_pct(q.coverage)} ({counted})", ""]
        reference = _emphasized(q.reference, q.missed_in_reference)
        lines += ["| your answer | reference |", "| --- | --- |", f"| {_cell(q.answer)} | {reference} |", ""]
        lines += [_concept_line(concept) for concept in q.score.concepts]
        if q.contradicted:
            lines += ["", "Contradicted (the score is capped at 25%):"]
            lines += [f"- ✗ you said “{escape_inline(x.said)}” — {escape_inline(x.correction)}" for x in q.contradicted]
        if q.score.keyword_list:
            lines += ["", "_This answer reads as a list of keywords; say each point in a sentence._"]
        if q.follow_ups:
            lines += ["", "Follow-ups (a key point recovered in one counts half):"]
            for f in q.follow_ups:
                lines += _follow_up_lines(f)
    lines += ["", "## Anchors", ""]
    if not report.anchors.anchors:
        lines.append("This deck has no anchors.")
    for hit in report.anchors.anchors:
        if hit.said and hit.answer_index is not None:
            lines.append(f"- [x] {escape_inline(hit.label)} — first said in answer {hit.answer_index + 1}")
        else:
            lines.append(f"- [ ] {escape_inline(hit.label)} — never said")
    lines += ["", "## Compared with previous interviews", ""]
    comp = report.comparison
    if comp.previous == 0 or comp.last is None or comp.previous_mean is None or comp.previous_best is None:
        lines.append("This is your first interview.")
    else:
        lines.append(
            f"{comp.previous} previous · last {_pct(comp.last)} ({signed_points(comp.score - comp.last)} points) · "
            f"mean {_pct(comp.previous_mean)} ({signed_points(comp.score - comp.previous_mean)}) · "
            f"best {_pct(comp.previous_best)}" + (" · new personal best" if comp.personal_best else "")
        )
    if report.contradicted:
        lines += ["", "_An answer contradicts a key point, so this interview does not count as a personal best._"]
    return "\n".join(lines) + "\n"
