"""Supposed, not asserted: the words of an answer that describe a failure mode or a choice not made.

"A large learning rate *would* destroy them" names a wrong choice to say what goes wrong with it; "*if* you used
Xavier for ReLU, the variance would halve" supposes it. Neither asserts the misconception. But "*if* the init is
large the signal vanishes" asserts a wrong relation between its condition and its consequence, and "*I'd* say He
for tanh" is the answerer's own choice. So a claim is *supposed* only when all its words lie inside the supposition:

- **a condition** (``if``, ``unless``): all the claim's words after the condition word, in its clause, with no
  new subject between them ("if it's small *it* explodes" says small → explode). Hedges are no conditions: "if I
  remember right", "if I recall", "if I'm not mistaken", "if anything".
- **a counterfactual** (``otherwise``, ``else``): all its words after it, in its sentence.
- **a modal** (``would``, ``could``, ``might``, ``'d``), unless the answerer's own (after I, we, you: "I would use
  Xavier for ReLU" is a choice): all its words in its statement, on one side of it ("a large learning rate would
  destroy them"), not across it ("small weights would explode" relates the two), nor in another statement
  ("biases need random values, otherwise the neurons would …").

A key phrase *denied* in a sentence that supposes anything is not a contradiction either: it describes the
failure ("if they all start equal …, you never get different features"; :meth:`Suppositions.in_its_sentence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from quiz.scoring.text import Token, is_function_word

_CONDITIONS = frozenset({"if", "unless"})
_COUNTERFACTUALS = frozenset({"otherwise", "else"})
_MODALS = frozenset({"would", "could", "might", "wouldn", "couldn", "mightn"})
_SPEAKERS = frozenset({"i", "we", "you"})
# "if I remember right", "if I recall", "if I'm not mistaken", "if anything": hedges, not conditions.
_HEDGES_AFTER_I = frozenset({"remember", "recall", "recollect", "m", "am"})
_HEDGES = frozenset({"anything", "memory"})
# Words that start a new subject inside a condition without a comma ("if the init is large *the* signal …").
_PRONOUNS = frozenset({"it", "they", "you", "we", "i", "this", "these", "everything", "nothing", "everyone"})
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Suppositions:
    """Where an answer supposes rather than asserts (see the module docstring)."""

    tokens: Sequence[Token]
    conditions: tuple[int, ...]
    counterfactuals: tuple[int, ...]
    modals: tuple[int, ...]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Suppositions:
        conditions, counterfactuals, modals = [], [], []
        for i, tok in enumerate(tokens):
            raw = tok.raw
            prev = tokens[i - 1].raw if i > 0 else ""
            if raw in _CONDITIONS and not _hedge(tokens, i):
                conditions.append(i)
            elif raw in _COUNTERFACTUALS:
                counterfactuals.append(i)
            elif (raw in _MODALS or (raw == "d" and i > 0 and tokens[i - 1].end == tok.start - 1)) and (
                prev not in _SPEAKERS
            ):
                modals.append(i)
        return cls(tokens, tuple(conditions), tuple(counterfactuals), tuple(modals))

    def supposed(self, used: Sequence[int]) -> bool:
        """Whether the claim said by the tokens ``used`` (in order) is supposed rather than asserted."""
        tokens = self.tokens
        sentence = tokens[used[0]].sentence
        for c in self.conditions:
            if tokens[c].sentence == sentence and self._in_condition(c, used):
                return True
        for c in self.counterfactuals:
            if tokens[c].sentence == sentence and c < used[0]:
                return True
        statement = tokens[used[0]].statement
        return any(
            tokens[m].statement == statement == tokens[used[-1]].statement and (used[-1] < m or m < used[0])
            for m in self.modals
        )

    def in_its_sentence(self, used: Sequence[int]) -> bool:
        """Whether the sentence of the tokens ``used`` supposes anything at all: a key phrase *denied* there
        describes what goes wrong under a supposition ("if they all start equal …, you never get different
        features") rather than denying the key point."""
        sentence = self.tokens[used[0]].sentence
        markers = (*self.conditions, *self.counterfactuals, *self.modals)
        return any(self.tokens[m].sentence == sentence for m in markers)

    def _in_condition(self, c: int, used: Sequence[int]) -> bool:
        tokens = self.tokens
        if used[0] < c or any(tokens[u].clause != tokens[c].clause for u in used):
            return False
        for a, b in pairwise(used):
            for j in range(a + 1, b):
                raw = tokens[j].raw
                if raw in _PRONOUNS or (raw in _ARTICLES and not is_function_word(tokens[j - 1])):
                    return False  # a new subject: the claim runs from the condition into its consequence
        return True


def _hedge(tokens: Sequence[Token], i: int) -> bool:
    nxt = tokens[i + 1].raw if i + 1 < len(tokens) else ""
    after = tokens[i + 2].raw if i + 2 < len(tokens) else ""
    return nxt in _HEDGES or (nxt == "i" and after in _HEDGES_AFTER_I)
