"""Where a phrase is said in an answer: every minimal window of the answer's tokens that holds all of its words
together (one sentence, close to each other), and which segments of the answer are clauses rather than bare list
items. See :mod:`quiz.scoring` for the rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from quiz.scoring.text import ARROW, TYPO_MIN_LETTERS, Token, is_function_word, same_word

# Share of function words that makes a segment a clause rather than a bare list item.
CLAUSE_SHARE = 0.15
# A clause has at least this many words ("per filter" is a list item, not a sentence).
CLAUSE_MIN_WORDS = 3
# From this many words, one function word is enough: a formula ("fan_in = in_channels * kernel_h * kernel_w").
LONG_CLAUSE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a phrase is said: ``tokens[first..last]`` (inclusive), the token that said each of its words."""

    first: int
    last: int
    in_clause: bool
    used: tuple[int, ...]


def content_positions(tokens: Sequence[Token], one_word: Sequence[tuple[int, int]] = ()) -> list[int]:
    """For each token, how many content words come before it (function words are free, and so is every word of a
    stretch of ``one_word`` after its first: a formula stated, "Var = 2/(fan_in + fan_out)", is one thing said, and
    does not push apart the words around it)."""
    out: list[int] = []
    seen = 0
    for tok in tokens:
        out.append(seen)
        inside = any(a < tok.start and tok.end <= b for a, b in one_word)
        if not is_function_word(tok) and not inside:
            seen += 1
    return out


def word_index(tokens: Sequence[Token]) -> dict[str, list[int]]:
    """Each word of ``tokens`` and where it is said (token indices, in order)."""
    index: dict[str, list[int]] = {}
    for ti, tok in enumerate(tokens):
        index.setdefault(tok.word, []).append(ti)
    return index


def occurrences(
    words: Sequence[str],
    tokens: Sequence[Token],
    clause_segments: frozenset[int],
    content_pos: Sequence[int],
    index: dict[str, list[int]] | None = None,
) -> list[Occurrence]:
    """Every minimal window of ``tokens`` that says all ``words`` together (one sentence, within ``2k + 1``
    content words for ``k`` words). ``index`` (:func:`word_index` of ``tokens``) saves recomputing it."""
    if not words or not tokens:
        return []
    if index is None:
        index = word_index(tokens)
    events: list[tuple[int, int]] = []  # (token index, word index)
    for wi, word in enumerate(words):
        if len(word) < TYPO_MIN_LETTERS or not word.isalpha():  # exact words only: look it up
            events.extend((ti, wi) for ti in index.get(word, ()))
            continue
        for heard, positions in index.items():
            if same_word(word, heard):
                events.extend((ti, wi) for ti in positions)
    events.sort()
    if len({wi for _, wi in events}) < len(words):
        return []
    allowed = 2 * len(words) + 1
    found: list[Occurrence] = []
    counts: dict[int, int] = {}
    left = 0
    for right in range(len(events)):
        counts[events[right][1]] = counts.get(events[right][1], 0) + 1
        while len(counts) == len(words):
            first, last = events[left][0], events[right][0]
            if tokens[first].sentence == tokens[last].sentence and content_pos[last] - content_pos[first] < allowed:
                in_clause = any(tokens[k].segment in clause_segments for k in range(first, last + 1))
                used: dict[int, int] = {}
                for ti, wi in events[left : right + 1]:
                    used.setdefault(wi, ti)
                found.append(Occurrence(first, last, in_clause, tuple(sorted(used.values()))))
            wi = events[left][1]
            counts[wi] -= 1
            if counts[wi] == 0:
                del counts[wi]
            left += 1
    return found


# Words that open a lead-in: a short phrase before a comma that belongs to what follows ("For ReLU nets, He";
# "If the net uses tanh, Xavier").
_LEAD_WORDS = frozenset({"for", "with", "in", "on", "using", "given", "if", "when", "whenever"})
# A lead-in has at most this many content words.
LEAD_MAX_CONTENT = 4


def joined(tokens: Sequence[Token], part: str) -> list[int]:
    """Per token, the id of its ``part`` (``segment`` or ``statement``), where a lead-in (a part that opens with
    for/with/if/when… and holds at most :data:`LEAD_MAX_CONTENT` content words) takes the id of the part that
    follows it in the same sentence."""
    ids = [getattr(t, part) for t in tokens]
    starts = [i for i in range(len(tokens)) if i == 0 or ids[i] != ids[i - 1]]
    for n in range(len(starts) - 2, -1, -1):
        first, nxt = starts[n], starts[n + 1]
        content = sum(1 for t in tokens[first:nxt] if not is_function_word(t))
        if (
            tokens[first].raw in _LEAD_WORDS
            and content <= LEAD_MAX_CONTENT
            and tokens[first].sentence == tokens[nxt].sentence
        ):
            for i in range(first, nxt):
                ids[i] = ids[nxt]
    return ids


# Operators between two words make a formula ("k_h*k_w*C_in", "reproducibility + fair comparison").
_OPERATORS = frozenset("*+=×·^")


def clause_segments(tokens: Sequence[Token], text: str = "") -> tuple[frozenset[int], bool]:
    """The segments that are clauses, and whether the answer as a whole is a keyword list. A lead-in counts with
    the segment it leads into; a mapping ("ReLU: He", "large → explode") and a formula (an operator between two
    of its words, in ``text``: "k_h*k_w*C_in") are clauses."""
    groups = joined(tokens, "segment")
    by_group: dict[int, list[Token]] = {}
    for tok, group in zip(tokens, groups, strict=True):
        by_group.setdefault(group, []).append(tok)
    clauses: set[int] = set()
    bare_words = 0
    for toks in by_group.values():
        function = sum(1 for t in toks if is_function_word(t))
        mapping = len(toks) >= 2 and (
            len({t.clause for t in toks}) > 1
            or any(t.word == ARROW for t in toks)
            or any(_OPERATORS & set(text[a.end : b.start]) for a, b in pairwise(toks))
        )
        if mapping or (
            len(toks) >= CLAUSE_MIN_WORDS
            and (function / len(toks) >= CLAUSE_SHARE or (function and len(toks) >= LONG_CLAUSE_WORDS))
        ):
            clauses.update(t.segment for t in toks)
        else:
            bare_words += len(toks)
    # A couple of words ("For reproducibility.", "Typically zeros.", "Partly, yes.") is a terse answer, not a list.
    short = len(tokens) < CLAUSE_MIN_WORDS
    keyword_list = bool(tokens) and bare_words * 2 > len(tokens) and not short
    return frozenset(clauses), keyword_list
