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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.deck import Anchor, Card, KeyPoint
from quiz.scoring.results import AnchorCheck, AnchorHit, AnswerScore, ConceptResult
from quiz.scoring.text import Token, content_words, is_function_word, normalize, same_word, tokenize

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


@dataclass(frozen=True, slots=True)
class _Occurrence:
    first: int  # token indices, inclusive
    last: int
    in_clause: bool


def _occurrences(words: Sequence[str], tokens: Sequence[Token], clause_segments: frozenset[int]) -> list[_Occurrence]:
    """Every minimal window of ``tokens`` that says all ``words`` together (one sentence, close to each other)."""
    if not words or not tokens:
        return []
    events: list[tuple[int, int]] = []  # (token index, word index)
    for ti, tok in enumerate(tokens):
        for wi, word in enumerate(words):
            if same_word(word, tok.word):
                events.append((ti, wi))
    if len({wi for _, wi in events}) < len(words):
        return []
    # Content position of each token: how many content words come before it (function words are free).
    content_pos: list[int] = []
    seen = 0
    for tok in tokens:
        content_pos.append(seen)
        if not is_function_word(tok):
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


def _clause_segments(tokens: Sequence[Token]) -> tuple[frozenset[int], bool]:
    """The segments that are clauses, and whether the answer as a whole is a keyword list."""
    by_segment: dict[int, list[Token]] = {}
    for tok in tokens:
        by_segment.setdefault(tok.segment, []).append(tok)
    clauses = set()
    bare_words = 0
    for seg, toks in by_segment.items():
        function = sum(1 for t in toks if is_function_word(t))
        if len(toks) >= CLAUSE_MIN_WORDS and function / len(toks) >= CLAUSE_SHARE:
            clauses.add(seg)
        else:
            bare_words += len(toks)
    keyword_list = bool(tokens) and bare_words * 2 > len(tokens)
    return frozenset(clauses), keyword_list


def _best(occurrences: Iterable[tuple[_Occurrence, str, int]]) -> tuple[_Occurrence, str] | None:
    """Prefer a clause, then the most specific phrase (most words), then the earliest."""
    best = min(occurrences, key=lambda o: (not o[0].in_clause, -o[2], o[0].first), default=None)
    return None if best is None else (best[0], best[1])


def score_key_points(answer: str, key_points: Sequence[KeyPoint], question: str = "", card_id: int = 0) -> AnswerScore:
    """Score ``answer`` against ``key_points``; phrases made only of ``question``'s words are ignored (echo rule)."""
    tokens = tokenize(answer)
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
    tokenized = [tokenize(text) for text in answers]
    hits: list[AnchorHit] = []
    for anchor in anchors:
        phrases = [(phrase, content_words(phrase)) for phrase in anchor.phrases]
        hit = AnchorHit(label=anchor.label, said=False)
        for index, tokens in enumerate(tokenized):
            found: list[tuple[_Occurrence, str]] = []
            for phrase, words in phrases:
                found.extend((occ, phrase) for occ in _occurrences(words, tokens, frozenset()))
            if found:
                occ, phrase = min(found, key=lambda f: f[0].first)
                span = (tokens[occ.first].start, tokens[occ.last].end)
                hit = AnchorHit(label=anchor.label, said=True, phrase=phrase, answer_index=index, span=span)
                break
        hits.append(hit)
    return AnchorCheck(anchors=hits)
