"""Word lists behind the figure finder, the claim assembler and the CRF features.

Every list follows docs/guidelines.md (victim categories of section 2.4, claimant cues of 2.1, actor cues of
1.3, non-casualty numbers of 1.1). Entries are lower case; multi-word cues are tuples of tokens as
`bench.tokenize` splits them.
"""

from __future__ import annotations

from bench.tolls import QUALIFIERS, SCALES, TENS, UNITS, VAGUE_FLOORS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------------------------------
# Victims: head nouns and the category they give (guidelines 2.4).

VICTIM_HEADS: dict[str, str] = {}
for _cat, _text in {
    "civilians": """civilians civilian villagers villager residents resident inhabitants worshippers worshipers
        farmers farmer herders herder miners miner workers worker traders trader passengers passenger patients
        patient refugees refugee shoppers shopper pilgrims pilgrim mourners mourner attendees attendee guests guest
        journalists journalist reporters reporter doctors doctor nurses nurse medics medic volunteers volunteer
        teachers teacher fishermen fisherman students student pupils pupil worshipers migrants migrant
        displaced merchants merchant vendors vendor drivers driver labourers laborers labourer laborer
        farmworkers civilans citizens companions neighbours neighbors settlers responders monks priests imams
        administrators chiefs worshipers humanitarians engineers contractors colleagues employees staff
        relatives settler citizen neighbour neighbor monk priest imam administrator chief official employee
        companion colleague relative travellers traveller travelers traveler commuters commuter motorists
        motorist rescuers rescuer aid-workers bystanders bystander""",
    "children": """children child kids kid minors minor boys boy girls girl babies baby infants infant toddlers
        toddler schoolchildren schoolchild teenagers teenager adolescents youngsters newborns schoolgirls schoolboys
        schoolgirl schoolboy""",
    "women": """women woman mothers mother wives widows""",
    "combatants": """fighters fighter militants militant rebels rebel insurgents insurgent jihadists jihadist
        terrorists terrorist mercenaries mercenary militiamen militiaman militia gunmen gunman attackers attacker
        assailants assailant separatists separatist combatants combatant guerrillas guerrilla paramilitaries
        paramilitary extremists extremist bandits bandit commanders commander leaders leader recruits
        mujahideen mujahedeen mujahidin gangsters gangster gangmembers""",
    "security_forces": """soldiers soldier troops troopers trooper servicemen serviceman servicemembers police
        policemen policeman policewomen officers officer gendarmes gendarme guards guard personnel conscripts
        conscript sailors airmen marines peacekeepers peacekeeper pilots pilot vdp auxiliaries forces""",
    "unspecified": """people persons person individuals individual dead bodies body victims victim others
        lives deaths death fatalities casualties men man family members member adults adult officials
        wounded injured injuries martyrs hostages captives abductees
        sons son daughters daughter brothers brother sisters sister husbands husband fathers father nephews
        nephew nieces niece cousins cousin grandchildren grandchild grandsons grandson granddaughters
        granddaughter grandparents grandmother grandfather uncles uncle aunts aunt""",
}.items():
    for _w in _text.split():
        VICTIM_HEADS[_w] = _cat

# Singular heads that make "a child was killed" a figure of one (guidelines 1.1).
SINGULAR_HEADS = _words("""civilian child woman man boy girl baby infant toddler teenager soldier policeman
    officer fighter militant rebel resident villager farmer herder journalist worker student pupil passenger
    person gendarme guard trooper nurse doctor medic teacher driver trader shepherd settler citizen monk priest
    imam official employee volunteer worshipper commander leader paramedic rescuer bystander guest neighbour
    neighbor son daughter brother sister husband wife mother father nephew niece cousin grandson granddaughter
    grandmother grandfather uncle aunt""")
# Kin and role nouns of the singular list above are figures of one only when indefinite ("a nephew"); a
# possessive member ("a girl and her mother") is a definite individual, no figure of its own (guidelines 1.1).
# Verbs that take the figure as their direct object and give its outcome ("seized 15 pupils", "lost nine
# members of her family"); only right before the figure, since they have other senses further away.
ADJACENT_OUTCOME_VERBS = {"seized": "abducted", "seize": "abducted", "seizing": "abducted", "took": "abducted",
                          "taken": "abducted", "taking": "abducted", "snatched": "abducted", "holding": "abducted",
                          "lost": "killed", "losing": "killed", "lose": "killed"}

# Modifiers that decide the category whatever the head ("innocent lives", "unarmed men").
CIVILIAN_MODIFIERS = _words("civilian innocent unarmed defenceless defenseless")
# Armed non-state groups whose members are combatants (guidelines 2.4: non-state fighters; "elements" and
# "members" follow the party they belong to): "gang members", "members of the cartel".
COMBATANT_GROUPS = _words("gang gangs cartel cartels mafia")
# Heads that name members of a group and take its class ("gang members", "members of the gang").
MEMBER_HEADS = _words("members member elements element affiliates")
# Outcome nouns that may be the head when there is no victims noun ("ten deaths").
OUTCOME_HEADS = {"deaths": "killed", "death": "killed", "dead": "killed", "fatalities": "killed",
                 "bodies": "killed", "lives": "killed", "wounded": "injured", "injured": "injured",
                 "casualties": "killed", "injuries": "injured", "missing": "missing", "hostages": "abducted",
                 "hostage": "abducted", "abductees": "abducted", "captives": "abducted", "martyrs": "killed"}
# Heads that take an "of" complement inside the span ("12 members of the security forces").
OF_HEADS = _words("members member relatives staff employees residents")

# --------------------------------------------------------------------------------------------------
# Outcomes (guidelines 2.4) and the words that make a number a non-casualty (guidelines 1.1).

OUTCOME_CUES: dict[str, str] = {}
for _outcome, _text in {
    "killed": """kill kills killed killing killings dead death deaths died die dies dying slain slaughtered
        slaughter massacred massacre massacring executed execute executing execution executions murdered
        murder murdering fatalities fatality fatal fatally perished perish lives bodies corpses toll beheaded
        lynched assassinated martyrs martyred martyrdom buried burials graves remains neutralised neutralized
        neutralising neutralizing eliminated""",
    "injured": """injured injuring injure injures injuries injury wounded wounding wound wounds hurt maimed
        hospitalised hospitalized""",
    "missing": """missing disappeared unaccounted""",
    "abducted": """abducted abducting abduct abducts abduction abductions kidnapped kidnapping kidnap kidnaps
        kidnappings hostage hostages captive captives captivity""",
}.items():
    for _w in _text.split():
        OUTCOME_CUES[_w] = _outcome

NON_CASUALTY_CUES = _words("""displaced displacing displacement fled flee fleeing flight uprooted arrested arrest
    arrests arresting detained detaining detention detainees deployed deploy deploying deployment stationed
    evacuated evacuation rescued freed released releasing recruited recruiting trained training sheltering
    shelter shelters refugee homeless returned returning returnees need needs needing hunger hungry starving
    starvation famine aid assistance affected vaccinated registered enrolled strong surrendered defected
    graduated employed hosted hosting housed camps camp crossed crossing arrived voted protesters protested
    marched gathered rallied attended interviewed surveyed questioned consulted polled""")

# Things that get counted beside casualties (guidelines 1.1: "counts of houses, vehicles or strikes"): a
# number whose noun is one of these counts no one.
NON_VICTIM_NOUNS = _words("""houses house homes home huts hut buildings building shops shop stalls stores
    structures dwellings compounds shelters tents schools churches mosques hospitals clinics villages towns
    vehicles vehicle cars car trucks truck lorries lorry buses bus pickups motorbikes motorbike motorcycles
    motorcycle bicycles boats boat tanks tank aircraft planes jets helicopters shells shell rockets rocket
    missiles missile drones drone bombs bomb mortars mortar rounds projectiles grenades bullets shots
    explosions blasts strikes strike airstrikes raids attacks rifles guns weapons cattle livestock goats
    sheep camels cows""")
# Words right after an attackers figure that make it the agent of the attack, not its victims: "20 gunmen
# stormed the village", "about 50 attackers on motorbikes", "armed men riding in pickups" (guidelines 1.1:
# only numbers that count people killed, injured, missing or abducted).
AGENT_CUES = _words("""stormed storm storms storming attacked attack attacks attacking raided raid raids
    raiding opened open fired fire firing burned burnt torched looted stole seized surrounded besieged
    overran overrun entered invaded ambushed struck descended arrived came rode riding armed carrying
    wielding wearing dressed disguised crossed infiltrated abducted kidnapped killed shot massacred
    executed wounded took launched staged carried led targeted hit set blew detonated""")
# Verbs among AGENT_CUES that are also outcome participles: "20 militants killed in clashes" reports
# victims, "20 gunmen killed 12 villagers" an attack (the object that follows decides).
AGENT_OR_OUTCOME = _words("abducted kidnapped killed shot massacred executed wounded")
# Prepositions after an attackers figure that, before a vehicle or weapon noun, make it the agent ("on
# motorbikes", "in pickups", "with rifles").
AGENT_PREPOSITIONS = _words("on in with aboard")

# Numbers followed by these words are never casualty figures.
UNIT_WORDS = _words("""km kilometres kilometers kilometre kilometer miles mile metres meters metre meter feet
    kg tonnes tons percent per cent % days day weeks week months month years year hours hour minutes minute
    seconds am pm a.m p.m gmt utc dollars dollar usd euros euro pounds francs cfa naira birr pounds shillings
    million billion trillion times""")
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
          "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
CURRENCY_SIGNS = frozenset("$ € £ ¥ ₦".split())

# Words between a bare figure and an outcome ("21 were killed", "the toll could be as high as 20").
AUX_WORDS = _words("""were was are is be been being have has had reportedly also later now then further
    could may might would will had allegedly apparently reported confirmed believed feared said thought
    presumed subsequently eventually ultimately instantly immediately remain remained remains still""")
TOLL_BRIDGE = _words("""rose risen rise rises rising climbed climb climbs climbing jumped increased increase
    reached reach reaches stood stands stand stands at to of is was has had have could may might be been now
    as high many up revised raised put puts given estimated provisional official overall final total new
    preliminary latest number""")
# Tokens allowed right after a bare figure (no victims noun): prepositions, conjunctions, outcome words.
AFTER_BARE = _words("""in on at and or as after during when while since across near by from were was have has
    had are is more others other died dead killed wounded injured missing abducted kidnapped including among
    but with inside outside throughout following amid over around last this that so according given put
    advanced announced released cited recorded issued provided reported""")
# Nouns that frame a toll ("the toll rose to 37", "put the number at 80", "the figure of 184").
TOLL_NOUNS = _words("toll tolls number figure figures tally count balance victims dead deaths martyrs casualties")
# Words right before a framed figure.
FRAME_LINKS = _words("""to at of be is was reached reaches hit passed passes exceeded exceeds topped tops surpassed
    stood stands neared nears""")

# --------------------------------------------------------------------------------------------------
# Modality (guidelines 2.4).

HEDGE_CUES = _words("""could may might possibly reportedly allegedly feared believed unconfirmed perhaps likely
    probably presumed suspected thought appears appeared apparently""")
DENIAL_CUES = _words("deny denies denied denying rejected rejects dismissed dismisses refuted refutes disputed disputes")

# --------------------------------------------------------------------------------------------------
# Subsets (guidelines 2.3): the tokens that introduce a part of a figure.

SUBSET_CUES: tuple[tuple[str, ...], ...] = (
    ("including",), ("among", "them"), ("among", "whom"), ("among", "those"), ("of", "whom"), ("of", "them"),
    ("among", "the", "dead", "were"), ("among", "the", "victims", "were"), ("among", "the", "dead"),
    ("among", "the", "victims"), ("mostly",), ("most", "of", "them"), ("among", "the", "casualties", "were"),
    ("among", "the", "wounded"), ("among", "the", "injured"), ("incl",),
)

# --------------------------------------------------------------------------------------------------
# Claimants (guidelines 1.2, 2.1).

# Verbs whose subject asserts what follows (or what precedes: "..., the ministry said").
REPORT_VERBS = _words("""said says say told tells tell claimed claims claim reported reports report confirmed
    confirms confirm stated states announced announces added adds estimated estimates indicated indicates
    alleged alleges insisted insists denied denies deny acknowledged acknowledges admitted admits wrote writes
    tweeted posted noted notes explained declared declares recorded records documented documents counted counts
    put puts warned warns accused accuses cited cites testified recounted tallied verified listed updated
    revised gave published issued shared quoted asserted asserts maintained maintains described describes
    stressed affirmed affirms conceded concedes rejected rejects dismissed dismisses disputed disputes
    recalled recalls informed referred refers mentioned mentions spoke speaks found finds shows showed show
    believe believes given give gives affirm affirms affirmed assert maintain insist allege""")
# Participles that take the main clause's subject (", reporting a toll of 21").
REPORT_PARTICIPLES = _words("""reporting saying claiming stating adding confirming denying citing noting
    estimating putting alleging insisting acknowledging warning accusing describing""")
# Heads of documents; the person or body behind them is preferred (guidelines 1.2).
DOCUMENT_HEADS = _words("""statement statements report reports communique communiqué release post tweet video
    message letter bulletin note briefing update tally count figures data toll statistics numbers records
    estimates estimate assessment findings documentation""")
PRONOUNS = _words("he she they it we i you who this these those them him us me")
# Chunk openers that are adverbials, not subjects ("On Monday, the army said").
ADVERBIAL_OPENERS = _words("""on in at during after before earlier later however meanwhile separately speaking
    citing quoting according reached contacted interviewed asked since while when as also but yet still
    today yesterday overnight then now moreover furthermore additionally nonetheless nevertheless instead
    by for with from under last this following""")
# Prepositions that may attach a complement inside a claimant or actor span (guidelines 1.2).
ATTACHING_PREPS = _words("of for from on")
# Words after an attaching "on" that show it is a time or place adverbial, not a complement.
TIME_WORDS = _words("""monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december condition the morning evening night afternoon
    day week weekend state national social television radio behalf""")
# Words that end a noun phrase when read left to right.
NP_STOP = _words("""who whom which that whose where when while as if because although though and or but nor
    in at with near to into by about after before during since than said says told claimed reported confirmed
    stated announced added estimated indicated alleged insisted denied acknowledged admitted is was were are
    be been has have had will would could should may might can linked based affiliated backed allied loyal
    aligned close speaking citing quoting representing dominated led signed issued published released
    quoted reached contacted including such also reportedly later not this these those between against among
    amid across through via toward towards into onto upon within beyond despite following""")
DETERMINERS = _words("a an the another its their his her our this these those one some several two three four")

# --------------------------------------------------------------------------------------------------
# Actors (guidelines 1.3).

PARTY_HEADS = _words("""army armies forces force military militaries troops soldiers militia militias
    militiamen militants rebels insurgents jihadists fighters mercenaries gunmen attackers assailants group
    groups junta government regime police gendarmes gendarmerie separatists coalition paramilitaries
    paramilitary battalion brigade brigades unit units division command authorities navy airforce guard
    guards movement front alliance organisation organization terrorists bandits extremists
    commandos squad squads corps ministry state occupation enemy gang gangs""")
NON_PARTY_HEADS = _words("""drone drones fire gunfire shelling artillery missile missiles rocket rockets bomb
    bombs explosion explosions blast airstrike airstrikes strike strikes air aircraft plane planes jet jets
    warplanes helicopter helicopters vehicle vehicles mine mines ied ieds weapon weapons bullets bullet
    munitions attack attacks raid raids violence clashes fighting means campaign war conflict offensive operation
    operations bombardment bombing bombings shelling massacre killings crush stampede fire fires flood floods
    time times people civilians residents victims report reports statement""")
# Verbs and nouns whose agent ("by X") carried out the violence.
VIOLENCE_BEFORE_BY = _words("""killed carried launched conducted attacked targeted hit struck shelled bombed
    ambushed executed abducted kidnapped shot fired perpetrated committed staged raided massacred operated
    claimed stormed torched burned looted seized overrun overran destroyed bombarded defeated routed repelled
    strike strikes airstrike
    airstrikes attack attacks raid raids shelling bombardment assault assaults offensive ambush operation
    operations fire killings massacre massacres executions abductions kidnappings violence abuses atrocities
    bombing bombings incursion incursions out away held""")
VIOLENT_VERBS = _words("""carried launched conducted attacked struck bombed shelled raided stormed ambushed
    killed kill kills killing targeted executed abducted kidnapped massacred hit shot fired opened torched
    burned overran bombarded attacking striking shelling raiding launching conducting carrying storm storms
    strike strikes attack attacks shell shells bomb bombs raid raids hits target targets ambush ambushes
    besieged besiege repelled committed detonated""")
WEAPON_NOUNS = _words("""drone drones jets jet warplanes aircraft artillery strike strikes airstrike airstrikes
    attack attacks raid raids shelling bombardment offensive missiles missile rockets rocket helicopters
    helicopter bombs gunmen fighters""")
BLAME_VERBS = _words("accused accuses accusing accuse blamed blames blaming blame attributed attributes attributing held holds holding")
SELF_CLAIM_VERBS = _words("claimed claims claim announced announces said says boasted boasts")

# --------------------------------------------------------------------------------------------------
# Background events (guidelines 2.5).

RELATIVE_PAST = _words("last previous earlier past prior preceding")
PERIOD_WORDS = _words("week weekend month months year years decade decades weeks")
OTHER_INCIDENT = _words("separate another earlier previous prior")
INCIDENT_NOUNS = _words("""attack attacks incident incidents strike strikes raid raids massacre clash clashes
    battle battles ambush bombing offensive assault violence fighting""")

# Re-exported so that callers need one import for everything lexical.
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {"dozen", "hundred"}
VAGUE_FIRST_WORDS = frozenset(p[0] for p in VAGUE_FLOORS)
QUALIFIER_WORDS = frozenset(w for p in QUALIFIERS for w in p)
