"""Claim attribution F1, hand-computed, and deterministic one-to-one matching."""

from bench.schema import Claim, Mention, Toll
from bench.scoring.claims import claim_counts
from conftest import make_doc

TEXT = "Officials said 12 civilians were killed by the army. Rebels said 30 people died. The army denied it."


def gold():
    return make_doc("d", TEXT, [
        ("m1", "CLAIMANT", "Officials"), ("m2", "CASUALTY", "12 civilians"), ("m3", "ACTOR", "the army"),
        ("m4", "CLAIMANT", "Rebels"), ("m5", "CASUALTY", "30 people"), ("m6", "CLAIMANT", "The army"),
    ], [
        {"id": "c1", "casualty": "m2", "claimant": "m1", "actors": ["m3"], "victims": "civilians"},
        {"id": "c2", "casualty": "m5", "claimant": "m4"},
        {"id": "c3", "casualty": "m5", "claimant": "m6", "modality": "denied"},
    ])


def span(mid, label, quote, nth=1):
    start = -1
    for _ in range(nth):
        start = TEXT.index(quote, start + 1)
    return Mention(mid, label, start, start + len(quote))


def pc(cid, casualty, claimant, low, high, actors=(), victims="unspecified", outcome="killed"):
    return Claim(cid, casualty, claimant, tuple(actors), outcome, victims, Toll(low, high), None, None)


def test_lenient_and_strict_by_hand():
    g = gold()
    mentions = [span("a", "CLAIMANT", "Officials"), span("b", "CASUALTY", "civilians"),
                span("c", "CASUALTY", "30 people"), span("d", "CLAIMANT", "army denied")]
    claims = [
        pc("p1", "b", "a", 12, 12, victims="civilians"),   # c1 lenient; strict fails: actor missing
        pc("p2", "c", None, 30, 30),                        # claimant null, gold has one: no match
        pc("p3", "c", "d", 30, 30),                          # c3, strict too (claimant span overlaps "The army")
        pc("p4", "c", "a", 31, 31),                          # toll differs: no match
    ]
    out = claim_counts(g.mentions, g.claims, mentions, claims)
    assert out["lenient"] == (2, 4, 3)
    assert out["strict"] == (1, 4, 3)


def test_strict_needs_outcome_victims_and_the_actor_set():
    g = gold()
    mentions = [span("a", "CLAIMANT", "Officials"), span("b", "CASUALTY", "12 civilians"),
                span("x", "ACTOR", "army", 1)]
    good = pc("p", "b", "a", 12, 12, actors=["x"], victims="civilians")
    assert claim_counts(g.mentions, g.claims[:1], mentions, [good])["strict"] == (1, 1, 1)
    for bad in (pc("p", "b", "a", 12, 12, actors=["x"], victims="children"),
                pc("p", "b", "a", 12, 12, actors=["x"], victims="civilians", outcome="injured"),
                pc("p", "b", "a", 12, 12, actors=["x", "a"], victims="civilians")):
        assert claim_counts(g.mentions, g.claims[:1], mentions, [bad]) == {"lenient": (1, 1, 1), "strict": (0, 1, 1)}


def test_one_to_one_matching_is_maximum_not_greedy():
    text = "Amnesty and Human Rights Watch said 40 people were killed."
    g = make_doc("d", text, [("a", "CLAIMANT", "Amnesty"), ("h", "CLAIMANT", "Human Rights Watch"),
                             ("m", "CASUALTY", "40 people")],
                 [{"id": "c1", "casualty": "m", "claimant": "a"}, {"id": "c2", "casualty": "m", "claimant": "h"}])
    wide = Mention("w", "CLAIMANT", 0, text.index(" said"))   # covers both gold claimants
    amnesty = Mention("x", "CLAIMANT", 0, 7)
    cas = Mention("k", "CASUALTY", text.index("40"), text.index("40") + 9)
    # p1 (wide) is tried first by c1; a greedy matcher would leave c2 unmatched.
    claims = [pc("p1", "k", "w", 40, 40), pc("p2", "k", "x", 40, 40)]
    assert claim_counts(g.mentions, g.claims, [wide, amnesty, cas], claims)["lenient"] == (2, 2, 2)
    # A duplicated prediction earns one pair only.
    dup = [pc("p1", "k", "x", 40, 40), pc("p2", "k", "x", 40, 40)]
    assert claim_counts(g.mentions, g.claims, [amnesty, cas], dup)["lenient"] == (1, 2, 2)


def test_null_claimants_match_only_null():
    text = "At least 5 people died."
    g = make_doc("d", text, [("m", "CASUALTY", "At least 5 people")], [{"id": "c", "casualty": "m"}])
    cas = Mention("k", "CASUALTY", 9, 17)
    assert claim_counts(g.mentions, g.claims, [cas], [pc("p", "k", None, 5, None)])["lenient"] == (1, 1, 1)
    assert claim_counts(g.mentions, g.claims, [cas], [pc("p", "k", None, 5, 5)])["lenient"] == (0, 1, 1)


def test_an_actor_may_be_named_by_any_mention_of_its_party():
    text = "The army shelled the town. Medics said 12 civilians died in the shelling by the army."
    doc = make_doc("d", text, [
        ("a1", "ACTOR", "The army"), ("k", "CLAIMANT", "Medics"), ("f", "CASUALTY", "12 civilians"),
        ("a2", "ACTOR", "the army"),
    ], [{"id": "c1", "casualty": "f", "claimant": "k", "actors": ["a2"], "victims": "civilians"}])
    first = Mention("p_a", "ACTOR", 0, len("The army"))
    pm = [first, Mention("p_k", "CLAIMANT", text.index("Medics"), text.index("Medics") + 6),
          Mention("p_f", "CASUALTY", text.index("12 civilians"), text.index("12 civilians") + 12)]
    pred = [Claim("x", "p_f", "p_k", ("p_a",), "killed", "civilians", Toll(12, 12), None, None)]
    assert claim_counts(doc.mentions, doc.claims, pm, pred)["strict"] == (1, 1, 1)
    # Naming the party twice is not naming it once.
    pm2 = pm + [Mention("p_b", "ACTOR", text.rindex("the army"), len(text) - 1)]
    twice = [Claim("x", "p_f", "p_k", ("p_a", "p_b"), "killed", "civilians", Toll(12, 12), None, None)]
    assert claim_counts(doc.mentions, doc.claims, pm2, twice)["strict"] == (0, 1, 1)


def test_restatements_count_once_and_a_repeat_is_neither_hit_nor_false_positive():
    text = "Officials said 12 people died. Later, officials repeated that 12 people died. Rebels said 40 died."
    doc = make_doc("d", text, [
        ("o1", "CLAIMANT", "Officials"), ("f1", "CASUALTY", "12 people"), ("o2", "CLAIMANT", "officials"),
        ("f2", "CASUALTY", "12 people", 2), ("r", "CLAIMANT", "Rebels"), ("f3", "CASUALTY", "40"),
    ], [{"id": "c1", "casualty": "f1", "claimant": "o1"}, {"id": "c2", "casualty": "f2", "claimant": "o2", "restates": "c1"},
        {"id": "c3", "casualty": "f3", "claimant": "r"}])

    def m(mid, label, quote, nth=1):
        start = -1
        for _ in range(nth):
            start = text.index(quote, start + 1)
        return Mention(mid, label, start, start + len(quote))

    pm = [m("p1", "CLAIMANT", "Officials"), m("p2", "CASUALTY", "12 people"), m("p3", "CLAIMANT", "officials"),
          m("p4", "CASUALTY", "12 people", 2), m("p5", "CLAIMANT", "Rebels"), m("p6", "CASUALTY", "40")]
    first = Claim("a", "p2", "p1", (), "killed", "unspecified", Toll(12, 12), None, None)
    second = Claim("b", "p4", "p3", (), "killed", "unspecified", Toll(12, 12), None, None)
    rebels = Claim("c", "p6", "p5", (), "killed", "unspecified", Toll(40, 40), None, None)
    # Two gold groups: {c1, c2} and {c3}.
    assert claim_counts(doc.mentions, doc.claims, pm, [first, second, rebels])["lenient"] == (2, 2, 2)
    assert claim_counts(doc.mentions, doc.claims, pm, [second, rebels])["lenient"] == (2, 2, 2)
    assert claim_counts(doc.mentions, doc.claims, pm, [first])["lenient"] == (1, 1, 2)
    # A duplicate of the rebels' claim is still a false positive: that group has one member.
    assert claim_counts(doc.mentions, doc.claims, pm, [first, rebels, rebels])["lenient"] == (2, 3, 2)


def test_per_field_recall_by_hand():
    from bench.scoring.claims import field_counts

    doc = gold()
    pm = [span("p1", "CLAIMANT", "Officials"), span("p2", "CASUALTY", "12 civilians"), span("p3", "ACTOR", "the army"),
          span("p4", "CLAIMANT", "Rebels"), span("p5", "CASUALTY", "30 people")]
    pred = [pc("k1", "p2", "p1", 12, 12, actors=["p3"], victims="civilians"),
            pc("k2", "p5", None, 30, 30)]  # the rebels' figure without a claimant; the army's denial not found
    out = field_counts(doc.mentions, doc.claims, pm, pred)
    assert out["claims"] == 3
    # c1 fully right. c2/c3 compete for k2 (figure pairs); neither claimant matches, so c2 (first in text
    # order) takes it: claimant wrong, actors (none) right, outcome/victims right, modality asserted right.
    assert (out["claimant"], out["actors"], out["outcome"], out["victims"], out["modality"], out["subset_of"]) == (1, 2, 2, 2, 2, 2)
    # Withholding every field of every claim can only lose.
    assert field_counts(doc.mentions, doc.claims, pm, [])["claimant"] == 0
