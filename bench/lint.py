"""Consistency lint of gold annotations: rules of docs/guidelines.md (section 6) that a document can break
while every reference in it is still valid.

`check_gold_document` (bench.validation) decides whether a record is well formed; the lint decides whether
its labels follow the guidelines where a machine can tell. The builder runs both on every authoring file
and reports lint findings as errors with the claim's or mention's YAML line, so the released data cannot
carry these breaks. Released records do not carry reviewers' notes, so the lint runs on the authoring
files only (`claimbench data build` and `claimbench data validate`).

Each rule returns `(field path, message)` pairs like the checks in bench.validation; each message starts
with the rule's name in brackets so that a reviewer can find the rule in the guidelines.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional, Sequence

from bench.schema import Claim, Document, Mention

Finding = tuple[str, str]

# Words after the head noun that open a complement or a post-modifier: the head is the last word before
# the first of them ("Russian mercenaries from the Wagner group" -> "mercenaries").
COMPLEMENT_OPENERS = frozenset({"of", "for", "from", "in", "at", "on", "with", "under", "loyal", "linked",
                                "led", "based", "allied", "backed", "belonging", "affiliated", "who", "which",
                                "that"})
DETERMINERS = frozenset({"the", "a", "an"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "our", "his", "her", "my", "your"})
FUNCTION_WORDS = DETERMINERS | POSSESSIVE_PRONOUNS | {"and", "of", "in", "at", "on", "by", "to"}

# Nouns that name what victims were doing or were (guidelines 2.4): non-combatants, hence civilians, unless
# the claim's note says why not (a "student" who was a fighter, say). Singular and plural forms.
ROLE_NOUNS = frozenset("""
resident residents villager villagers patient patients worshipper worshippers worshiper worshipers
traveller travellers traveler travelers mourner mourners herder herders herdsman herdsmen miner miners
pilgrim pilgrims fisherman fishermen farmer farmers student students pupil pupils schoolchildren
journalist journalists reporter reporters rescuer rescuers medic medics paramedic paramedics doctor doctors
nurse nurses teacher teachers passenger passengers shepherd shepherds trader traders merchant merchants
shopper shoppers vendor vendors refugee refugees worker workers churchgoer churchgoers
bystander bystanders motorist motorists driver drivers labourer labourers laborer laborers
""".split())
# Two-word role nouns, matched on consecutive words.
ROLE_PHRASES = (("aid", "worker"), ("aid", "workers"), ("health", "workers"), ("health", "worker"),
                ("humanitarian", "workers"), ("displaced", "people"), ("wedding", "guests"))
CIVILIAN_CLASSES = frozenset({"civilians", "children", "women"})
# Nouns that make a `mixed` class plausible next to a role noun ("soldiers and villagers").
NON_CIVILIAN_NOUNS = frozenset("""
soldier soldiers troops troop police policeman policemen officer officers gendarme gendarmes fighter fighters
militant militants militiaman militiamen militia rebels rebel insurgent insurgents jihadist jihadists
gunman gunmen attacker attackers combatant combatants mercenaries mercenary guards guard personnel
elements mujahideen members volunteers vdp servicemen
""".split())

_WORD = re.compile(r"[\w’'-]+")


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def party_key(text: str) -> Optional[tuple[str, frozenset[str], frozenset[str]]]:
    """(head noun, pre-modifiers, complement words) of a party's noun phrase. Case, articles and possessive
    pronouns are dropped, the head is the last word before any complement, and a possessive 's is dropped
    from every word: "The Malian army" -> ("army", {"malian"}, {}); "Mali's army" -> ("army", {"mali"}, {});
    "the army of Sudan" -> ("army", {}, {"sudan"})."""
    ws = [w[:-2] if w.endswith("'s") else w for w in words(text)]
    ws = [w for w in ws if w not in DETERMINERS]
    complement: list[str] = []
    for i, w in enumerate(ws):
        if i > 0 and w in COMPLEMENT_OPENERS:
            ws, complement = ws[:i], ws[i + 1:]
            break
    ws = [w for w in ws if w not in POSSESSIVE_PRONOUNS]
    if not ws:
        return None
    return ws[-1], frozenset(ws[:-1]), frozenset(w for w in complement if w not in FUNCTION_WORDS)


def _covers(small: frozenset[str], large: frozenset[str]) -> bool:
    """Every word of `small` matches a word of `large`, a word matching its derived forms by prefix
    ("mali" ~ "malian", "israel" ~ "israeli")."""
    return all(any(a.startswith(b) or b.startswith(a) for b in large) for a in small)


def same_party(a: str, b: str) -> bool:
    """Two phrases name one party when their heads are equal and neither adds a modifier or complement
    that the other contradicts: "the army" ~ "the Malian army" ~ "Mali's army", but not "the Sudanese
    army" ~ "the Chadian army" nor "our forces in the 6th Division" ~ "the joint forces of the movements"."""
    ka, kb = party_key(a), party_key(b)
    if ka is None or kb is None or ka[0] != kb[0]:
        return False
    mods = _covers(ka[1], kb[1]) or _covers(kb[1], ka[1])
    comps = _covers(ka[2], kb[2]) or _covers(kb[2], ka[2])
    return mods and comps


def lint_document(doc: Document, notes: Optional[Mapping[str, str]] = None) -> list[Finding]:
    """Every lint finding of one gold document; `notes` maps claim ids to the reviewers' notes."""
    notes = notes or {}
    by_id = {m.id: m for m in doc.mentions}
    found: list[Finding] = []
    found += denied_with_actors(doc.claims)
    found += party_listed_twice(doc.claims, by_id)
    found += self_claims(doc.claims, by_id)
    found += unlinked_actors(doc.mentions, doc.claims)
    found += role_nouns(doc.claims, by_id, notes)
    return found


def denied_with_actors(claims: Sequence[Claim]) -> list[Finding]:
    """Guidelines 2.2: a claim whose figure the source denies has no actors."""
    return [(f"claims[{i}].actors", f"[denied-with-actors] claim {c.id!r} is denied but lists actors "
                                    f"{list(c.actors)}; a denied claim has no actors (the party stays an ACTOR "
                                    "mention on the claims that assert the figure)")
            for i, c in enumerate(claims) if c.modality == "denied" and c.actors]


def party_listed_twice(claims: Sequence[Claim], by_id: Mapping[str, Mention]) -> list[Finding]:
    """Guidelines 2.2: each blamed party is listed once per claim (`same_party`: "the army" and "the
    Malian army" name one party)."""
    found = []
    for i, c in enumerate(claims):
        actors = [by_id[a] for a in c.actors if a in by_id]
        for k, m in enumerate(actors):
            first = next((o for o in actors[:k] if same_party(o.text, m.text)), None)
            if first is not None:
                found.append((f"claims[{i}].actors", f"[party-listed-twice] claim {c.id!r} lists one party twice: "
                                                     f"{first.id} {first.text!r} and {m.id} {m.text!r}; keep "
                                                     "the mention nearest to the figure"))
    return found


def self_claims(claims: Sequence[Claim], by_id: Mapping[str, Mention]) -> list[Finding]:
    """Guidelines 1.3: a party that claims its own kills is the claim's actor through its CLAIMANT mention.

    Two breaks are detectable without reading the text:
    * the claim lists an ACTOR mention naming the claimant's party (`same_party`): the party is there under
      another mention, so list the CLAIMANT mention instead;
    * a self-claim's subsets and restatements by the same claimant are about the same figure, so they are
      self-claims too: they must list the claimant among their actors.
    """
    found = []
    by_claim = {c.id: c for c in claims}
    for i, c in enumerate(claims):
        claimant = by_id.get(c.claimant) if c.claimant else None
        if claimant is None:
            continue
        for actor in c.actors:
            m = by_id.get(actor)
            if m is not None and m.id != claimant.id and m.label == "ACTOR" and same_party(claimant.text, m.text):
                found.append((f"claims[{i}].actors", f"[self-claim] claim {c.id!r}: the claimant {claimant.id} "
                                                     f"{claimant.text!r} blames itself through ACTOR mention "
                                                     f"{m.id} {m.text!r}; a party claiming its own kills lists "
                                                     f"its CLAIMANT mention {claimant.id} among the actors"))
        for link in ("subset_of", "restates"):
            parent = by_claim.get(getattr(c, link))
            if (parent is not None and parent.claimant == c.claimant and parent.claimant in parent.actors
                    and c.claimant not in c.actors):
                found.append((f"claims[{i}].actors", f"[self-claim] claim {c.id!r} ({link} {parent.id!r}, a "
                                                     f"self-claim of {claimant.text!r}) must also list the "
                                                     f"claimant {claimant.id} among its actors"))
    return found


def unlinked_actors(mentions: Sequence[Mention], claims: Sequence[Claim]) -> list[Finding]:
    """Guidelines 1.3: an ACTOR mention names a party blamed in some claim; one that no claim lists is
    either a missing link or a mention that should not be there."""
    linked = {a for c in claims for a in c.actors}
    return [(f"mentions[{i}]", f"[unlinked-actor] ACTOR mention {m.id!r} ({m.text!r}) is listed by no claim; "
                               "add it to the actors of the claims whose source blames it, or remove it")
            for i, m in enumerate(mentions) if m.label == "ACTOR" and m.id not in linked]


def role_noun_in(text: str) -> Optional[str]:
    ws = words(text)
    for a, b in zip(ws, ws[1:]):
        if (a, b) in ROLE_PHRASES:
            return f"{a} {b}"
    return next((w for w in ws if w in ROLE_NOUNS), None)


def _note_explains(note: Optional[str], victims: str) -> bool:
    """A note explains the class when it names the class given ("... were militia members, so
    combatants"). A note about something else (the outcome, a span) does not exempt the claim."""
    text = (note or "").lower()
    return victims in text or victims.replace("_", " ") in text


def role_nouns(claims: Sequence[Claim], by_id: Mapping[str, Mention], notes: Mapping[str, str]) -> list[Finding]:
    """Guidelines 2.4: role nouns of non-combatants are civilians (or their sub-classes children, women).
    `mixed` passes when the span also names a non-civilian class; any other class needs a `note:` that
    says why the text makes these victims something else (a note that names the class given)."""
    found = []
    for i, c in enumerate(claims):
        m = by_id.get(c.casualty)
        if m is None or c.victims in CIVILIAN_CLASSES:
            continue
        role = role_noun_in(m.text)
        if role is None or _note_explains(notes.get(c.id), c.victims):
            continue
        if c.victims == "mixed" and NON_CIVILIAN_NOUNS & set(words(m.text)):
            continue
        found.append((f"claims[{i}].victims", f"[role-noun] claim {c.id!r}: {m.text!r} names {role!r}, victims "
                                              f"are civilians (or children/women), not {c.victims!r}; or give a "
                                              f"note: that names {c.victims!r} and says why"))
    return found
