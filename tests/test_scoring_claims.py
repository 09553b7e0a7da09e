"""What an answer claims, however it is worded: pairings in any word order, suppositions, the counterpart of a
key point's subject, "it" for the question's subject, quantifiers, and paraphrases of every key point.

The sentences here are written for these tests, outside the labelled sets of tests/data/scoring/.
"""

from __future__ import annotations

import pytest

from quiz.deck import Deck
from quiz.scoring import score_answer, score_key_point
from quiz.scoring.text import tokenize

# --- the lead's card-15 examples, and pairings in other word orders ------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "He init is for tanh and sigmoid, Xavier is for ReLU.",
        "I'd say He init for tanh and sigmoid and Xavier for ReLU networks.",
        "For ReLU nets I would use Xavier, and He for tanh.",
        "Xavier is meant for ReLU and He for tanh.",
        "Use Xavier with ReLU and He with tanh.",
        "ReLU nets → Xavier; tanh nets → He.",
        "tanh: He. ReLU: Xavier.",
        "Pick Xavier when the activation is ReLU, and He when it's tanh.",
        "Xavier if you use ReLU, He if you use tanh.",
        "With ReLU, Xavier; with tanh, He.",
        "If the network uses ReLU, use Xavier; if it uses tanh, use He.",
        "You want Xavier in ReLU networks, and Kaiming in tanh networks.",
    ],
)
def test_swapped_pairings_are_caught_in_any_word_order(deck: Deck, answer: str) -> None:
    score = score_answer(answer, deck.card(15))
    assert score.contradicted, answer
    assert {x.key_point for x in score.contradicted} <= {"He for ReLU", "Xavier for tanh/sigmoid"}
    he = score_key_point(answer, deck.card(15), "He for ReLU")
    assert not he.matched and he.contradiction is not None and he.contradiction.correction  # the report corrects it


@pytest.mark.parametrize(
    "answer",
    [
        "Xavier is meant for tanh and He for ReLU.",
        "Use He with ReLU and Xavier with tanh.",
        "ReLU nets → He; tanh nets → Xavier.",
        "tanh: Xavier. ReLU: He.",
        "Pick He when the activation is ReLU, and Xavier when it's tanh.",
        "He if you use ReLU, Xavier if you use tanh.",
        "With ReLU, He; with tanh, Xavier.",
        "If the network uses ReLU, use He; if it uses tanh, use Xavier.",
        "I'd go with Glorot for sigmoid networks and He for ReLU ones.",
        "For a ReLU CNN the default I'd name is He; Xavier is the one for tanh.",
        "Not Xavier for ReLU: He for ReLU, Xavier for tanh.",
    ],
)
def test_right_pairings_in_any_word_order_get_credit(deck: Deck, answer: str) -> None:
    score = score_answer(answer, deck.card(15))
    assert not score.contradicted, score.contradicted
    assert {"He for ReLU", "Xavier for tanh/sigmoid"} <= set(score.matched), answer


# --- suppositions ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (6, "If the init is large the signal vanishes, and if it's small it explodes."),
        (6, "Small weights would make the activations explode."),
        (15, "I'd say Xavier for ReLU."),
        (5, "Use it with tanh; for ReLU you'd pick Xavier."),
        (2, "Biases need random values too, otherwise the neurons would stay symmetric."),
        (15, "Xavier if the net is ReLU."),
    ],
)
def test_claims_made_through_a_condition_or_a_choice_are_asserted(deck: Deck, card_id: int, answer: str) -> None:
    assert score_answer(answer, deck.card(card_id)).contradicted, answer


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (9, "Load pretrained weights; a large learning rate would destroy them, so fine-tune with a small one."),
        (9, "If you fine-tune, a large learning rate would wipe out what the pretrained weights learned."),
        (9, "If you use a large learning rate you destroy the pretrained weights."),
        (4, "If you used Xavier for ReLU, the variance would halve at every layer; it's for tanh."),
        (3, "If I remember right, fan-in counts the incoming weights and fan-out the outgoing weights."),
    ],
)
def test_a_wrong_choice_supposed_is_no_claim(deck: Deck, card_id: int, answer: str) -> None:
    assert not score_answer(answer, deck.card(card_id)).contradicted, answer


# --- what a claim is about ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (13, "fan_in = C_in·k_h·k_w, while fan_out = C_out·k_h·k_w."),
        (13, "kernel height × width × input channels (C_out only matters for fan_out)."),
        (3, "fan_in counts the incoming connections, fan_out the outgoing connections."),
        (4, "It sets the variance to 2/(fan_in + fan_out) so activations stay stable; it suits tanh."),
        (4, "For tanh and sigmoid; ReLU nets use He instead."),
        (9, "Only the new last layer gets a fresh random init; the rest is the pretrained network."),
        (14, "Same initial weights, same data shuffling and dropout masks, so comparisons are fair."),
        (10, "Partly: BN normalizes the activations, though not every layer is normalized."),
        (10, "BN makes training less sensitive to the weight scale, but not immune to a bad init."),
        (9, "Use a small learning rate so the pretrained weights aren't destroyed."),
        (14, "So when you compare two models the difference isn't just luck; it's reproducible."),
        (7, "LeCun: std = 1/√fan_in to preserve variance; it's not the 2/fan_in of He and not a fixed std."),
        (10, "Partly: BN normalizes activations, but init still matters; it's not true that init is irrelevant."),
        (11, "The block starts as identity and the shortcut carries the signal. The skip connection isn't removed."),
        (13, "Kernel height × width × input channels; output channels go into fan_out, not fan_in."),
        (1, "If every weight starts equal, the units never learn different features; random init fixes it."),
        (9, "Start from a pretrained model instead of random weights, with a small learning rate."),
        (10, "Partly: BN normalizes activations, but you still shouldn't use a bad init."),
        (10, "BN normalizes activations, though some layers aren't normalized by it."),
        (13, "The weight is (C_out, C_in, k_h, k_w), so fan_in = C_in·k_h·k_w."),
        (8, "It's for RNNs and very deep nets; for plain MLPs Xavier is the default."),
    ],
)
def test_right_answers_are_not_read_as_wrong_claims(deck: Deck, card_id: int, answer: str) -> None:
    assert not score_answer(answer, deck.card(card_id)).contradicted, answer


@pytest.mark.parametrize(
    ("card_id", "answer"),
    [
        (13, "fan_in = k_h·k_w·C_out."),
        (13, "fan_in uses the output channels: k_h·k_w·C_out, and fan_out uses C_in."),
        (3, "Fan-in: how many outputs a neuron has. Fan-out: how many inputs."),
        (4, "It's meant for ReLU, since it keeps the variance stable."),
        (9, "Random init for all layers, then train as usual."),
        (10, "With batch norm you can initialize however you like."),
        (12, "The gain is the same for every nonlinearity."),
        (1, "It's not really a symmetry problem; the units still learn different features."),
        (10, "It's a myth that BN normalizes the activations."),
        (10, "It is not true that BN normalizes activations."),
        (2, "It is the biases that break the symmetry."),
        (8, "It's the default for CNNs."),
    ],
)
def test_wrong_claims_are_caught(deck: Deck, card_id: int, answer: str) -> None:
    assert score_answer(answer, deck.card(card_id)).contradicted, answer


# --- reading -------------------------------------------------------------------------------------------------------


def test_a_comma_in_brackets_cuts_no_statement() -> None:
    tokens = tokenize("Weights from N(0, 1) everywhere, then train.")
    inside = [t for t in tokens if t.raw in ("n", "0", "1", "everywhere")]
    assert len({t.statement for t in inside}) == 1
    assert tokens[-1].statement != inside[0].statement


@pytest.mark.parametrize(
    ("card_id", "answer", "point"),
    [
        (14, "For reproducibility.", "reproducibility"),
        (15, "ReLU → He (kaiming_normal, fan_in); tanh → Xavier.", "He for ReLU"),
        (13, "fan_in = in_channels * kernel_h * kernel_w", "times input channels"),
        (6, "large → exploding activations; small → vanishing, slow training.", "too small: vanish"),
        (13, "C_in*k_h*k_w", "times input channels"),
        (10, "Partly, yes.", "partly"),
    ],
)
def test_terse_answers_and_formulas_are_no_keyword_lists(deck: Deck, card_id: int, answer: str, point: str) -> None:
    score = score_answer(answer, deck.card(card_id))
    assert not score.keyword_list
    assert point in score.matched


# --- paraphrases of each key point ---------------------------------------------------------------------------------

PARAPHRASES: list[tuple[int, str, str]] = [
    (1, "neurons stay identical", "The hidden units remain identical copies of each other."),
    (1, "neurons stay identical", "The units are interchangeable, so the layer is effectively one neuron."),
    (1, "same gradients and updates", "They move together during training."),
    (1, "random init lets units specialize", "We draw the weights randomly so each unit picks up a different feature."),
    (2, "zeros are fine", "Setting them to zero is fine."),
    (2, "symmetry breaking comes from weights", "The asymmetry comes from the weights."),
    (2, "small positive bias for ReLU", "For ReLU you can use a small positive constant like 0.01."),
    (2, "avoid dead ReLU neurons", "So more ReLUs fire initially."),
    (3, "fan-in: incoming connections", "Fan-in is how many connections feed into a neuron."),
    (3, "fan-out: outgoing connections", "Fan-out is the layer's output size."),
    (3, "init scales variance by the fans", "Initializers use them to set the variance of the weights."),
    (4, "gradient variance stable backward", "It does the same for the gradients in backprop."),
    (4, "scale with fan_in + fan_out", "It uses both fans."),
    (5, "designed for ReLU", "It's designed for rectifiers."),
    (5, "half the activations are zero", "Half of the units are inactive."),
    (5, "Var = 2 / fan_in", "It's twice the LeCun variance."),
    (5, "prevents vanishing or exploding signal", "Activations don't shrink with depth."),
    (6, "too large: explode", "Large weights give NaNs."),
    (6, "too small: vanish", "With tiny weights everything decays to zero."),
    (7, "preserves variance", "The variance stays the same from layer to layer."),
    (8, "gradient flow", "It helps gradients propagate."),
    (8, "less default than Xavier/He", "He and Xavier are more common."),
    (9, "pretrained weights instead of random", "You start from an ImageNet checkpoint."),
    (9, "only the new head gets fresh init", "The final layer is freshly initialized."),
    (9, "don't destroy the pretrained weights", "So the pretrained weights aren't destroyed."),
    (10, "partly", "To some degree."),
    (10, "BN normalizes activations", "It standardizes each layer's inputs."),
    (11, "block starts as identity", "The residual branch outputs zero, so y = x."),
    (11, "skip path dominates", "The residual connection dominates at the start."),
    (12, "depends on the nonlinearity", "It depends on the activation."),
    (13, "kernel height × width", "k × k for a square kernel, times the channels."),
    (14, "reproducibility", "So the run is repeatable."),
    (14, "same init and shuffling", "Both runs start from the same random state."),
    (14, "report several seeds: variance remains", "Results vary across seeds, so use a few."),
]


@pytest.mark.parametrize(("card_id", "point", "answer"), PARAPHRASES)
def test_paraphrases_of_each_key_point_are_heard(deck: Deck, card_id: int, point: str, answer: str) -> None:
    score = score_answer(answer, deck.card(card_id))
    assert point in score.matched, (score.matched, score.listed)
    assert not score.contradicted


def test_what_a_wrong_claim_says_is_no_evidence_for_another_point(deck: Deck) -> None:
    score = score_answer("With small init the activations explode; with large init they vanish.", deck.card(6))
    assert len(score.contradicted) == 2
    assert score.matched == []  # "explode" was said of small weights: not "too large: explode"
    score = score_answer("It is the biases that break the symmetry, so the weights can start at zero.", deck.card(2))
    assert len(score.contradicted) == 2
    assert score.matched == []  # "biases … zero", heard across the two wrong claims, is not "zeros are fine"


@pytest.mark.parametrize(
    ("card_id", "point", "answer"),
    [
        (2, "zeros are fine", "Biases must be random to break symmetry, never zero."),
        (2, "zeros are fine", "Biases have to be random, not zero."),
    ],
)
def test_a_denial_past_a_comma_is_not_heard_as_the_point(deck: Deck, card_id: int, point: str, answer: str) -> None:
    """A phrase whose words straddle a comma with a negation inside ("biases …, never zero") is not heard as said:
    which words the negation denies is unclear, and here it denies the key point."""
    assert not score_key_point(answer, deck.card(card_id), point).matched
