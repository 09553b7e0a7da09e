"""How a scored answer reads on screen: one line a key point (✓ heard, ~ only listed, ✗ missed, and the user's
corrections), each contradiction in red with its correction, and the reference answer with the missed points'
words emphasized; the follow-up questions of a mock interview and what was heard in them. Used by the drill card
and the interview report."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from quiz.interview.follow_ups import FollowUpResult
from quiz.scoring import AnswerScore, ConceptResult, Contradiction
from quiz.text_safety import printable


def concept_line(concept: ConceptResult) -> Content:
    """✓ heard (with what was said), ~ only listed, ✗ missed or contradicted; ``(you)`` after a correction."""
    mark = Content.styled("  (your correction)", "italic $text-warning") if concept.overridden else Content("")
    if concept.matched:
        said = f"  “{printable(concept.said)}”" if concept.said and not concept.overridden else ""
        return Content.assemble(("✓ ", "bold $text-success"), concept.label, (said, "italic $text-muted"), mark)
    if concept.contradiction is not None:
        return Content.assemble(("✗ ", "bold $text-error"), concept.label, ("  contradicted", "$text-error"), mark)
    if concept.listed:
        return Content.assemble(
            ("~ ", "bold $text-warning"), concept.label, ("  only listed, not explained", "$text-muted"), mark
        )
    return Content.assemble(("✗ ", "bold $text-error"), concept.label, mark)


def contradiction_line(wrong: Contradiction) -> Content:
    """``You said “He init is for tanh” — He is for ReLU; Xavier for tanh/sigmoid``, in red."""
    return Content.assemble(
        ("✗ You said ", "bold $text-error"),
        (f"“{printable(wrong.said)}”", "bold $text-error"),
        (" — ", "$text-error"),
        (wrong.correction, "$text-error"),
    )


def contradictions_content(score: AnswerScore) -> Content:
    """Every standing contradiction, one a line, and what it costs (empty when there is none)."""
    if not score.contradicted:
        return Content("")
    lines = [contradiction_line(x) for x in score.contradicted]
    lines.append(Content.styled("An answer with a contradiction scores at most 25%.", "italic $text-muted"))
    return Content("\n").join(lines)


def score_content(score: AnswerScore) -> Content:
    """The key points, then the contradictions, then the keyword-list note."""
    lines = [concept_line(c) for c in score.concepts]
    if score.contradicted:
        lines.append(contradictions_content(score))
    if score.keyword_list:
        lines.append(Content.styled("This answer reads as a list of keywords: say each point in a sentence.", "italic"))
    return Content("\n").join(lines)


def emphasized(text: str, spans: Sequence[tuple[int, int]]) -> Content:
    """``text`` with ``spans`` (sorted, not overlapping) in bold and underlined: what the reference says for the
    key points the answer missed."""
    parts: list[Content | tuple[str, str] | str] = []
    at = 0
    for start, end in spans:
        parts.append(text[at:start])
        parts.append((text[start:end], "bold underline $text-warning"))
        at = end
    parts.append(text[at:])
    return Content.assemble(*parts)


def follow_up_content(number: int, f: FollowUpResult) -> Content:
    """A follow-up under its question: what was asked (on which key point), what was said, and what was heard."""
    when = f"{f.time_s:.0f} s of {f.time_limit_s:.0f} s" + (" · timed out" if f.timed_out else "")
    if f.matched:
        verdict = Content.assemble(
            ("✓ recovered ", "bold $text-success"),
            (f"“{f.said}”", "italic $text-muted"),
            ("  counts half", "$text-muted"),
        )
    elif f.contradiction is not None:
        verdict = contradiction_line(f.contradiction)
    else:
        verdict = Content.styled("✗ not heard", "bold $text-error")
    return Content("\n").join(
        [
            Content.assemble(
                (f"Follow-up {number}", "bold $text-warning"), (f" · on {f.key_point} · {when}", "$text-muted")
            ),
            Content.assemble(("  Q: ", "bold"), f.question),
            Content.assemble(("  You: ", "bold"), f.answer.strip() or "(nothing typed)"),
            Content.assemble("  ", verdict),
        ]
    )


def follow_ups_content(follow_ups: Sequence[FollowUpResult]) -> Content:
    """Every follow-up of a question, a blank line between them (empty when none was asked)."""
    return Content("\n").join(follow_up_content(i + 1, f) for i, f in enumerate(follow_ups))
