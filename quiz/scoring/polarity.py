"""Polarity: whether a stretch of an answer is said or denied ("neurons stay identical" / "do not stay identical").

A *cue* is a word that denies what it governs. Strong cues assert the opposite: ``not``, ``n't`` after do/is/are/
has/should…, ``never``, ``no``, ``nothing``, ``irrelevant``, ``unnecessary``, ``instead of``, ``rather than``.
Weak cues deny without asserting a wrong claim, and are what good answers use to describe failure modes and
purposes: ``can't``/``won't``/``wouldn't`` (and ``can not``…), ``without``, ``neither``/``nor``, ``prevent``,
``avoid``, ``stop``, ``lack``, ``fail``, ``remove``, ``eliminate`` ("doesn't *remove* the variance across seeds"
says the variance remains), ``less`` ("less suited to ReLU", "less default than He"), and ``not`` before a
quantifier ("*not every* layer is normalized" says some are), ``not`` as a purpose ("*helps* ReLU units *not* die",
"*to not* let them die": no claim that they cannot), and a strong cue about part of something ("*some* layers
aren't normalized"). Not cues: ``not only``, ``not just``, ``no matter``.

Scope of a cue, for a stretch from token ``first`` to ``last``, within one clause (commas, colons, dashes,
arrows and sentence ends close it):

- inside the stretch ("neurons do *not* stay identical"), unless a contrast word (but, while, whereas…) follows
  the cue inside it ("He is not for tanh but for ReLU" does not deny "He … ReLU");
- before it, up to :data:`LOOKBACK` words back with at most one content word between (a negation governs its own
  verb: in "don't wipe out what the pretrained weights learned" it denies the wiping; nor when that word takes the
  stretch as its complement: "not immune to a bad init"), and no clause breaker
  (but, so, because, which, what, if, …) in between, except right after the cue ("it is *not because* the block
  starts as identity"), and not past a verb of harm ("don't *destroy* the pretrained weights" keeps the weights);
  a cue right before ``and``/``or`` stops there ("adds *nothing* and the shortcut …", but
  "*not* for ReLU and tanh"); "it is *not true that* …" and "it's a *myth that* …" deny the clause after them;
- after it, as the predicate of a stretch that is the subject: ``doesn't``/``isn't``…, or ``not``/``never`` after
  an auxiliary, up to :data:`LOOKAHEAD` words on, with no breaker nor ``and``/``or`` nor a new subject (a pronoun,
  an article after a content word: "compare two models *the* difference isn't luck") in between ("the kernel
  height × width *doesn't* matter", "random init *is not* needed"), and the strong adjectives ("… is irrelevant");
  not when the predicate is a harm ("the pretrained weights *aren't destroyed*" keeps the weights).

The polarity of a stretch is the parity of the cues in its scope; a phrase of the deck has its own (``symmetry is
not broken`` is negative). Heard with the phrase's polarity, the phrase is said; with the other, it is denied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from quiz.scoring.text import Token, is_function_word, tokenize

LOOKBACK = 6
"""How many words before a stretch a negation still governs it."""
LOOKAHEAD = 4
"""How many words after a stretch (its subject) a predicate negation may come."""

NONE, WEAK, STRONG, PURPOSE = 0, 1, 2, 3
"""Cue strengths; ``PURPOSE`` is a weak cue that says what something is for ("helps them *not* die")."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STRONG_WORDS = _words(
    """not never no none nothing nobody dont doesnt didnt isnt arent wasnt werent hasnt havent shouldnt
    irrelevant unnecessary unneeded useless pointless"""
)
_WEAK_WORDS = _words(
    """cannot cant wont wouldnt couldnt without neither nor prevent prevents prevented preventing avoid avoids
    avoided avoiding stop stops stopped stopping lack lacks lacking fail fails failed failing remove removes removed
    removing eliminate eliminates eliminated eliminating less"""
)
# Words before the "t" of a contraction: don't (strong), can't (weak).
_STRONG_CONTRACTED = _words("don doesn didn isn aren wasn weren hasn haven hadn shouldn needn mustn ain")
_WEAK_CONTRACTED = _words("can couldn won wouldn mightn")
_MODALS = _words("can could would will might may must")
_AUXILIARIES = _MODALS | _words("is are was were be been do does did has have had should")
_NOT_A_NEGATION_AFTER = _words("only just merely simply")  # "not only", "not just"
_PARTIAL_SUBJECTS = _words("some certain few several")
_PARTIAL_AFTER = _words("every all always everything necessarily")  # "not every layer is normalized": some are
_PREDICATE_ONLY = _words("irrelevant unnecessary unneeded useless pointless")
_CONTRAST = _words("but while whereas although though however yet")
BREAKERS = _CONTRAST | _words(
    "so because since which who what where how that if when unless otherwise then therefore thus hence"
)
_AFTER_BREAKERS = BREAKERS | frozenset({"and", "or"})


_PURPOSE = _words("help helps helped helping")


def _a_purpose(tokens: Sequence[Token], i: int) -> bool:
    """Whether the ``not`` at ``i`` says what something is for: "a small bias *helps* ReLU units *not* die", "*to
    not* let them die" (a purpose, as ``prevent`` is, not a claim that they cannot)."""
    if i > 0 and tokens[i - 1].raw == "to":
        return True
    return any(t.raw in _PURPOSE and t.clause == tokens[i].clause for t in tokens[max(0, i - 4) : i])


def cue_strengths(tokens: Sequence[Token]) -> list[int]:
    """For each token: ``STRONG``, ``WEAK``, ``PURPOSE`` (weak) or ``NONE`` (see the module docstring)."""
    out: list[int] = []
    for i, tok in enumerate(tokens):
        raw = tok.raw
        prev = tokens[i - 1].raw if i > 0 else ""
        nxt = tokens[i + 1].raw if i + 1 < len(tokens) else ""
        strength = NONE
        if raw == "t" and i > 0 and tokens[i - 1].end == tok.start - 1:
            strength = STRONG if prev in _STRONG_CONTRACTED else WEAK if prev in _WEAK_CONTRACTED else NONE
        elif raw in ("instead", "rather"):
            strength = STRONG if nxt in ("of", "than") else NONE
        elif raw == "not":
            strength = (
                NONE
                if nxt in _NOT_A_NEGATION_AFTER
                else PURPOSE
                if _a_purpose(tokens, i)
                else WEAK
                if prev in _MODALS or nxt in _PARTIAL_AFTER
                else STRONG
            )
        elif raw == "no":
            strength = NONE if nxt == "matter" else STRONG
        elif raw in _STRONG_WORDS:
            strength = STRONG
        elif raw in _WEAK_WORDS:
            strength = WEAK
        if strength == STRONG and any(
            t.raw in _PARTIAL_SUBJECTS and t.clause == tok.clause for t in tokens[max(0, i - 3) : i]
        ):
            strength = WEAK  # "*some* layers aren't normalized": others are
        out.append(strength)
    return out


# Verbs of harm: a negation before one governs it, not its object ("don't *destroy* the pretrained weights").
_HARMS = _words("destroy destroys destroyed ruin ruins wreck wrecks wipe wipes hurt hurts kill kills lose loses")
# Harms said of a stretch after a negation ("the pretrained weights *aren't destroyed*"): the negation denies the
# harm, not the stretch.
_HARMED = _HARMS | _words(
    "ruined wrecked wiped hurt killed lost damaged harmed overwritten forgotten erased affected broken removed "
    "deleted dropped zeroed discarded replaced reset reinitialized"
)


@dataclass(frozen=True, slots=True)
class Polarity:
    negated: bool
    """An odd number of cues govern the stretch."""
    strong: bool
    """At least one of them is a strong cue."""
    mixed: bool = False
    """The stretch runs over a clause boundary with a cue inside: which words the cue denies is unclear."""
    split: bool = False
    """"instead of" or "rather than" stands inside the stretch: its words are set against each other, so the
    stretch says neither the phrase nor its denial ("a pretrained network *instead of* random weights")."""
    purpose: bool = False
    """A cue of purpose is among them ("a small bias *helps* ReLU units *not* die"): what is denied is a goal, so a
    wrong claim made of that denial ("ReLU units can't die") is not claimed."""


# Prepositions after a word that make the stretch its complement ("not immune to", "not safe from").
_COMPLEMENTS = _words("to from against")
_PRONOUNS = _words("it they you we i this these those")  # not "he": He is an init
_ARTICLES = _words("the a an")


def _new_subject(tokens: Sequence[Token], k: int) -> bool:
    """Whether ``tokens[k]`` starts a new noun phrase after the stretch: a pronoun, or an article right after a
    content word."""
    raw = tokens[k].raw
    return raw in _PRONOUNS or (raw in _ARTICLES and k > 0 and not is_function_word(tokens[k - 1]))


# "It is not true that …", "it's not the case that …": a negation of the clause that follows. "It's a myth that …",
# "it's wrong that …": a denial by themselves.
_TRUTH = _words("true case so correct right")
_DENIALS = _words("false wrong myth untrue incorrect misconception")


def _denied_that(tokens: Sequence[Token], cues: Sequence[int], that: int) -> list[int]:
    """The cues of a denial ending in ``that`` (index of "that"): ``[STRONG]`` or none."""
    before = [k for k in range(max(0, that - 4), that) if tokens[k].clause == tokens[that].clause]
    if before and tokens[before[-1]].raw in _DENIALS:
        return [STRONG]
    if before and tokens[before[-1]].raw in _TRUTH and any(cues[k] == STRONG for k in before[:-1]):
        return [STRONG]
    return []


def _cut(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Whether a clause boundary or a breaker lies between tokens ``a`` and ``b`` (exclusive)."""
    lo, hi = min(a, b), max(a, b)
    if tokens[lo].clause != tokens[hi].clause:
        return True
    return any(tokens[j].raw in BREAKERS for j in range(lo + 1, hi))


def polarity(tokens: Sequence[Token], cues: Sequence[int], first: int, last: int) -> Polarity:
    """The cues that govern ``tokens[first:last + 1]`` (see the module docstring for their scope)."""
    counted: list[int] = []
    mixed = False
    # Inside: in the stretch's clause, and no contrast word after the cue within the stretch.
    split = False
    for k in range(first, last + 1):
        if not cues[k]:
            continue
        if first < k < last and tokens[k].raw in ("instead", "rather"):
            split = True
            continue
        if not _cut(tokens, first, k) and not _cut(tokens, k, last):
            if not any(tokens[j].raw in _CONTRAST for j in range(k + 1, last + 1)):
                counted.append(cues[k])
        else:
            mixed = True
    # Before: up to LOOKBACK words, at most one content word between ("not really the same").
    clause = tokens[first].clause
    between = 0
    k = first - 1
    while k >= 0 and first - k <= LOOKBACK and tokens[k].clause == clause:
        if tokens[k].raw in BREAKERS:
            if k > 0 and cues[k - 1] and tokens[k - 1].clause == clause:
                counted.append(cues[k - 1])  # "not because …"
            elif tokens[k].raw == "that":
                counted.extend(_denied_that(tokens, cues, k))  # "it's not true that …", "it's a myth that …"
            break
        if cues[k]:
            if tokens[k + 1].raw in ("and", "or"):
                break  # "adds nothing and the shortcut …": a cue right before a conjunction ends there
            counted.append(cues[k])
        elif not is_function_word(tokens[k]):
            between += 1
            if between > 1 or tokens[k].raw in _HARMS or tokens[k + 1].raw in _COMPLEMENTS:
                break  # "not *immune to* a bad init": the negation is the adjective's, not the stretch's
        k -= 1
    # After: a predicate denying the stretch.
    clause = tokens[last].clause
    for k in range(last + 1, min(len(tokens), last + 1 + LOOKAHEAD)):
        tok = tokens[k]
        if tok.clause != clause or tok.raw in _AFTER_BREAKERS or _new_subject(tokens, k):
            break  # "when you compare two models *the difference* isn't luck": another subject's predicate
        if cues[k] == STRONG and (
            tok.raw == "t"
            or tok.raw in _PREDICATE_ONLY
            or (tok.raw in ("not", "never") and k > 0 and tokens[k - 1].raw in _AUXILIARIES)
        ):
            nxt = next((t for t in tokens[k + 1 : k + 3] if not is_function_word(t)), None)
            if nxt is None or nxt.raw not in _HARMED:
                counted.append(cues[k])
            break
    return Polarity(
        negated=len(counted) % 2 == 1, strong=STRONG in counted, mixed=mixed, split=split, purpose=PURPOSE in counted
    )


@lru_cache(maxsize=4096)
def phrase_polarity(phrase: str) -> bool:
    """Whether a deck phrase is itself negative (``symmetry is not broken``)."""
    tokens = tokenize(phrase)
    if not tokens:
        return False
    return polarity(tokens, cue_strengths(tokens), 0, len(tokens) - 1).negated
