"""From mention spans to claims in the submission format (guidelines section 2)."""

from __future__ import annotations

import bisect

from typing import Iterable, Optional, Sequence

from bench.schema import Toll
from bench.tolls import find_toll

from baselines.assembly.actors import claims_own_kills, find_actor_spans
from baselines.assembly.attribution import attribution_for, clause_group, quotation_sentences, sentence_attributions
from baselines.assembly.events import main_month, background_key
from baselines.assembly.nounphrases import is_word
from baselines.assembly.pronouns import quotation_speaker, resolve_pronouns
from baselines.assembly.victims import victims_of
from baselines.assembly.wordlists import Attribution, DocState, Span
from baselines.figures import Figure, describe_span, is_casualty_figure
from baselines.lexicon import (
    ATTACHING_PREPS, DETERMINERS, HEDGE_CUES, PARTY_HEADS, SUBSET_CUES,
)
from baselines.text import Analysis


# A sentence that lists the members of the previous sentence's figure: "They included three children",
# "Among the dead were two nurses" (guidelines 2.3).
_SUBSET_OPENERS = (("they", "included"), ("they", "include"), ("these", "included"), ("those", "killed", "included"),
                   ("the", "dead", "included"), ("the", "victims", "included"), ("the", "dead", "include"),
                   ("the", "victims", "include"), ("among", "the", "dead"), ("among", "the", "victims"),
                   ("among", "them"), ("they", "were", "mostly"))


def _subset_parent(an: Analysis, fig: Figure, previous: Optional[Figure]) -> bool:
    if previous is None:
        return False
    low = an.low
    if previous.sentence == fig.sentence - 1:
        lo, hi = an.sentences[fig.sentence]
        opener = tuple(low[lo:lo + 4])
        return any(opener[:len(cue)] == cue for cue in _SUBSET_OPENERS) and previous.outcome == fig.outcome
    if previous.sentence != fig.sentence:
        return False
    for cue in SUBSET_CUES:
        k = len(cue)
        a = fig.first - k
        if a >= previous.last and tuple(low[a:fig.first]) == cue:
            between = [w for w in low[previous.last:a]]
            if not any(w in (";",) for w in between):
                return True
    return False


def _hedged(an: Analysis, fig_first: int, fig_last: int) -> bool:
    s = an.sent_of[fig_first]
    lo, hi = an.sentences[s]
    ga, gb = clause_group(an, fig_first, lo, hi)
    low = an.low
    for k in range(ga, gb):
        if low[k] in HEDGE_CUES and not (low[k] == "may" and an.toks[k][0] == "M"):
            return True
        # "said it had received reports that at least 35 children were killed" (guidelines 2.4)
        if low[k] == "reports" and k < fig_first and k + 1 < gb and low[k + 1] in ("that", "of") \
                and k > lo and low[k - 1] in ("received", "unconfirmed", "citing", "cited", "had", "are", "were"):
            return True
    return False


def _denier_of(state: DocState, att: Optional[Attribution], f: Figure) -> Optional[Attribution]:
    """A denial cue before a figure whose own source is named inside the denied statement."""
    if att is None or att.kind not in ("possessive", "noun", "agent") or att.denied:
        return None
    an = state.an
    for other in sentence_attributions(state, f.sentence):
        if other.denied and other.cue < att.cue and other is not att and other.spans:
            return other
    return None


def _span_chars(an: Analysis, span: Span) -> tuple[int, int]:
    return an.starts[span[0]], an.ends[span[1] - 1]


def _key(an: Analysis, span: Span) -> str:
    """The head word of a source phrase ("Mohamed El-Mouloud" and "El-Mouloud" share "mouloud")."""
    head = ""
    for w in an.low[span[0]:span[1]]:
        if w in ATTACHING_PREPS:
            break
        if is_word(w) and w not in DETERMINERS:
            head = w
    return head


def assemble(an: Analysis, doc_id: str, figures: Sequence[Figure], *,
             claimants: Optional[Sequence[tuple[int, int]]] = None,
             actors: Optional[Sequence[tuple[int, int]]] = None, linker=None) -> dict:
    """The submission record of one document.

    figures: CASUALTY figures (from `find_figures` or `figures_from_spans`). claimants/actors: character
    spans from a tagger, or None to let the cue rules find the noun phrases (rule mode). linker: a trained
    `baselines.linker.ClaimLinker` that picks each figure's claimant among the candidates (the tagged
    CLAIMANT spans, or in rule mode every source phrase a cue names) instead of the cue rules.
    """
    state = DocState(an)
    rule_mode = claimants is None
    main = main_month(an)
    resolve_pronouns(state)

    mentions: list[dict] = []
    mention_by_id: dict[str, dict] = {}
    taken = TakenSpans()

    def add_mention(label: str, start: int, end: int) -> str:
        mid = f"m{len(mentions) + 1}"
        mention = {"id": mid, "label": label, "start": start, "end": end}
        mentions.append(mention)
        mention_by_id[mid] = mention
        taken.add(start, end)
        return mid

    cas_ids: dict[int, str] = {}
    for idx, f in enumerate(figures):
        cas_ids[idx] = add_mention("CASUALTY", f.start, f.end)

    span_ids: dict[tuple[int, int], str] = {}

    def mention_for(chars: tuple[int, int], label: str) -> Optional[str]:
        if chars in span_ids:
            mid = span_ids[chars]
            if label == "CLAIMANT":
                # A party that asserts a figure about its own violence is a CLAIMANT listed among the
                # claim's actors (guidelines 1.3).
                mention_by_id[mid]["label"] = "CLAIMANT"
            return mid
        if taken.overlaps(*chars):
            return None
        mid = add_mention(label, chars[0], chars[1])
        span_ids[chars] = mid
        return mid

    tagged_claimants = sorted(claimants or [])
    tagged_actors = sorted(actors or [])
    if not rule_mode:
        for sp in tagged_claimants:
            mention_for(sp, "CLAIMANT")
        for sp in tagged_actors:
            mention_for(sp, "ACTOR")

    def tagged_in_sentence(spans: list[tuple[int, int]], s: int) -> list[tuple[int, int]]:
        lo, hi = an.sentences[s]
        a, b = an.starts[lo], an.ends[hi - 1]
        return [sp for sp in spans if a <= sp[0] < b]

    # Actors per sentence.
    actor_by_sentence: dict[int, list[str]] = {}
    if rule_mode:
        for span, s in find_actor_spans(an, state):
            mid = mention_for(_span_chars(an, span), "ACTOR")
            if mid is None:
                chars = _span_chars(an, span)
                mid = span_ids.get(chars)
            if mid is not None and mid not in actor_by_sentence.get(s, []):
                actor_by_sentence.setdefault(s, []).append(mid)
    else:
        for sp in tagged_actors:
            s = an.sent_of[min(an.token_at_char(sp[0]), len(an) - 1)]
            mid = span_ids.get(sp)
            if mid:
                actor_by_sentence.setdefault(s, []).append(mid)

    def linked_ids(att: Optional[Attribution], f: Figure) -> list[Optional[str]]:
        # Candidates: every source phrase a cue names, and the tagger's CLAIMANT spans.
        cands = {sp for t in range(len(an.sentences)) for a in sentence_attributions(state, t) for sp in a.spans}
        cands |= {(an.token_at_char(a), an.token_at_char(b - 1) + 1) for a, b in tagged_claimants}
        best = linker.choose(an, state, (f.first, f.last), sorted(cands))
        if best is None:
            return [None]
        # Two coordinated sources of one cue give two claims (guidelines 2.1): keep the cue's pair.
        if att is not None and len(att.spans) > 1 and any(a < best[1] and best[0] < b for a, b in att.spans):
            return claimant_ids_by_cue(att, f)
        chars = _span_chars(an, best)
        mid = mention_for(chars, "CLAIMANT")
        if mid is None:  # a cue phrase overlapping a tagged span: the tagged span
            mid = next((span_ids[c] for c in tagged_claimants if c[0] < chars[1] and chars[0] < c[1]
                        and c in span_ids), None)
        return [mid]

    def claimant_ids(att: Optional[Attribution], f: Figure) -> list[Optional[str]]:
        if linker is not None:
            return linked_ids(att, f)
        return claimant_ids_by_cue(att, f)

    def claimant_ids_by_cue(att: Optional[Attribution], f: Figure) -> list[Optional[str]]:
        if rule_mode:
            if att is None or not att.spans:
                return [None]
            ids = []
            for sp in att.spans:
                chars = _span_chars(an, sp)
                mid = mention_for(chars, "CLAIMANT")
                if mid is not None and mid not in ids:
                    ids.append(mid)
            return ids or [None]
        # Tagger mode: cue-named phrases choose among the tagged spans (or stand as claimants of their own when
        # the tagger missed them); else a tagged claimant in the sentence.
        pool = tagged_claimants
        ids = []
        if att is not None:
            for sp in att.spans:
                a, b = _span_chars(an, sp)
                hit = [c for c in pool if c[0] < b and a < c[1]]
                for c in hit[:1]:
                    if span_ids.get(c) and span_ids[c] not in ids:
                        ids.append(span_ids[c])
                if not hit:  # a source the cue names although the tagger missed it is still the claimant
                    mid = mention_for((a, b), "CLAIMANT")
                    if mid is not None and mid not in ids:
                        ids.append(mid)
        if not ids:
            near = tagged_in_sentence(pool, f.sentence)
            q = an.quote_of[f.first]
            if not near and q >= 0:
                for t in quotation_sentences(an, q):
                    near += tagged_in_sentence(pool, t)
            if near:
                best = min(near, key=lambda c: min(abs(c[0] - f.end), abs(c[1] - f.start)))
                if span_ids.get(best):
                    ids.append(span_ids[best])
        return ids or [None]

    claims: list[dict] = []
    claims_of_fig: dict[int, list[dict]] = {}
    bg_ids: dict[str, str] = {}

    events_by_sentence: dict[int, Optional[str]] = {}

    def event_of(s: int) -> Optional[str]:
        if s in events_by_sentence:
            return events_by_sentence[s]
        key = background_key(an, s, main)
        if key is None:
            # The main incident. Event ids must be predicted (the scorer gives a null event nothing); this
            # one is local to the document, so reports of one incident in several articles stay apart.
            event = f"{doc_id}#main"
        else:
            if key not in bg_ids:
                bg_ids[key] = f"{doc_id}#bg{len(bg_ids) + 1}"
            event = bg_ids[key]
        events_by_sentence[s] = event
        return event

    # The parties each named source holds responsible, per event, anywhere in the article (guidelines 2.2).
    # Dicts as ordered sets: a list membership test here made long articles quadratic.
    by_claimant_event_actors: dict[tuple[str, str], dict[str, None]] = {}
    for s in range(len(an.sentences)):
        acts = actor_by_sentence.get(s)
        if not acts:
            continue
        for att in sentence_attributions(state, s):
            for sp in att.spans:
                if not _named_source(an, sp):
                    continue
                k = (_key(an, sp), event_of(s))
                by_claimant_event_actors.setdefault(k, {}).update(dict.fromkeys(acts))

    previous: Optional[Figure] = None
    previous_victims = "unspecified"
    for idx, f in enumerate(figures):
        parent_claims = claims_of_fig.get(idx - 1) if previous is not None else None
        is_subset = parent_claims and _subset_parent(an, f, previous)
        event = event_of(f.sentence)
        victims = victims_of(an, f, previous, previous_victims)
        att = attribution_for(state, f.first, f.last)
        if att is None and an.quote_of[f.first] >= 0:
            att = quotation_speaker(state, an.quote_of[f.first])
        modality = "asserted"
        if att is not None and att.denied:
            modality = "denied"
        elif _hedged(an, f.first, f.last):
            modality = "hedged"
        sentence_actors = list(actor_by_sentence.get(f.sentence, []))
        q = an.quote_of[f.first]
        if q >= 0:
            for t in quotation_sentences(an, q):
                for mid in actor_by_sentence.get(t, []):
                    if mid not in sentence_actors:
                        sentence_actors.append(mid)
        fig_claims = []
        if is_subset:
            for parent in parent_claims:
                fig_claims.append({"claimant": parent["claimant"], "actors": list(parent["actors"]),
                                   "outcome": parent["outcome"], "event": parent["event"],
                                   "subset_of": parent["id"], "modality": parent["modality"]})
        else:
            for cid in claimant_ids(att, f):
                acts = [a for a in sentence_actors if a != cid]
                if att is not None and claims_own_kills(an, att) and cid is not None:
                    acts = [cid] + acts
                fig_claims.append({"claimant": cid, "actors": acts if modality != "denied" else [],
                                   "outcome": f.outcome, "event": event, "subset_of": None, "modality": modality})
            # "a spokesman rejected the group's claim that dozens were killed": the source's claim, asserted,
            # and the denier's, denied (guidelines 2.4).
            denier = _denier_of(state, att, f)
            if denier is not None:
                for cid in claimant_ids(denier, f):
                    if cid is not None and all(c["claimant"] != cid for c in fig_claims):
                        fig_claims.append({"claimant": cid, "actors": [], "outcome": f.outcome, "event": event,
                                           "subset_of": None, "modality": "denied"})
        out = []
        for c in fig_claims:
            claim = {"id": f"c{len(claims) + 1}", "casualty": cas_ids[idx], "claimant": c["claimant"],
                     "actors": c["actors"], "outcome": c["outcome"], "victims": victims,
                     "toll": _toll_dict(f.toll), "subset_of": c["subset_of"], "event": c["event"],
                     "modality": c["modality"]}
            claims.append(claim)
            out.append(claim)
        claims_of_fig[idx] = out
        previous, previous_victims = f, victims
    # The parties the article itself says carried out each event: actors of sentences without a claimant cue.
    own_voice: dict[str, dict[str, None]] = {}
    for s in range(len(an.sentences)):
        acts = actor_by_sentence.get(s)
        if acts and not sentence_attributions(state, s):
            own_voice.setdefault(event_of(s), {}).update(dict.fromkeys(acts))
    # The actors a source named elsewhere for the same event (guidelines 2.2). Each pool is indexed once;
    # copying a whole pool into every claim made long articles quadratic.
    pools: dict[int, PartyPool] = {}

    def pool_of(actor_ids: dict[str, None]) -> PartyPool:
        if id(actor_ids) not in pools:
            pools[id(actor_ids)] = PartyPool(an.text, mention_by_id, actor_ids)
        return pools[id(actor_ids)]

    for claim in claims:
        fig = mention_by_id[claim["casualty"]]
        if claim["claimant"] is None and not claim["actors"] and claim["modality"] != "denied" \
                and claim["subset_of"] is None:
            if claim["event"] in own_voice:
                claim["actors"] = pool_of(own_voice[claim["event"]]).nearest(fig["start"], fig["end"])
            continue
        if claim["claimant"] and not claim["actors"]:
            k = (_mention_key_late(an, mention_by_id, claim["claimant"]), claim["event"])
            if not _named_mention(an, mention_by_id, claim["claimant"]):
                continue
            if k in by_claimant_event_actors:
                claim["actors"] = pool_of(by_claimant_event_actors[k]).nearest(
                    fig["start"], fig["end"], exclude=claim["claimant"])
            continue
        # Each blamed party once per claim, with its mention nearest to the figure (guidelines 2.2).
        if len(claim["actors"]) >= 2:
            claim["actors"] = PartyPool(an.text, mention_by_id, claim["actors"]).nearest(fig["start"], fig["end"])
    used = {c["claimant"] for c in claims} | {a for c in claims for a in c["actors"]} | {c["casualty"] for c in claims}
    if rule_mode:
        # Claimant phrases exist only where they assert a figure (guidelines 1.2); actors stay.
        mentions = [m for m in mentions if m["label"] != "CLAIMANT" or m["id"] in used]
    return _renumber(doc_id, an.text, mentions, claims)


def _named_source(an: Analysis, span: Span) -> bool:
    """A source identifiable across sentences: a name, or a party ("the separatists"), not "a source"."""
    head = None
    for k in range(span[0], span[1]):
        if an.low[k] in ATTACHING_PREPS:
            break
        if is_word(an.toks[k]) and an.low[k] not in DETERMINERS:
            head = k
    return head is not None and (an.toks[head][0].isupper() or an.low[head] in PARTY_HEADS)


def _named_mention(an: Analysis, mention_by_id: dict[str, dict], mid: str) -> bool:
    m = mention_by_id.get(mid)
    if m is None:
        return False
    return _named_source(an, (an.token_at_char(m["start"]), an.token_at_char(m["end"] - 1) + 1))


def _mention_key_late(an: Analysis, mention_by_id: dict[str, dict], mid: str) -> str:
    m = mention_by_id.get(mid)
    if m is None:
        return ""
    return _key(an, (an.token_at_char(m["start"]), an.token_at_char(m["end"] - 1) + 1))


def party_key(text: str, mention: dict) -> str:
    """What makes two ACTOR mentions the same party ("the RSF" and "RSF")."""
    return text[mention["start"]:mention["end"]].lower().removeprefix("the ").strip()


class PartyPool:
    """ACTOR mentions in a fixed order, indexed by party, to pick each party's mention nearest to a figure
    (guidelines 2.2) in O(parties * log n) instead of a scan over every mention of the article.

    The distance is the gap between the mention and the figure; ties go to the mention earlier in the pool's
    order, and the result keeps that order.
    """

    def __init__(self, text: str, mention_by_id: dict[str, dict], actor_ids) -> None:
        self.order = {a: k for k, a in enumerate(actor_ids)}
        self.by_party: dict[str, tuple[list[int], list[int], list[str]]] = {}
        for a in sorted(self.order, key=lambda a: (mention_by_id[a]["start"], self.order[a])):
            m = mention_by_id[a]
            starts, ends, ids = self.by_party.setdefault(party_key(text, m), ([], [], []))
            starts.append(m["start"])
            ends.append(m["end"])
            ids.append(a)

    def nearest(self, start: int, end: int, exclude: Optional[str] = None) -> list[str]:
        kept = []
        for starts, ends, ids in self.by_party.values():
            # The party's mentions do not overlap each other: the nearest are the last ones before the
            # figure and the first ones after it (one more on each side in case it is `exclude`).
            k = bisect.bisect_left(starts, start)
            best = None
            for j in (k - 2, k - 1, k, k + 1):
                if 0 <= j < len(ids) and ids[j] != exclude:
                    dist = min(abs(starts[j] - end), abs(start - ends[j]))
                    rank = (dist, self.order[ids[j]])
                    if best is None or rank < best[0]:
                        best = (rank, ids[j])
            if best is not None:
                kept.append(best[1])
        return sorted(kept, key=self.order.__getitem__)


class TakenSpans:
    """Character spans already given to a mention, with an overlap test in O(log n) per query (a linear
    scan made `assemble` quadratic in the length of the article).

    Spans are kept sorted by start; only spans starting within the longest span length before `a` can
    reach past `a`, so the test looks at those alone.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_right(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)
        self._longest = max(self._longest, end - start)

    def overlaps(self, a: int, b: int) -> bool:
        lo = bisect.bisect_right(self._starts, a - self._longest)
        hi = bisect.bisect_left(self._starts, b)
        return any(self._ends[k] > a for k in range(lo, hi))


def _toll_dict(toll: Toll) -> dict:
    return {"low": toll.low, "high": toll.high, "vague_term": toll.vague_term, "approximate": toll.approximate}


def _renumber(doc_id: str, text: str, mentions: list[dict], claims: list[dict]) -> dict:
    """Mentions in text order as m1, m2, ...; claims keep their order; references follow."""
    mentions = sorted(mentions, key=lambda m: (m["start"], m["end"]))
    new_id = {m["id"]: f"m{i + 1}" for i, m in enumerate(mentions)}
    out_mentions = [{"id": new_id[m["id"]], "label": m["label"], "start": m["start"], "end": m["end"],
                     "text": text[m["start"]:m["end"]]} for m in mentions]
    for c in claims:
        c["casualty"] = new_id[c["casualty"]]
        c["claimant"] = new_id.get(c["claimant"]) if c["claimant"] else None
        c["actors"] = [new_id[a] for a in c["actors"] if a in new_id]
    return {"id": doc_id, "mentions": out_mentions, "claims": claims}


def figures_from_spans(an: Analysis, spans: Iterable[tuple[int, int]]) -> list[Figure]:
    """Figures for CASUALTY character spans found by a tagger: toll by `find_toll`, outcome and victims by
    `describe_span`. Spans without a readable figure are dropped (every CASUALTY needs a toll), and so are
    spans that count no one hit (`is_casualty_figure`, the finder's own test: houses, rockets, ages,
    attackers counted as agents)."""
    out = []
    for a, b in sorted(spans):
        first = an.token_at_char(a)
        last = an.token_at_char(b - 1) + 1
        if first >= len(an) or first >= last or not is_casualty_figure(an, first, last):
            continue
        toll = find_toll(an.text[a:b])
        if toll is None:
            continue
        outcome, victims = describe_span(an, first, last)
        out.append(Figure(first, last, a, b, toll, outcome, victims, an.sent_of[first], first))
    return out



def assemble_spans(an: Analysis, doc_id: str, spans: Sequence[tuple[str, int, int]], linker=None) -> dict:
    """The submission record from a tagger's (label, start, end) character spans: CASUALTY spans become figures
    (toll by `find_toll`), CLAIMANT and ACTOR spans are linked by the cue rules. Shared by the CRF and the
    transformer."""
    cas = [(a, b) for label, a, b in spans if label == "CASUALTY"]
    claimants = [(a, b) for label, a, b in spans if label == "CLAIMANT"]
    actors = [(a, b) for label, a, b in spans if label == "ACTOR"]
    return assemble(an, doc_id, figures_from_spans(an, cas), claimants=claimants, actors=actors, linker=linker)
