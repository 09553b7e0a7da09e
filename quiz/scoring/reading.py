"""The answer as the scorer reads it, computed once: its words, clauses, negation cues, suppositions, where each
word is said, and where a claim can be said (see :mod:`quiz.scoring` for the rules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quiz import formulas
from quiz.scoring import confusions
from quiz.scoring.matching import Occurrence, clause_segments, content_positions, joined, occurrences, word_index
from quiz.scoring.polarity import BREAKERS, cue_strengths
from quiz.scoring.results import Contradiction
from quiz.scoring.supposition import Suppositions
from quiz.scoring.text import Token, tokenize

# Words between two words of a claim that make them two claims ("He is for ReLU *so* the variance …"). A condition
# is no break: "Xavier *if* you use ReLU", "use He *when* the net is ReLU" pair their words.
_CLAIM_BREAKERS = BREAKERS - {"if", "when", "whenever"}
_QUANTITIES = frozenset({"many", "much", "often", "large", "big"})
# Pronouns that can stand for the subject of the question ("He init—for which activation?" "*It*'s for tanh").
_STAND_INS = frozenset({"it"})


@dataclass
class ReadAnswer:
    """The answer as the scorer reads it."""

    text: str
    tokens: tuple[Token, ...]
    clauses: frozenset[int]
    keyword_list: bool
    content_pos: list[int]
    cues: list[int]
    suppositions: Suppositions
    """Where the answer supposes rather than asserts (:mod:`quiz.scoring.supposition`)."""
    units: list[int]
    """Per token, the statement a claim is said in, a lead-in joined to what follows ("For ReLU nets, Xavier")."""
    index: dict[str, list[int]] = field(default_factory=dict)
    """Each word and where it is said."""
    claim_index: dict[str, list[int]] = field(default_factory=dict)
    """Like :attr:`index`, with "it" standing for the question's subject where it can (:meth:`standing_in`)."""
    stated: list[formulas.Stated] = field(default_factory=list)
    """The formulas the answer states (:func:`quiz.formulas.stated`); each counts as one content word."""

    @classmethod
    def read(cls, text: str) -> ReadAnswer:
        tokens = tokenize(text)
        clauses, keyword_list = clause_segments(tokens, text)
        index = word_index(tokens)
        stated = formulas.stated(text)
        return cls(
            text,
            tokens,
            clauses,
            keyword_list,
            content_positions(tokens, [f.span for f in stated]),
            cue_strengths(tokens),
            Suppositions.of(tokens),
            joined(tokens, "statement"),
            index,
            index,
            stated,
        )

    def standing_in(self, subjects: Sequence[str]) -> None:
        """Let "it" stand for a subject of the question (card 5: He; card 4: Xavier) in the claims looked for,
        where no rival of it was said before ("It's for tanh" claims He is; "Xavier is for tanh, it …" does
        not)."""
        if not subjects or not any(t.raw in _STAND_INS for t in self.tokens):
            return
        index = {word: list(positions) for word, positions in self.index.items()}
        for subject in subjects:
            rivals = confusions.confusable(subject)
            for i, tok in enumerate(self.tokens):
                if tok.word in rivals:
                    break
                if tok.raw in _STAND_INS:
                    index.setdefault(subject, []).append(i)
            index[subject] = sorted(index.get(subject, []))
        self.claim_index = index

    def find(
        self,
        words: Sequence[str],
        *,
        contradiction: bool = False,
        negative: bool = False,
        about: Sequence[str] = (),
    ) -> list[Occurrence]:
        """Where ``words`` are said, paired as the answer pairs them (:func:`confusions.misbound`). A claim that
        contradicts must be said in one statement (:meth:`within`), not supposed, not about the counterpart of
        its key point's subject ``about`` (:func:`confusions.about_the_counterpart`), and not with a word listed
        with its rival (:func:`confusions.listed_with_rival`)."""
        index = self.claim_index if contradiction else self.index
        found = occurrences(words, self.tokens, self.clauses, self.content_pos, index)
        return [
            occ
            for occ in found
            if not confusions.misbound(occ.used, self.tokens, self.content_pos, ties_lose=contradiction, index=index)
            and not (
                contradiction
                and (
                    not self.within(occ, "clause" if negative else "statement")
                    or self.about_the_counterpart(occ, about)
                    or confusions.listed_with_rival(occ.used, self.tokens, self.index)
                )
            )
        ]

    def about_the_counterpart(self, occ: Occurrence, about: Sequence[str]) -> bool:
        """:func:`confusions.about_the_counterpart` for ``occ``."""
        return confusions.about_the_counterpart(occ.used, about, self.tokens, self.content_pos, self.index)

    def within(self, occ: Occurrence, part: str) -> bool:
        """Whether ``occ`` is one claim: its words in one ``statement`` (a lead-in joined: "For ReLU nets, Xavier";
        or one ``clause``, for a negative claim, whose negation reaches no further), close together (at most
        ``k + 1`` content words apart for ``k`` words), no breaker (so, because, which…) between them, and not
        supposed (:mod:`quiz.scoring.supposition`). "He: tanh" pairs across the colon; "so the bias can be
        constant" is another statement than "the random weights"."""
        if self.suppositions.supposed(occ.used):
            return False
        ids = self.units if part == "statement" else [getattr(t, part) for t in self.tokens]
        if len({ids[i] for i in occ.used}) != 1:
            return False
        if self.content_pos[occ.used[-1]] - self.content_pos[occ.used[0]] > len(occ.used) + 1:
            return False
        between = (k for k in range(occ.used[0] + 1, occ.used[-1]) if k not in occ.used)
        return not any(self._breaks(k) for k in between)

    def _breaks(self, k: int) -> bool:
        """Whether token ``k`` splits a claim in two ("how many" asks a quantity: "fan-in: how many outputs"; a
        cleft's "that" joins: "it's the biases that break the symmetry")."""
        raw = self.tokens[k].raw
        if raw not in _CLAIM_BREAKERS:
            return False
        if raw == "that" and self._cleft(k):
            return False
        nxt = self.tokens[k + 1].raw if k + 1 < len(self.tokens) else ""
        return not (raw == "how" and nxt in _QUANTITIES)

    def _cleft(self, k: int) -> bool:
        """Whether the "that" at ``k`` is a cleft's ("*it's* the biases *that* break the symmetry"): the
        statement opens with "it is" / "it's" / "it was"."""
        statement = self.units[k]
        first = next(i for i in range(k + 1) if self.units[i] == statement)
        opening = [t.raw for t in self.tokens[first : first + 2]]
        return opening in (["it", "is"], ["it", "s"], ["it", "was"])

    def span(self, occ: Occurrence) -> tuple[int, int]:
        return (self.tokens[occ.first].start, self.tokens[occ.last].end)

    def contradiction(
        self, occ: Occurrence, *, label: str, key_point: str, correction: str, kind: str
    ) -> Contradiction:
        start, end = self.span(occ)
        return Contradiction.model_validate(
            {
                "label": label,
                "key_point": key_point,
                "correction": correction,
                "said": self.text[start:end],
                "span": (start, end),
                "kind": kind,
            }
        )
