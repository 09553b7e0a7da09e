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

Judged by what it claims. A key point is *contradicted* when the answer asserts its opposite, in four ways:

1. Misconceptions (per card, in the deck): common wrong claims with their phrasings, the key point each
   contradicts and a one-line correction ("He is for tanh" → "He is for ReLU; Xavier for tanh/sigmoid").
2. Negation: a key phrase said with the opposite polarity, by a strong cue ("the neurons do *not* stay
   identical", "kernel height × width *doesn't* matter"). :mod:`quiz.scoring.polarity` says which words deny
   what; weak cues ("can't", "without", "prevent", "neither … nor") deny without asserting a wrong claim, which is
   how good answers describe failure modes ("units can't specialize"): the phrase is then not heard, and nothing
   is contradicted. A key point whose label is itself negative ("prevents vanishing …", "avoid dead …", "symmetry
   never breaks") is heard whatever the polarity in its own terms: "the signal neither dies nor blows up" says it,
   but "it's not a symmetry problem" denies a bare topic word.
3. Swaps: a key phrase with one word replaced by a confusable one (:mod:`quiz.scoring.confusions`: He/Xavier,
   ReLU/tanh, fan_in/fan_out, inputs/outputs, small/large, stable/unstable/grow/shrink, variance/learning rate …):
   "He for tanh", "2/fan_out". Words pair with the nearest candidate, so "He for ReLU and Xavier for tanh" is not
   "He … tanh".
4. Formulas, by value (:mod:`quiz.formulas`): a variance, standard deviation, ``N(0, x)`` or ``U(−a, a)`` stated in
   the fans, or a conv layer's ``fan_in = …``, is evaluated and compared with the formula a key point gives (the
   deck's ``formula = "Var = 2 / fan_in"``): "Var = 1/(2 fan_in)", "std = 2/fan_in", "N(0, 1)" and "fan_in =
   in_channels + k_h + k_w" share the right words but contradict it, and "σ² = 2/n", "U(−√(6/fan_in),
   √(6/fan_in))" or "C_in·k²" say it in other words.

A claim is read by what it relates, in any word order: "Xavier is meant for ReLU", "use Xavier with ReLU", "ReLU
nets → Xavier", "ReLU: Xavier", "For ReLU nets, Xavier", "Xavier if you use ReLU" (a lead-in before a comma joins
what follows, :func:`quiz.scoring.matching.joined`). It is not a wrong claim when it is about the counterpart of
its key point's subject ("fan_out = C_out·k_h·k_w" on fan_in's card), when a longer right phrase holds it
("2/(fan_in + fan_out)" holds "2/fan_in"), or when the deck's phrase has a quantifier the answer lacks ("random
init for *all* layers"). "It" stands for the question's subject ("It's meant for ReLU" on Xavier's card).

A misconception or swap said under a denial is right, not wrong ("Xavier is *not* for ReLU"), and none of the three
counts when only supposed (:mod:`quiz.scoring.supposition`: "a large learning rate *would* destroy them", "*if*
you used Xavier for ReLU, …"), while a condition or a choice that makes the claim asserts it ("*if* the init is
large the signal vanishes", "*I'd* say He for tanh"). A contradicted key point is never matched, and an answer
with a contradiction scores at most 25 % (:data:`CONTRADICTION_CAP`). The user can correct the scorer
(:meth:`AnswerScore.with_overrides`).

Known limits: a determined writer can wrap keywords in filler words, and a wrong claim the deck does not list,
said without a negation or a swap, goes unnoticed. The scorer is a rehearsal aid that reports what was heard, not
a grader; ``make eval-scoring`` measures it on labelled answers (tests/data/scoring/).

:func:`score_key_point` scores an answer against one key point of a card (matched, or contradicted with what was
said): the unit a follow-up question needs.

Pure functions; no Textual, no NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from quiz import formulas
from quiz.deck import Anchor, Card, KeyPoint, Misconception
from quiz.scoring import confusions
from quiz.scoring.advice import Suggestion, reference_spans, suggest_grade
from quiz.scoring.matching import Occurrence, content_positions, occurrences
from quiz.scoring.polarity import phrase_polarity, polarity
from quiz.scoring.reading import ReadAnswer
from quiz.scoring.results import (
    CONTRADICTION_CAP,
    AnchorCheck,
    AnchorHit,
    AnswerScore,
    ConceptResult,
    Contradiction,
)
from quiz.scoring.text import claim_words, content_words, normalize, tokenize

__all__ = [
    "CONTRADICTION_CAP",
    "AnchorCheck",
    "AnchorHit",
    "AnswerScore",
    "ConceptResult",
    "Contradiction",
    "Suggestion",
    "check_anchors",
    "content_words",
    "normalize",
    "reference_spans",
    "score_answer",
    "score_key_point",
    "score_key_points",
    "suggest_grade",
]

# Words of a key point's label that make it negative ("prevents …", "avoid …", "never …"): heard either way.
_NEGATIVE_LABEL = frozenset(
    "not no never dont don t prevent prevents avoid avoids without stop stops keep keeps neither nor".split()  # noqa: SIM905
)
# Problems an answer names: a phrase with one of them names the problem, and "doesn't vanish" says it too, unless
# the key point is that problem ("too large: explode").
_PROBLEMS = (
    "explode exploding vanish vanishing die dies dying dead destroy destroyed saturate saturation blow overflow nan "
    "stall forget wreck ruin wipe collapse diverge hurt shrink decay"
)


# Words that name a thing as bad: a phrase with one is heard under advice against it.
_BAD = "bad pathological poor terrible awful"


@cache
def _problem_words() -> frozenset[str]:
    return frozenset(t.word for t in tokenize(_PROBLEMS))


def _negative_label(label: str) -> bool:
    return any(t.raw in _NEGATIVE_LABEL for t in tokenize(label))


@cache
def _bad_words() -> frozenset[str]:
    return frozenset(t.word for t in tokenize(_BAD))


def _names_a_bad_thing(words: Sequence[str]) -> bool:
    """A phrase naming a bad thing ("pathological init") is said by advice against it too: "you shouldn't use a
    pathological init" agrees that it hurts."""
    return any(w in _bad_words() for w in words)


def _names_problem(words: Sequence[str]) -> bool:
    return any(w in _problem_words() for w in words)


def _names_a_problem(words: Sequence[str], label_words: frozenset[str]) -> bool:
    problems = _problem_words()
    return any(w in problems for w in words) and not any(w in problems for w in label_words)


def _phrases(
    phrases: Iterable[str], echo: set[str], *, claims: bool = False
) -> list[tuple[str, tuple[str, ...], bool]]:
    """(phrase, content words, negative?) for each phrase that has a word the answerer brought (echo rule). The
    words of a misconception's phrase (``claims``) keep their quantifiers (:func:`claim_words`)."""
    out = []
    for phrase in phrases:
        words = claim_words(phrase) if claims else content_words(phrase)
        if words and not (echo and set(words) <= echo):
            out.append((phrase, words, phrase_polarity(phrase)))
    return out


@dataclass
class _Heard:
    """What was heard for one key point."""

    about: tuple[str, ...]
    """The key point's subject words that have confusable counterparts (:func:`confusions.subjects`)."""
    said: list[tuple[Occurrence, str, int]] = field(default_factory=list)  # (where, phrase, its word count)
    contradictions: list[tuple[Contradiction, tuple[int, ...]]] = field(default_factory=list)  # (what, where)
    denied: list[tuple[int, ...]] = field(default_factory=list)
    """Where a misconception of the key point is said denied ("it's not the 2/fan_in of He")."""


def _best(candidates: Iterable[tuple[Occurrence, str, int]]) -> tuple[Occurrence, str] | None:
    """Prefer a clause, then the most specific phrase (most words), then the earliest."""
    best = min(candidates, key=lambda o: (not o[0].in_clause, -o[2], o[0].first), default=None)
    return None if best is None else (best[0], best[1])


def _hear_key_point(
    kp: KeyPoint, ans: ReadAnswer, echo: set[str], phrase_sets: list[frozenset[str]], heard: _Heard
) -> None:
    """Said, denied, or said with a word swapped: every phrase of ``kp``."""
    label_words = frozenset(t.word for t in tokenize(kp.label))
    negative_label = _negative_label(kp.label)
    for phrase, words, negative in _phrases(kp.phrases, echo):
        # A negative key point is heard either way in its own terms ("symmetry never breaks": "nothing breaks the
        # symmetry"), but a bare topic word denied is denied: "it's not a symmetry problem".
        either_way = (
            (negative_label and (len(words) > 1 or _names_problem(words)))
            or _names_a_problem(words, label_words)
            or _names_a_bad_thing(words)
        )
        for occ in ans.find(words):
            pol = polarity(ans.tokens, ans.cues, occ.first, occ.last)
            if pol.split:
                continue
            if either_way or (pol.negated == negative and not pol.mixed):
                heard.said.append((occ, phrase, len(words)))
            elif (
                pol.strong
                and not pol.mixed
                and ans.within(occ, "clause")
                and not ans.suppositions.in_its_sentence(occ.used)
            ):
                wrong = ans.contradiction(
                    occ, label=f"not {kp.label}", key_point=kp.label, correction=kp.label, kind="negation"
                )
                heard.contradictions.append((wrong, occ.used))
        for variant, replaced, by in confusions.swaps(words, label_words):
            if by in echo or by in label_words or any(set(variant) <= s for s in phrase_sets):
                continue  # the question or the label names both ("too large or too small"), or it is right elsewhere
            for occ in ans.find(variant, contradiction=True, negative=negative, about=heard.about):
                pol = polarity(ans.tokens, ans.cues, occ.first, occ.last)
                if pol.negated == negative and not pol.mixed:
                    label = f"{confusions.display(by)} where {confusions.display(replaced)} belongs"
                    wrong = ans.contradiction(occ, label=label, key_point=kp.label, correction=kp.label, kind="swap")
                    heard.contradictions.append((wrong, occ.used))


def _hear_misconception(m: Misconception, ans: ReadAnswer, echo: set[str], heard: _Heard) -> None:
    for _phrase, words, negative in _phrases(m.phrases, echo, claims=True):
        for occ in ans.find(words, contradiction=True, negative=negative):
            pol = polarity(ans.tokens, ans.cues, occ.first, occ.last)
            if pol.split or (negative and pol.purpose):
                # "He uses 2/fan_in rather than 1/fan_in": set against each other, neither is claimed; "a bias helps
                # ReLU units not die" is what the bias is for, no "ReLU units can't die"
                continue
            if pol.negated != negative:
                if pol.strong:
                    heard.denied.append(occ.used)  # denied, whatever it is about
            elif not pol.mixed and not ans.about_the_counterpart(occ, heard.about):
                wrong = ans.contradiction(
                    occ, label=m.label, key_point=m.key_point, correction=m.correction, kind="misconception"
                )
                heard.contradictions.append((wrong, occ.used))


def _said_better(
    used: Sequence[int], said: Sequence[tuple[frozenset[int], int]], ans: ReadAnswer, subjects: Sequence[str]
) -> bool:
    """Whether the words of a wrong claim are all part of a right phrase with more words, said there: the answer
    said the more specific, right thing ("2/(fan_in + fan_out)" holds "2/fan_in", Xavier's misconception). The
    question's subjects and their stand-ins ("it") do not count: they name what the answer is about. (Likewise a
    key phrase denied inside a misconception denied is the misconception's denial: "it's not the 2/fan_in of He"
    says nothing against "fan-in based".)"""
    core = {u for u in used if ans.tokens[u].word not in subjects and ans.tokens[u].raw != "it"}
    return bool(core) and any(core <= where and words > len(core) for where, words in said)


def _all_in(occ: Occurrence, ans: ReadAnswer, wrong: Sequence[Contradiction]) -> bool:
    """Whether every word of ``occ`` was said inside one of the ``wrong`` claims."""
    return all(
        any(x.span[0] <= ans.tokens[u].start and ans.tokens[u].end <= x.span[1] for x in wrong) for u in occ.used
    )


def _one_per_claim(found: Iterable[Contradiction]) -> list[Contradiction]:
    """In the order said, one per stretch of the answer: a misconception before a swap before a negation (the deck's
    correction is the better one)."""
    order = {"misconception": 0, "swap": 1, "negation": 2}
    out: list[Contradiction] = []
    for x in sorted(found, key=lambda x: (order[x.kind], x.span)):
        if not any(x.span[0] < y.span[1] and y.span[0] < x.span[1] for y in out):
            out.append(x)
    return sorted(out, key=lambda x: x.span)


def _heard_by_value(
    said: Sequence[formulas.Stated], key_points: Sequence[KeyPoint], question: str, contradictions: list[Contradiction]
) -> dict[str, formulas.Stated]:
    """The formulas an answer states, against the key points that give one (:mod:`quiz.formulas`); returns, per
    key point, the formula that said it right, and mends ``contradictions`` (kept in the order said):

    - for a key point a formula says right, what the phrases heard in a stated formula (in part at least) is dropped:
      read by value, the formula is the better reading of its own words. "LeCun: σ² = 1/n" is no "LeCun 2/n" (the ²
      read as a 2), and He's "fan_out mode: Var = 2/fan_out" beside "Var = 2/fan_in" no swap;
    - a wrong one, where none is right, is added, unless a claim there was heard wrong already."""
    if not said or not any(kp.formula for kp in key_points):
        return {}
    about = formulas.subject(question)
    judged = [
        (kp, formulas.judged(ref, said, about))
        for kp in key_points
        if kp.formula and (ref := formulas.reference(kp.formula)) is not None
    ]
    heard = {kp.label: right for kp, (right, _wrong) in judged if right is not None}
    contradictions[:] = [
        x
        for x in contradictions
        if not (x.key_point in heard and any(s.span[0] < x.span[1] and x.span[0] < s.span[1] for s in said))
    ]
    for kp, (_right, wrong) in judged:
        if wrong is not None and not any(
            x.span[0] < wrong.span[1] and wrong.span[0] < x.span[1] for x in contradictions
        ):
            contradictions.append(
                Contradiction(
                    label=f"{wrong.said} where {kp.formula} belongs",
                    key_point=kp.label,
                    correction=f"{kp.formula}, not {wrong.said}",
                    said=wrong.said,
                    span=wrong.span,
                    kind="formula",
                )
            )
    contradictions.sort(key=lambda x: x.span)
    return heard


def score_key_points(
    answer: str,
    key_points: Sequence[KeyPoint],
    question: str = "",
    card_id: int = 0,
    misconceptions: Sequence[Misconception] = (),
) -> AnswerScore:
    """Score ``answer`` against ``key_points`` and ``misconceptions``; phrases made only of ``question``'s words
    are ignored (echo rule). The formulas the answer states are read by value against the key points that give
    one (:mod:`quiz.formulas`)."""
    ans = ReadAnswer.read(answer)
    echo = set(content_words(question)) if question else set()
    phrase_sets = [frozenset(content_words(p)) for kp in key_points for p in kp.phrases]
    question_words = content_words(question) if question else ()
    subjects = confusions.subjects((), question_words)
    ans.standing_in(subjects)
    heard = {
        kp.label: _Heard(confusions.subjects((t.word for t in tokenize(kp.label)), question_words)) for kp in key_points
    }
    for kp in key_points:
        _hear_key_point(kp, ans, echo, phrase_sets, heard[kp.label])
    for m in misconceptions:
        if m.key_point in heard:
            _hear_misconception(m, ans, echo, heard[m.key_point])
    said = [(frozenset(occ.used), n) for h in heard.values() for occ, _, n in h.said]
    denied = [frozenset(used) for h in heard.values() for used in h.denied]
    contradictions = _one_per_claim(
        x
        for h in heard.values()
        for x, used in h.contradictions
        if not _said_better(used, said, ans, subjects)
        and not (x.kind == "negation" and any(set(used) <= where for where in denied))
    )
    by_value = _heard_by_value(ans.stated, key_points, question, contradictions)
    results: list[ConceptResult] = []
    for kp in key_points:
        against = next((x for x in contradictions if x.key_point == kp.label), None)
        # What wrong claims said is no evidence for another point ("small it explodes" is not "too large: explode").
        best = _best(o for o in heard[kp.label].said if not _all_in(o[0], ans, contradictions))
        if best is None:
            stated = by_value.get(kp.label)
            if stated is not None and against is None:  # said as a formula in other words ("σ² = 2/n")
                results.append(
                    ConceptResult(label=kp.label, matched=True, phrase=kp.label, span=stated.span, said=stated.said)
                )
                continue
            results.append(ConceptResult(label=kp.label, matched=False, contradiction=against))
            continue
        occ, phrase = best
        counted = occ.in_clause or not ans.keyword_list
        start, end = ans.span(occ)
        results.append(
            ConceptResult(
                label=kp.label,
                matched=counted and against is None,
                listed=not counted and against is None,
                phrase=phrase,
                span=(start, end),
                said=answer[start:end],
                contradiction=against,
            )
        )
    return AnswerScore(
        card_id=card_id, answer=answer, scored=results, keyword_list=ans.keyword_list, contradictions=contradictions
    )


def score_answer(answer: str, card: Card) -> AnswerScore:
    """Score a typed answer against ``card``'s key points and misconceptions (with the card's question for the
    echo rule)."""
    return score_key_points(
        answer,
        card.key_points,
        question=card.question,
        card_id=card.id,
        misconceptions=card.misconceptions,
    )


def score_key_point(answer: str, card: Card, label: str) -> ConceptResult:
    """``answer`` against one key point of ``card`` (by label): matched (with the span said), or contradicted
    (``.contradiction``: what was said, and the correction). The card's other phrases still take part, so words
    pair as in :func:`score_answer`. ``KeyError`` for a label the card does not have."""
    for concept in score_answer(answer, card).scored:
        if concept.label == label:
            return concept
    raise KeyError(label)


def check_anchors(answers: Iterable[str], anchors: Sequence[Anchor]) -> AnchorCheck:
    """Which of the deck tip's anchors were said at least once across the interview's answers."""
    tokenized = [tokenize(text) for text in answers]
    hits: list[AnchorHit] = []
    for anchor in anchors:
        phrases = [(phrase, content_words(phrase)) for phrase in anchor.phrases]
        hit = AnchorHit(label=anchor.label, said=False)
        for index, tokens in enumerate(tokenized):
            pos = content_positions(tokens)
            found: list[tuple[Occurrence, str]] = []
            for phrase, words in phrases:
                found.extend((occ, phrase) for occ in occurrences(words, tokens, frozenset(), pos))
            if found:
                occ, phrase = min(found, key=lambda f: f[0].first)
                span = (tokens[occ.first].start, tokens[occ.last].end)
                hit = AnchorHit(label=anchor.label, said=True, phrase=phrase, answer_index=index, span=span)
                break
        hits.append(hit)
    return AnchorCheck(anchors=hits)
