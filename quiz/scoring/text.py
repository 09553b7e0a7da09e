"""The text pipeline of the scorer: fold, normalize, stem and tokenize answers and phrases alike.

See :mod:`quiz.scoring` for what is tolerated (case, accents, spellings of fan_in, plurals, typos, synonyms) and why.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


ARROW = "->"
"""How any arrow (``->``, ``=>``, ``→``) reads: a function word, like "leads to"."""

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
# Further words that mark a sentence (connectives, negations, common verbs, the operators of a formula: "=", "×"
# read "equals", "x", and said in words: "kernel height times width") but carry meaning inside a phrase.
_CLAUSE_WORDS = (
    _STOPWORDS
    | _wordset(
        """
    not no never because since therefore thus hence whereas although though unless otherwise instead rather
    both either neither like means mean get gets got make makes made keep keeps kept stay stays become becomes
    help helps need needs use uses used let lets lead leads cause causes give gives go goes start starts
    break breaks work works want call called say says set equals equal approx e g eg ie etc vs x
    times plus minus divided
    """
    )
    | {ARROW}
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
    "initial": "init",
    "initially": "init",
    "relus": "relu",
    "big": "large",
    "huge": "large",
    "tiny": "small",
    "goes": "go",
    "going": "go",
    "went": "go",
    "dies": "die",
    "died": "die",
    "dying": "die",
    "grads": "gradient",
    "grad": "gradient",
    "rnns": "rnn",
    "cnns": "cnn",
    "mlps": "mlp",
    "lstms": "lstm",
    "cin": "inchannels",
    "cout": "outchannels",
    "nin": "fanin",
    "nout": "fanout",
}
_FAN_PARTS = frozenset({"in", "out", "avg"})
_CHANNEL_PARTS = frozenset({"channel", "channels"})
_JOIN_PREFIXES = frozenset({"non", "pre", "re", "multi"})
# c_in / C_out (channels) and n_in / n_out (Glorot's fans) are one word each.
_SUBSCRIPTED = {("c", "in"): "inchannels", ("c", "out"): "outchannels", ("n", "in"): "fanin", ("n", "out"): "fanout"}
# Words, numbers, and arrows ("large -> explode"): an arrow reads "leads to", a function word.
_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)?|-+>|=+>|→|⇒")
# Sentence ends; "e.g." and friends are not ends.
_NOT_AN_END = r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)"
_SENTENCE_END = re.compile(_NOT_AN_END + r"[.!?;]+(?=\s|$)|\n")
_SEGMENT_END = re.compile(_NOT_AN_END + r"[.!?;]+(?=\s|$)|[,\n]")
# Clauses, for the scope of a negation: segments, also cut at a colon, a dash or an arrow ("x: y", "x -> y").
# Statements, for a claim: segments, also cut at a dash ("zeros is fine for biases — symmetry comes from weights").
_STATEMENT_END = re.compile(_NOT_AN_END + r"[.!?;]+(?=\s|$)|[,\n]|\s-+\s")
_CLAUSE_END = re.compile(_NOT_AN_END + r"[.!?;]+(?=\s|$)|[,\n:]|\s-+\s|-+>|=+>|→|⇒")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text, as the scorer compares it, and where it was said."""

    word: str  # normalized, stemmed, synonym-folded
    raw: str  # normalized surface form (before stemming)
    start: int  # offsets in the original text
    end: int
    sentence: int
    segment: int
    statement: int
    """Like ``segment``, also cut at dashes: where a claim is said ("He: tanh" is one)."""
    clause: int
    """Like ``statement``, also cut at colons and arrows: how far a negation reaches."""


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


def _stem(word: str) -> str:
    if word[-1] in ">→⇒":
        return ARROW
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
    if stem == "zero":
        return "0"
    return stem


def _bracketed(text: str) -> list[bool]:
    """For each character, whether it is inside brackets: "N(0, 1)" and "(out, in)" are one stretch."""
    out: list[bool] = []
    depth = 0
    for ch in text:
        if ch in ")]}":
            depth = max(0, depth - 1)
        out.append(depth > 0)
        if ch in "([{":
            depth += 1
    return out


def _boundaries(pattern: re.Pattern[str], text: str, bracketed: list[bool]) -> list[int]:
    """Where ``pattern`` cuts ``text``; a comma inside brackets cuts nothing."""
    return [m.start() for m in pattern.finditer(text) if not (m.group() == "," and bracketed[m.start()])]


TYPO_MIN_LETTERS = 6
"""Shorter words must be said exactly (a typo of "relu" is "selu")."""


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """The words of ``text``, folded, compounds joined (fan in → fanin, C_in → inchannels, learning rate → lr),
    stemmed, with their sentence and segment."""
    folded, offsets = _fold(text)
    bracketed = _bracketed(folded)
    sentence_bounds = _boundaries(_SENTENCE_END, folded, bracketed)
    segment_bounds = _boundaries(_SEGMENT_END, folded, bracketed)
    statement_bounds = _boundaries(_STATEMENT_END, folded, bracketed)
    clause_bounds = _boundaries(_CLAUSE_END, folded, bracketed)
    spans = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
    # Join compounds: fan in → fanin, in channels → inchannels, pre-trained → pretrained.
    joined: list[tuple[str, int, int]] = []
    i = 0
    while i < len(spans):
        word, start, end = spans[i]
        if i + 1 < len(spans):
            nxt, nstart, nend = spans[i + 1]
            gap = folded[end:nstart]
            subscripted = _SUBSCRIPTED.get((word, nxt)) if gap == "_" else None
            if subscripted is not None:
                joined.append((subscripted, start, nend))
                i += 2
                continue
            if word == "learning" and nxt in ("rate", "rates") and gap.strip(" -") == "":
                joined.append(("lr", start, nend))
                i += 2
                continue
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
            Token(
                word=_stem(word),
                raw=word,
                start=offsets[start],
                end=offsets[end - 1] + 1,
                sentence=bisect_left(sentence_bounds, start),
                segment=bisect_left(segment_bounds, start),
                statement=bisect_left(statement_bounds, start),
                clause=bisect_left(clause_bounds, start),
            )
        )
    return tuple(tokens)


def normalize(text: str) -> str:
    """The text as the scorer reads it: folded, one space between words (for display and tests)."""
    return " ".join(t.word for t in tokenize(text))


# Negations: not words of a phrase (a phrase says them through its polarity, see quiz.scoring.polarity).
NEGATION_WORDS = _wordset(
    """
    not no never none nothing nobody cannot cant dont doesnt didnt isnt arent wasnt werent hasnt havent
    shouldnt wont wouldnt couldnt neither nor
    """
)


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that must be heard for it to count, in order, without repeats (grammar words and
    negations dropped: ``symmetry is not broken`` and ``symmetry never breaks`` are the same words)."""
    words = [t.word for t in tokenize(text)]
    content = [w for w in words if w not in _STOPWORDS and w not in NEGATION_WORDS]
    if not content:
        content = words
    return tuple(dict.fromkeys(content))


_QUANTIFIERS = _wordset("all every only")


@lru_cache(maxsize=4096)
def claim_words(text: str) -> tuple[str, ...]:
    """Like :func:`content_words`, keeping the quantifiers (all, every, only): they are part of what a wrong
    claim says ("random init for *all* layers" is not "random init for the new layer"; "*only* dropout")."""
    words = [t.word for t in tokenize(text)]
    content = [w for w in words if (w not in _STOPWORDS or w in _QUANTIFIERS) and w not in NEGATION_WORDS]
    if not content:
        content = words
    return tuple(dict.fromkeys(content))


@lru_cache(maxsize=65536)
def same_word(expected: str, heard: str) -> bool:
    """Whether ``heard`` counts as ``expected``: equal, or a typo of a long word (same first letter, OSA distance 1;
    2 from 10 letters)."""
    if expected == heard:
        return True
    if len(expected) < TYPO_MIN_LETTERS or not expected.isalpha() or not heard.isalpha() or expected[0] != heard[0]:
        return False
    allowed = 2 if len(expected) >= 10 else 1
    return OSA.distance(expected, heard, score_cutoff=allowed) <= allowed


def is_function_word(token: Token) -> bool:
    """A grammatical word or connective (an arrow too: "ReLU → He"): free inside a phrase, and the mark of a
    clause in an answer."""
    return token.raw in _CLAUSE_WORDS or token.word == ARROW
