"""Victims classes that the figure's context decides (guidelines 2.4), on top of the class its own span
gives (`baselines.figures`):

* members of an armed non-state group are combatants, as the group's fighters are ("15 gang members",
  "nine members of the cartel", "members of an armed group");
* a figure without a class noun that the sentence then names ("11 of the dead were children") takes the
  class of that noun;
* a bare figure that shares an outcome list with the figure before it ("eight pupils were killed and 12
  wounded") refers back to that figure's victims noun and takes its class.

"people", "persons", "men", "others" and the like stay unspecified wherever they stand: they are class nouns
of their own (guidelines 2.4), so only figures whose span names no victims noun at all refer back.
"""

from __future__ import annotations

from typing import Optional

from baselines.figures import Figure
from baselines.lexicon import (
    AUX_WORDS, COMBATANT_GROUPS, DETERMINERS, MEMBER_HEADS, OUTCOME_CUES, SINGULAR_HEADS, VICTIM_HEADS,
)
from baselines.text import Analysis

COPULAS = frozenset("are were was is".split())
# Words between the copula and the class noun ("were all children", "are mostly young women").
PREDICATE_FILLERS = frozenset("all mostly also mainly largely young little small".split()) | DETERMINERS
# Words between two figures of one outcome list ("8 pupils were killed and 12 wounded").
LIST_LINKS = frozenset("and , with another".split())


def victims_of(an: Analysis, fig: Figure, previous: Optional[Figure], previous_victims: str) -> str:
    """The class of fig; previous is the figure before it, whose class was previous_victims."""
    if fig.victims in ("unspecified", "mixed") and _member_of_armed_group(an, fig):
        # "20 gang leaders and members": members of the group beside its fighters are one class.
        others = {VICTIM_HEADS[w] for w in an.low[fig.first:fig.last] if w in VICTIM_HEADS and w not in MEMBER_HEADS}
        if others <= {"combatants", "unspecified"}:
            return "combatants"
    if fig.victims != "unspecified":
        return fig.victims
    named = _predicate_class(an, fig)
    if named is not None:
        return named
    if previous is not None and previous_victims != "unspecified" and _bare(an, fig) \
            and _same_list(an, previous, fig):
        return previous_victims
    return fig.victims


def _bare(an: Analysis, fig: Figure) -> bool:
    """No victims noun in the span: "12", "at least 30" (outcome nouns like "dead" are no class noun); a
    singular head without a class of its own ("a shepherd") is a noun all the same."""
    return not any(w in VICTIM_HEADS or w in SINGULAR_HEADS for w in an.low[fig.first:fig.last])


def _member_of_armed_group(an: Analysis, fig: Figure) -> bool:
    low = an.low
    hi = an.sentences[fig.sentence][1]
    heads = [k for k in range(fig.first, fig.last) if low[k] in MEMBER_HEADS]
    if not heads:
        return False
    head = heads[-1]
    if any(low[k] in COMBATANT_GROUPS for k in range(fig.first, head)):
        return True  # "15 gang members"
    if head + 1 < hi and low[head + 1] == "of":
        # "nine members of the Red Hand cartel", "18 members of an armed group"
        for k in range(head + 2, min(hi, head + 8)):
            w = low[k]
            if w in COMBATANT_GROUPS or (w in ("group", "groups") and low[k - 1] == "armed"):
                return True
            if not w[:1].isalpha() or w in ("who", "which", "that", "and", "were", "was"):
                break
    return False


def _predicate_class(an: Analysis, fig: Figure) -> Optional[str]:
    """"11 of the dead were children", "Three of the wounded are civilians": the predicate names the class.
    Not in a question the sentence leaves open ("did not say how many of the 40 dead were children")."""
    low = an.low
    lo, hi = an.sentences[fig.sentence]
    k = fig.last
    if k >= hi or low[k] not in COPULAS:
        return None
    if any(low[m] == "how" for m in range(max(lo, fig.first - 4), fig.first)):
        return None
    k += 1
    while k < hi and low[k] in PREDICATE_FILLERS:
        k += 1
    if k < hi and VICTIM_HEADS.get(low[k], "unspecified") != "unspecified":
        return VICTIM_HEADS[low[k]]
    return None


def _same_list(an: Analysis, previous: Figure, fig: Figure) -> bool:
    """Only outcome words, auxiliaries and list links between the two figures, and an "and" or a comma
    among them: "eight pupils were killed and 12 wounded", "killed 30 soldiers and wounded 20"."""
    if previous.sentence != fig.sentence:
        return False
    between = an.low[previous.last:fig.first]
    if not between or not any(w in ("and", ",") for w in between):
        return False
    return all(w in LIST_LINKS or w in OUTCOME_CUES or w in AUX_WORDS for w in between)
