"""Score a typed interview answer by the key concepts an interviewer listens for.

Each card's ``key_points`` are the concepts a good answer hits; each has phrasings that count for it. A typed answer
is scored per concept (matched or missed, with the deck phrase that matched and the span of the answer that said it);
``coverage = matched / total``. :func:`check_anchors` checks the deck tip's anchors (fan_in, activation, symmetry)
across a whole interview.

Tolerance. Answer, phrases and question go through the same pipeline:

- text: Unicode compatibility forms and accents are folded (NFKD), case is folded, ``√`` reads ``sqrt``, ``×``/``·``
  read ``x``, typographic quotes and dashes become ASCII, punctuation separates words;
- words: ``fan_in``/``fan in``/``fan-in``/``fanin`` are one word (likewise fan_out, fan_avg, in_channels), as are
  ``pre-trained``/``pretrained`` and ``non-linearity``/``nonlinearity``; a light stemmer folds plurals and
  -ing/-ed; number words are digits; a few synonyms are folded (root → sqrt, var → variance, Kaiming → He,
  Glorot → Xavier, initialization/initialise/initial → init);
- typos: words of 6+ letters match with one edit (two from 10 letters), a swap of neighbours counting as one edit,
  the first letter fixed (rapidfuzz OSA distance): "symetry" is symmetry, "sigmiod" is sigmoid, but "height" is
  not "weight";
- phrases: grammatical words (the, of, to, …) are optional; the remaining content words may come in any order but
  must be said together: within one sentence and within ``2k + 1`` content words of each other (``k`` = the
  phrase's content words). "same gradients" is heard in "the same kind of gradients", not in "the same output …
  different gradients" across a sentence.

Not fooled by keywords: two rules, both about what an interviewer actually hears.

1. Echo rule (per phrase). A phrase whose content words all appear in the question is not evidence: repeating the
   question says nothing. Every phrase needs at least one word the answerer brought. Pasting card 12's question
   ("What is a “gain” or activation-specific multiplier?") matches nothing, although "multiplier" is a key phrase.
2. Keyword-list rule (per answer). The answer is cut into segments at ``, ; . ! ?`` and line breaks. A segment is a
   *clause* when it has three words or more and at least 15 % of them are function words (articles, prepositions,
   pronouns, auxiliaries, connectives, negations, ``=`` and a few common verbs such as "keeps", "makes", "stays");
   otherwise it is a *bare list item*. When bare list items hold more than half of the answer's words, the answer is
   a keyword list: concepts heard only in bare items are reported as ``listed`` (named, not explained) and do not
   count toward coverage; concepts said inside a clause still count. Ordinary prose keeps its short lists ("same
   outputs, same gradients, same updates") because the clauses around them hold most of the words.

Scores of example answers (card 1, four concepts; see tests/test_scoring.py): the reference answer 1.00; a strong
typed answer 1.00; the same with typos ("symetry", "nuerons", "gradeints") 1.00; a vague "weights must be random"
0.25; the question pasted 0.00; "symmetry, identical neurons, same gradients, random init" 0.00 (four listed);
"The answer is: symmetry, identical neurons, same gradients, random init" 0.25.

Known limits: no negation ("neurons are not identical" still says "identical neurons"), and a determined writer can
wrap keywords in filler words. The scorer is a rehearsal aid that reports what was heard, not a grader.

Pure functions; no Textual, no NumPy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict
from rapidfuzz.distance import OSA

from quiz.deck import Anchor, Card, KeyPoint

__all__ = [
    "AnchorCheck",
    "AnchorHit",
    "AnswerScore",
    "ConceptResult",
    "check_anchors",
    "content_words",
    "normalize",
    "score_answer",
    "score_key_points",
]

# Share of function words that makes a segment a clause rather than a bare list item.
CLAUSE_SHARE = 0.15
# A clause has at least this many words ("per filter" is a list item, not a sentence).
CLAUSE_MIN_WORDS = 3


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Grammatical words: optional inside a phrase, and evidence of a sentence in an answer.
_STOPWORDS = _wordset(
    """
    a an the of to in on at by for from with into onto over under about as than then so and or but nor if
    is are was were be been being am it its this that these those there their they them we you i our your my me us
    do does did done can could will would should may might must shall have has had having
    which who whom whose what when where why how all each every any some such also just very too more most much
    many only up down out off via per across between through within without before after during while
    t s d ll re ve m
    """
)
# Further words that mark a sentence (connectives, negations, common verbs) but carry meaning inside a phrase.
_CLAUSE_WORDS = _STOPWORDS | _wordset(
    """
    not no never because since therefore thus hence whereas although though unless otherwise instead rather
    both either neither like means mean get gets got make makes made keep keeps kept stay stays become becomes
    help helps need needs use uses used let lets lead leads cause causes give gives go goes start starts
    break breaks work works want call called say says set equals equal approx e g eg ie etc vs
    """
)

_CHAR_MAP: dict[str, str] = {
    "√": " sqrt ",
    "∛": " cbrt ",
    "×": " x ",
    "·": " x ",
    "⋅": " x ",
    "∗": " x ",
    "∝": " proportional to ",
    "=": " equals ",
    "≈": " approx ",
    "≃": " approx ",
    "~": " approx ",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": " - ",
    "—": " - ",
    "―": " - ",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "″": '"',
    "⁄": "/",
    "÷": "/",
    "σ": " sigma ",
    "→": " - ",
    "⇒": " - ",
}
_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
_SYNONYMS = {
    "root": "sqrt",
    "var": "variance",
    "kaiming": "he",
    "glorot": "xavier",
    "init": "init",
    "initial": "init",
    "initially": "init",
    "relus": "relu",
}
_FAN_PARTS = frozenset({"in", "out", "avg"})
_CHANNEL_PARTS = frozenset({"channel", "channels"})
_JOIN_PREFIXES = frozenset({"non", "pre", "re", "multi"})
_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)?")
# Sentence ends; "e.g." and friends are not ends.
_NOT_AN_END = r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)"
_SENTENCE_END = re.compile(_NOT_AN_END + r"[.!?;]+(?=\s|$)|\n")
_SEGMENT_END = re.compile(_NOT_AN_END + r"[.!?;]+(?=\s|$)|[,\n]")


# --- results -----------------------------------------------------------------------------------------------------


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class ConceptResult(_Result):
    """One key point of a card and what the answer said about it."""

    label: str
    matched: bool
    """Heard in the answer (inside a clause, or anywhere when the answer is not a keyword list)."""
    listed: bool = False
    """Named only in a bare keyword list: reported, not counted."""
    phrase: str | None = None
    """The deck phrase that was heard (for a matched or listed concept)."""
    span: tuple[int, int] | None = None
    """``answer[start:end]`` is what the user typed for it."""
    said: str | None = None
    """That stretch of the answer, verbatim."""


class AnswerScore(_Result):
    """A typed answer scored against one card's key points."""

    card_id: int
    answer: str
    concepts: list[ConceptResult]
    keyword_list: bool
    """The answer reads as a list of terms rather than sentences (see the module docstring)."""

    @property
    def coverage(self) -> float:
        """Matched concepts / all concepts, 0..1."""
        return len(self.matched) / len(self.concepts) if self.concepts else 0.0

    @property
    def matched(self) -> list[str]:
        return [c.label for c in self.concepts if c.matched]

    @property
    def missed(self) -> list[str]:
        """Concepts not counted (including the ones only listed)."""
        return [c.label for c in self.concepts if not c.matched]

    @property
    def listed(self) -> list[str]:
        return [c.label for c in self.concepts if c.listed]


class AnchorHit(_Result):
    """One of the deck tip's anchors and where in the interview it was first said."""

    label: str
    said: bool
    phrase: str | None = None
    answer_index: int | None = None
    """Index (0-based) of the first answer that said it."""
    span: tuple[int, int] | None = None


class AnchorCheck(_Result):
    anchors: list[AnchorHit]

    @property
    def said(self) -> list[str]:
        return [a.label for a in self.anchors if a.said]

    @property
    def missing(self) -> list[str]:
        return [a.label for a in self.anchors if not a.said]

    def as_dict(self) -> dict[str, bool]:
        """``{"fan_in": True, "activation": False, ...}`` in deck order."""
        return {a.label: a.said for a in self.anchors}


# --- text pipeline -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # normalized, stemmed, synonym-folded
    raw: str  # normalized surface form (before stemming)
    start: int  # offsets in the original text
    end: int
    sentence: int
    segment: int


def _fold_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    decomposed = unicodedata.normalize("NFKD", ch)
    out = []
    for c in decomposed:
        if unicodedata.combining(c):
            continue
        out.append(_CHAR_MAP.get(c, c))
    return "".join(out).casefold()


def _fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            chars.append(c)
            offsets.append(i)
    return "".join(chars), offsets


def normalize(text: str) -> str:
    """The text as the scorer reads it: folded, one space between words (for display and tests)."""
    return " ".join(t.word for t in _tokens(text))


def _stem(word: str) -> str:
    if not word.isalpha():
        return word
    if word.startswith("initiali"):
        return "init"
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    stem = word
    if len(stem) > 4:
        for suffix in ("ing", "ed", "es", "s"):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3 and not stem.endswith("ss"):
                stem = stem[: -len(suffix)]
                break
        if stem.endswith("e") and len(stem) > 4:
            stem = stem[:-1]
    if stem in ("zero", "zeroe"):
        return "0"
    return stem


def _boundaries(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def _index_at(bounds: list[int], pos: int) -> int:
    count = 0
    for b in bounds:
        if b < pos:
            count += 1
        else:
            break
    return count


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[_Token, ...]:
    folded, offsets = _fold(text)
    sentence_bounds = _boundaries(_SENTENCE_END, folded)
    segment_bounds = _boundaries(_SEGMENT_END, folded)
    spans = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
    # Join compounds: fan in → fanin, in channels → inchannels, pre-trained → pretrained.
    joined: list[tuple[str, int, int]] = []
    i = 0
    while i < len(spans):
        word, start, end = spans[i]
        if i + 1 < len(spans):
            nxt, nstart, nend = spans[i + 1]
            gap = folded[end:nstart]
            if (
                (word == "fan" and nxt in _FAN_PARTS and gap.strip(" _-") == "")
                or (word in ("in", "out") and nxt in _CHANNEL_PARTS and gap.strip(" _-") == "")
                or (word in _JOIN_PREFIXES and gap in ("-", "_"))
            ):
                joined.append((word + nxt, start, nend))
                i += 2
                continue
        joined.append((word, start, end))
        i += 1
    tokens = []
    for word, start, end in joined:
        tokens.append(
            _Token(
                word=_stem(word),
                raw=word,
                start=offsets[start],
                end=offsets[end - 1] + 1,
                sentence=_index_at(sentence_bounds, start),
                segment=_index_at(segment_bounds, start),
            )
        )
    return tuple(tokens)


def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that must be heard for it to count, in order, without repeats (grammar words dropped)."""
    words = [t.word for t in _tokens(text)]
    content = [w for w in words if w not in _STOPWORDS]
    if not content:
        content = words
    return tuple(dict.fromkeys(content))


@lru_cache(maxsize=65536)
def _same_word(expected: str, heard: str) -> bool:
    if expected == heard:
        return True
    if len(expected) < 6 or not expected.isalpha() or not heard.isalpha() or expected[0] != heard[0]:
        return False
    allowed = 2 if len(expected) >= 10 else 1
    return OSA.distance(expected, heard, score_cutoff=allowed) <= allowed


def _is_function(token: _Token) -> bool:
    return token.raw in _CLAUSE_WORDS


@dataclass(frozen=True, slots=True)
class _Occurrence:
    first: int  # token indices, inclusive
    last: int
    in_clause: bool


def _occurrences(words: Sequence[str], tokens: Sequence[_Token], clause_segments: frozenset[int]) -> list[_Occurrence]:
    """Every minimal window of ``tokens`` that says all ``words`` together (one sentence, close to each other)."""
    if not words or not tokens:
        return []
    events: list[tuple[int, int]] = []  # (token index, word index)
    for ti, tok in enumerate(tokens):
        for wi, word in enumerate(words):
            if _same_word(word, tok.word):
                events.append((ti, wi))
    if len({wi for _, wi in events}) < len(words):
        return []
    # Content position of each token: how many content words come before it (function words are free).
    content_pos: list[int] = []
    seen = 0
    for tok in tokens:
        content_pos.append(seen)
        if not _is_function(tok):
            seen += 1
    allowed = 2 * len(words) + 1
    found: list[_Occurrence] = []
    counts: dict[int, int] = {}
    left = 0
    for right in range(len(events)):
        counts[events[right][1]] = counts.get(events[right][1], 0) + 1
        while len(counts) == len(words):
            first, last = events[left][0], events[right][0]
            if tokens[first].sentence == tokens[last].sentence and content_pos[last] - content_pos[first] < allowed:
                in_clause = any(tokens[k].segment in clause_segments for k in range(first, last + 1))
                found.append(_Occurrence(first, last, in_clause))
            wi = events[left][1]
            counts[wi] -= 1
            if counts[wi] == 0:
                del counts[wi]
            left += 1
    return found


def _clause_segments(tokens: Sequence[_Token]) -> tuple[frozenset[int], bool]:
    """The segments that are clauses, and whether the answer as a whole is a keyword list."""
    by_segment: dict[int, list[_Token]] = {}
    for tok in tokens:
        by_segment.setdefault(tok.segment, []).append(tok)
    clauses = set()
    bare_words = 0
    for seg, toks in by_segment.items():
        function = sum(1 for t in toks if _is_function(t))
        if len(toks) >= CLAUSE_MIN_WORDS and function / len(toks) >= CLAUSE_SHARE:
            clauses.add(seg)
        else:
            bare_words += len(toks)
    keyword_list = bool(tokens) and bare_words * 2 > len(tokens)
    return frozenset(clauses), keyword_list


def _best(occurrences: Iterable[tuple[_Occurrence, str, int]]) -> tuple[_Occurrence, str] | None:
    """Prefer a clause, then the most specific phrase (most words), then the earliest."""
    ranked = sorted(occurrences, key=lambda o: (not o[0].in_clause, -o[2], o[0].first))
    return (ranked[0][0], ranked[0][1]) if ranked else None


def score_key_points(answer: str, key_points: Sequence[KeyPoint], question: str = "", card_id: int = 0) -> AnswerScore:
    """Score ``answer`` against ``key_points``; phrases made only of ``question``'s words are ignored (echo rule)."""
    tokens = _tokens(answer)
    clauses, keyword_list = _clause_segments(tokens)
    echo = set(content_words(question)) if question else set()
    results: list[ConceptResult] = []
    for kp in key_points:
        candidates: list[tuple[_Occurrence, str, int]] = []
        for phrase in kp.phrases:
            words = content_words(phrase)
            if echo and set(words) <= echo:
                continue
            for occ in _occurrences(words, tokens, clauses):
                candidates.append((occ, phrase, len(words)))
        best = _best(candidates)
        if best is None:
            results.append(ConceptResult(label=kp.label, matched=False))
            continue
        occ, phrase = best
        counted = occ.in_clause or not keyword_list
        span = (tokens[occ.first].start, tokens[occ.last].end)
        results.append(
            ConceptResult(
                label=kp.label,
                matched=counted,
                listed=not counted,
                phrase=phrase,
                span=span,
                said=answer[span[0] : span[1]],
            )
        )
    return AnswerScore(card_id=card_id, answer=answer, concepts=results, keyword_list=keyword_list)


def score_answer(answer: str, card: Card) -> AnswerScore:
    """Score a typed answer against ``card``'s key points (with the card's question for the echo rule)."""
    return score_key_points(answer, card.key_points, question=card.question, card_id=card.id)


def check_anchors(answers: Iterable[str], anchors: Sequence[Anchor]) -> AnchorCheck:
    """Which of the deck tip's anchors were said at least once across the interview's answers."""
    texts = list(answers)
    hits: list[AnchorHit] = []
    for anchor in anchors:
        hit = AnchorHit(label=anchor.label, said=False)
        for index, text in enumerate(texts):
            tokens = _tokens(text)
            found: list[tuple[_Occurrence, str]] = []
            for phrase in anchor.phrases:
                found.extend((occ, phrase) for occ in _occurrences(content_words(phrase), tokens, frozenset()))
            if found:
                occ, phrase = min(found, key=lambda f: f[0].first)
                span = (tokens[occ.first].start, tokens[occ.last].end)
                hit = AnchorHit(label=anchor.label, said=True, phrase=phrase, answer_index=index, span=span)
                break
        hits.append(hit)
    return AnchorCheck(anchors=hits)
