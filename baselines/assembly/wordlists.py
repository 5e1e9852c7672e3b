"""Word lists and the cue records shared by the claim-assembly modules (guidelines 1.2, 1.3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from baselines.lexicon import (
    BLAME_VERBS, OUTCOME_CUES, REPORT_PARTICIPLES, REPORT_VERBS, VIOLENT_VERBS,
)
from baselines.text import Analysis

Span = tuple[int, int]  # token range [first, last)


# Outcome nouns that may sit inside a noun phrase ("the initial toll of the Ministry of Health").
_OUTCOME_NOUNS = frozenset(
    "toll deaths death bodies lives casualties fatalities massacre killings executions abductions kidnappings "
    "injuries remains graves burials hostages martyrs martyrdom".split())
VERB_STOPS = REPORT_VERBS | REPORT_PARTICIPLES | VIOLENT_VERBS | BLAME_VERBS | (frozenset(OUTCOME_CUES) - _OUTCOME_NOUNS)
ADJ_ED = frozenset("""armed united allied unidentified suspected so called detained displaced wounded injured uniformed masked hooded
    retired self-styled concerned affected interested alleged unnamed unarmed""".split())
CLAUSE_BREAKS = frozenset("; while whereas but although though because".split())
POSSESSIVE_MARKS = ("'", "’")
SUBJECT_SKIP = frozenset("""has have had also later earlier previously separately again further itself then
    on in a an the monday tuesday wednesday thursday friday saturday sunday last week night this
    morning evening afternoon today yesterday reportedly initially first now could would can may might should
    must will did does do not only just still themselves himself herself both all""".split())
SELF_KILL = frozenset("kill killed killing".split())
# Words that may follow a subject phrase before its verb: a place, a relative clause, a participle.
GENERIC_PARTY_HEADS = frozenset("""fighters mercenaries troops soldiers militants members gunmen men forces
    units elements militiamen commandos""".split())
# Frequent verbs that end a subject phrase read left to right ("The Houthis began attacking").
COMMON_VERBS = frozenset("""began begin begins started start starts continued continue continues tried try tries
    sought seek seeks appeared appears seemed seems went go goes came come comes used use uses kept keep keeps
    made make makes took take takes gave give gives got get gets condemns condemned condemn urged urges
    called calls wants wanted needs needed must once again vowed vows pledged pledges remains remained
    mourns mourned publishes published welcomed welcomes demanded demands remain stay stays stayed""".split())
# Guidelines 0.2 allow an "at/in" complement in a claimant span ("A doctor at the hospital"), but the
# annotated data leaves it out about twice as often as it keeps it ("A nurse at the regional hospital",
# "the health ministry in Sanaa"); the extractor follows the annotators' majority. Set to ("at", "in") to
# follow the letter of the guideline.
PLACE_PREPS: tuple[str, ...] = ()
NOT_PLACES = frozenset("""interview interviews conversation call phone press remarks speech briefing
    time times wake aftermath course run way part charge case addition contrast total particular recent
    person english arabic french writing public private message messages comments""".split())
TITLE_WORDS = frozenset("""chief spokesman spokesperson spokeswoman head director minister commander governor
    official envoy coordinator representative researcher secretary""".split())
# Titles written before a name ("Mayor Ana Ruiz", "President John Doe"): the name is the claimant
# (guidelines 1.2).
NAME_TITLES = frozenset("""president vice mayor governor general gen colonel col lieutenant lt major maj captain
    capt sergeant minister prime senator commissioner dr professor prof sheikh bishop judge prosecutor""".split())
AMBIGUOUS_VERBS = frozenset("""counts reports claims records documents estimates states notes updates shows finds
    lists figures claim report count estimate record document note update show list put puts""".split())
RELATIVES = frozenset("who which whom".split())
# Accusers assert the figures of the violence they blame on others ("It blamed X for killing scores").
ACCUSE = frozenset("accused accuses accuse blamed blames blame".split())
SOURCE_NOUNS = frozenset("""count toll tally figure figures estimate estimates statement report reports data
    claim claims allegation allegations records documentation""".split())
HEADLINE_SOURCES = frozenset("""ministry army police government statement spokesman spokesperson official officials
    military command agency office un who commission group rebels health authorities governor hospital
    medics sources source""".split())
SUBJECT_TAILS = frozenset("""in at near from across inside outside based who whose which that speaking
    reached contacted interviewed quoted cited familiar working living stationed together along alongside backed
    supported with through via""".split())
SELF_MARKERS = frozenset("to have it they we its their our having had".split())
# "struck a deal", "hit a record": not violence.
NON_VIOLENT_OBJECTS = frozenset("deal agreement accord peace truce ceasefire compromise balance note tone chord record bargain".split())
# "the convoy hit a mine", "a bus struck an explosive device": the subject is the victims' side.
EXPLOSIVE_OBJECTS = frozenset("mine mines landmine landmines ied ieds explosive explosives device devices roadside".split())
# Heads that the non-party list holds but that name no weapon or attack: "Ukrainian civilians", "an Israeli
# report" do not put their modifier among the perpetrators (guidelines 1.3).
NOT_ATTACK_HEADS = frozenset("people civilians residents victims time times means report reports statement".split())
# Words of a place phrase between its preposition and its head: "in Syria's northern Idlib province",
# "in the Bani al-Harith district of the capital Sanaa", "north of the city".
DIRECTION_WORDS = frozenset("""northern southern eastern western central northeastern northwestern southeastern
    southwestern north-eastern north-western south-eastern south-western north south east west northeast
    northwest southeast southwest upper lower greater""".split())
PLACE_NOUNS = frozenset("""city town village villages province region district state capital area county border
    side outskirts neighbourhood neighborhood suburb suburbs camp port coast street market governorate
    municipality commune department locality territory strip valley island islands frontier zone""".split())
LOCATIVE_PREPS = frozenset("in on at near outside inside across around into off along towards toward".split())


# Negated reporting verbs are no attribution (guidelines 2.1): "did not confirm", "would neither confirm nor
# deny", "declined to say", "has yet to give". NEGATORS stand in the verb group; REFUSALS take "to" + verb.
NEGATORS = frozenset("not never neither nor t cannot".split())
REFUSALS = frozenset("""declined declines decline declining refused refuses refuse refusing failed fails fail
    unable yet""".split())
# Words between a negator or refusal and the reporting verb ("did not immediately confirm").
NEGATION_GAP = frozenset("""did didn does doesn do don has hasn have haven had hadn would wouldn could couldn will
    won can cannot may might should be been is isn are aren was wasn were weren to ' ’ also immediately publicly
    officially independently yet still so far even able or""".split())


# Bare plural sources that may follow "reported by", "counted by" without a determiner.
BARE_SOURCES = frozenset("""residents witnesses officials medics doctors nurses survivors activists villagers
    rescuers sources relatives locals elders journalists reporters monitors observers investigators""".split())
# Heads of phrases that "he"/"she" can refer to, and heads of bodies that "it" can (pronoun claimants).
PERSON_HEADS = frozenset("""spokesman spokeswoman spokesperson governor mayor minister president chief commander
    director official doctor nurse surgeon medic witness resident survivor villager farmer teacher father mother
    son daughter brother sister husband wife man woman boy girl elder leader head envoy coordinator
    representative researcher secretary prefect administrator councillor lawmaker senator general colonel
    captain lieutenant major sergeant officer source journalist reporter correspondent worker volunteer
    activist priest imam pastor chairman chairwoman manager owner driver neighbour neighbor nun monk
    prosecutor judge lawyer analyst expert photographer student member relative parent nephew uncle
    aunt cousin""".split())
BODY_HEADS = frozenset("""army military ministry government police agency office organisation organization
    commission council committee mission hospital group movement front alliance coalition junta regime
    command gendarmerie navy presidency administration authority union agency network observatory centre
    center monitor service services department directorate red crescent cross un unicef who""".split())


GROUP_BREAK_WORDS = frozenset("; while whereas but although though because and".split())
CUE_WORDS = (REPORT_VERBS | REPORT_PARTICIPLES | frozenset(("according", ":", "'", "’")) | frozenset(
    "count toll tally figure figures estimate estimates statement report reports data claim claims allegation "
    "allegations records documentation accused accuses accuse blamed blames blame".split()))


@dataclass
class Attribution:
    """A claimant cue in a sentence: the noun phrases it names (or a pronoun to resolve)."""

    spans: list[Span]
    cue: int
    kind: str                 # according | subject | object | participle
    denied: bool = False
    self_claim: bool = False
    pronoun: bool = False


@dataclass
class DocState:
    an: Analysis
    attributions: dict[int, list[Attribution]] = field(default_factory=dict)
