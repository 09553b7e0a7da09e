"""The report as Markdown: summary, each question (typed answer beside the reference), anchors, comparison."""

from __future__ import annotations

from datetime import UTC

from quiz.interview.exercises import ExerciseResult
from quiz.interview.report import InterviewReport, QuestionResult, signed_points
from quiz.interview.settings import SELF_GRADES
from quiz.scoring import ConceptResult


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _secs(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 or value == int(value) else f"{value:.1f} s"


def _time(q: QuestionResult | ExerciseResult) -> str:
    """``12 s of 60 s``, or ``not reached``."""
    return f"{_secs(q.time_s)} of {_secs(q.time_limit_s)}" if q.reached else "not reached"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    flat = " ".join(text.split())
    return flat.replace("\\", "\\\\").replace("|", "\\|") or "—"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _exercise_section(e: ExerciseResult) -> list[str]:
    """An exercise: its kind and seed, the answer given beside the computed one, the verdict and the computation."""
    lines = ["", f"## {e.position + 1}. {e.question}", ""]
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
    marked = text
    for start, end in sorted(spans, reverse=True):
        marked = marked[:start] + "\x01" + marked[start:end] + "\x02" + marked[end:]
    return _cell(marked).replace("\x01", "**").replace("\x02", "**")


def _concept_line(concept: ConceptResult) -> str:
    """One key point: heard (with what was said), only listed, contradicted, or missed; and the user's override."""
    if concept.overridden:
        if concept.matched:
            return f"- [x] {concept.label} — marked heard by you (the scorer did not hear it)"
        heard = f" “{concept.said}”" if concept.said else ""
        return f"- [ ] {concept.label} — marked not heard by you (the scorer heard{heard or ' it'})"
    if concept.matched:
        return f"- [x] {concept.label} — you said “{concept.said}”"
    if concept.contradiction is not None:
        return f"- [ ] {concept.label} — contradicted (“{concept.contradiction.said}”)"
    if concept.listed:
        return f"- [ ] {concept.label} — only listed (“{concept.said}”), not explained"
    return f"- [ ] {concept.label}"


def report_markdown(report: InterviewReport) -> str:
    """The report as Markdown: summary, each question (typed answer beside the reference), anchors, comparison."""
    title = report.deck_title or report.deck_id or "Mock interview"
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
        lines += ["", f"## {q.position + 1}. {q.question}", ""]
        meta = f"Card {q.card_id} · {q.difficulty.capitalize()} · {_time(q)}"
        meta += " · timed out" if q.timed_out and q.reached else ""
        lines += [meta + f" · coverage {_pct(q.coverage)} ({len(q.matched)}/{len(q.score.concepts)})", ""]
        reference = _emphasized(q.reference, q.missed_in_reference)
        lines += ["| your answer | reference |", "| --- | --- |", f"| {_cell(q.answer)} | {reference} |", ""]
        lines += [_concept_line(concept) for concept in q.score.concepts]
        if q.contradicted:
            lines += ["", "Contradicted (the score is capped at 25%):"]
            lines += [f"- ✗ you said “{x.said}” — {x.correction}" for x in q.contradicted]
        if q.score.keyword_list:
            lines += ["", "_This answer reads as a list of keywords; say each point in a sentence._"]
    lines += ["", "## Anchors", ""]
    if not report.anchors.anchors:
        lines.append("This deck has no anchors.")
    for hit in report.anchors.anchors:
        if hit.said and hit.answer_index is not None:
            lines.append(f"- [x] {hit.label} — first said in answer {hit.answer_index + 1}")
        else:
            lines.append(f"- [ ] {hit.label} — never said")
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
