"""Words that are confused with each other in weight-initialization answers, and what follows from that.

Two uses:

- **Swaps.** A key phrase said with one of its words replaced by a confusable one ("He for *tanh*", "2 /
  *fan_out*", "adjust the *learning rate*") contradicts its key point, unless the changed phrase is itself a
  phrase of one of the card's key points ("number of outputs" is fan-out's, not a wrong fan-in).
- **Binding.** Words pair with the nearest candidate. In "He for ReLU and Xavier for tanh", "tanh" belongs to
  Xavier, so "He … tanh" is not a claim of the answer. A phrase heard across a pairing that a confusable word
  sits closer to is dropped (see :func:`misbound`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from quiz.scoring.text import Token, tokenize

# (word, word): each is mistaken for the other. Surface forms; they go through the scorer's pipeline.
PAIRS: tuple[tuple[str, str], ...] = (
    ("He", "Xavier"),
    ("He", "LeCun"),
    ("orthogonal", "He"),
    ("orthogonal", "Xavier"),
    ("ReLU", "tanh"),
    ("ReLU", "sigmoid"),
    ("fan_in", "fan_out"),
    ("input", "output"),
    ("incoming", "outgoing"),
    ("in_channels", "out_channels"),
    ("small", "large"),
    ("smaller", "larger"),
    ("low", "high"),
    ("lower", "higher"),
    ("variance", "learning rate"),
    ("skip", "branch"),
    ("stable", "unstable"),
    ("stable", "grow"),
    ("stable", "shrink"),
)
# Words between two others that put them in different parts of a sentence ("He for ReLU *and* Xavier for tanh").
_CONJUNCTIONS = frozenset(["and", "or", "but", "while", "whereas", "whilst", "unlike", "versus", "vs", "then"])


def _word(surface: str) -> str:
    return tokenize(surface)[0].word


@cache
def _table() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    confusable: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    for a, b in PAIRS:
        wa, wb = _word(a), _word(b)
        confusable.setdefault(wa, set()).add(wb)
        confusable.setdefault(wb, set()).add(wa)
        display.setdefault(wa, a)
        display.setdefault(wb, b)
    return {w: frozenset(c) for w, c in confusable.items()}, display


def confusable(word: str) -> frozenset[str]:
    """The words ``word`` (a scorer word: folded, stemmed) is mistaken for."""
    return _table()[0].get(word, frozenset())


def display(word: str) -> str:
    """How to write a scorer word of the table (``fanout`` → ``fan_out``)."""
    return _table()[1].get(word, word)


def swaps(words: Sequence[str], about: frozenset[str]) -> list[tuple[tuple[str, ...], str, str]]:
    """Each variant of ``words`` with one of its words that are in ``about`` (the words of the key point's label:
    what the point is about) replaced by a confusable one: ``(variant, replaced, by)``. A one-word phrase has none
    (it names a thing; it pairs nothing)."""
    if len(words) < 2:
        return []
    out = []
    for i, word in enumerate(words):
        if word not in about:
            continue
        for other in sorted(confusable(word)):
            if other in words:
                continue
            out.append(((*words[:i], other, *words[i + 1 :]), word, other))
    return out


def _distance(tokens: Sequence[Token], content_pos: Sequence[int], a: int, b: int) -> tuple[int, int, int, int]:
    """How far apart ``a`` is said from ``b``: segments crossed, conjunctions crossed, content words between, and
    last whether ``a`` comes after ``b`` (on a tie, the word before pairs: "fan-in is outputs", "He for ReLU")."""
    lo, hi = min(a, b), max(a, b)
    conjunctions = sum(1 for j in range(lo + 1, hi) if tokens[j].raw in _CONJUNCTIONS)
    return (tokens[hi].segment - tokens[lo].segment, conjunctions, content_pos[hi] - content_pos[lo], int(a > b))


def misbound(
    used: Sequence[int],
    tokens: Sequence[Token],
    content_pos: Sequence[int],
    *,
    ties_lose: bool,
    index: dict[str, list[int]] | None = None,
) -> bool:
    """Whether a phrase heard at token indices ``used`` pairs words that belong to others: some word of it has a
    confusable word, said elsewhere in the sentence, that is closer to another word of the phrase. With
    ``ties_lose`` (a contradiction), as close is enough: the benefit of the doubt goes to the answer. ``index``
    (word → token indices) saves scanning every token."""
    inside = set(used)
    sentence = tokens[used[0]].sentence
    for a in used:
        rivals = confusable(tokens[a].word)
        if not rivals:
            continue
        candidates = [r for word in rivals for r in index.get(word, ())] if index is not None else range(len(tokens))
        for r in candidates:
            tok = tokens[r]
            if r in inside or tok.sentence != sentence or tok.word not in rivals:
                continue
            for b in used:
                if b == a:
                    continue
                mine = _distance(tokens, content_pos, a, b)
                theirs = _distance(tokens, content_pos, r, b)
                if ties_lose and theirs <= mine:
                    return True
                if not ties_lose and theirs[:3] < mine[:3]:  # the word order decides only against a claim
                    return True
    return False


def subjects(label_words: Iterable[str], question_words: Iterable[str]) -> tuple[str, ...]:
    """What a key point is about, among the words that have a confusable counterpart: its label's words, then the
    question's whose counterpart the label or question does not name too (card 3 asks about fan_in *and* fan_out:
    its fan-in point is about fan_in). A label that names both ("less default than Xavier/He") has none."""
    words = list(dict.fromkeys(label_words))
    label = [w for w in words if confusable(w) and not confusable(w) & set(words)]
    question = list(dict.fromkeys(question_words))
    out = list(label)
    for w in question:
        rivals = confusable(w)
        if rivals and w not in out and not (rivals & (set(label) | set(question))):
            out.append(w)
    return tuple(out)


def about_the_counterpart(
    used: Sequence[int],
    about: Sequence[str],
    tokens: Sequence[Token],
    content_pos: Sequence[int],
    index: dict[str, list[int]],
) -> bool:
    """Whether the claim said at token indices ``used`` is about the counterpart of what its key point is about:
    the nearest of a subject word and its confusables, in the claim's statement, is a confusable.
    "fan_out = C_out·k_h·k_w" does not claim that fan_in counts C_out; "fan-out the outgoing weights" does not say
    that fan-in's are outgoing. A subject the claim itself says, or pairs its rival with ("He for tanh" is about
    He, not Xavier), decides nothing; nor does a rival said together with the subject ("fan-in and fan-out are
    …"). On a tie the benefit of the doubt goes to the answer."""
    said = {tokens[u].word for u in used}
    statement = tokens[used[0]].statement
    inside = set(used)
    for subject in about:
        rivals = confusable(subject)
        if subject in said or rivals & said:
            continue
        nearest: tuple[tuple[int, int, int, int], bool, int] | None = None
        for word in (subject, *sorted(rivals)):
            for r in index.get(word, ()):
                if r in inside or tokens[r].statement != statement:
                    continue
                far = min((*_distance(tokens, content_pos, r, u)[:3], 0) for u in used)
                rival = word != subject
                if nearest is None or far < nearest[0] or (far == nearest[0] and rival):
                    nearest = (far, rival, r)
        if nearest is not None and nearest[1] and not _coordinated(subject, nearest[2], tokens, index):
            return True
    return False


# What may stand between two words said together ("fan-in and fan-out", "fan_in or the fan_out").
_TOGETHER = frozenset({"and", "or", "the", "a", "an", "both", "either", "its", "their"})


def _coordinated(subject: str, rival: int, tokens: Sequence[Token], index: dict[str, list[int]]) -> bool:
    """Whether the rival at token ``rival`` is said together with ``subject`` ("fan-in and fan-out are …"): the
    claim is then about both. Not when set against each other: "fan_out, not fan_in"."""
    for s in index.get(subject, ()):
        lo, hi = min(s, rival), max(s, rival)
        if tokens[lo].statement == tokens[hi].statement and all(tokens[j].raw in _TOGETHER for j in range(lo + 1, hi)):
            return True
    return False


def listed_with_rival(used: Sequence[int], tokens: Sequence[Token], index: dict[str, list[int]]) -> bool:
    """Whether a word of the claim said at ``used`` is listed with its rival in one statement ("a weight (C_out,
    C_in, k_h, k_w)", "fan-in and fan-out"): naming both, it pairs neither."""
    inside = set(used)
    for u in used:
        for word in confusable(tokens[u].word):
            for r in index.get(word, ()):
                lo, hi = min(u, r), max(u, r)
                if r in inside or tokens[lo].statement != tokens[hi].statement:
                    continue
                if all(tokens[j].raw in _TOGETHER for j in range(lo + 1, hi)):
                    return True
    return False
