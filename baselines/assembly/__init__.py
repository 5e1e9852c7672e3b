"""Claim assembly: from mention spans to claims in the submission format (guidelines section 2).

Shared by all extractors. One module per idea:

* `nounphrases` - the noun phrase at a token, coordinated phrases, sources and parties (guidelines 1.2, 1.3);
* `clauses` - where a clause starts, a verb's subject, the phrase after a clause-final verb;
* `attribution` - claimant cues ("according to X", "X said ...", "..., said X", "X's statement", "X, a
  spokesman for Y, said", ", reporting ...", pronouns) and the one that covers a figure, inside a
  quotation that of its speaker wherever the speaker is named (guidelines 2.1);
* `pronouns` - claimants named before their cue: the antecedent of "he said", the speaker a sentence
  introduces before an unattributed quotation (guidelines 1.2, 2.1);
* `victims` - victims classes the context decides: members of armed groups, "11 of the dead were
  children", bare figures in an outcome list (guidelines 2.4);
* `actors` - parties named as carrying out or blamed for the violence (guidelines 1.3, 2.2);
* `events` - the main incident and the earlier or other incidents an article mentions (guidelines 2.5);
* `claims` - the submission record: tolls by `bench.tolls.find_toll`, claimants, actors, subsets,
  modality and events; in rule mode the cues name the CLAIMANT and ACTOR phrases, with a tagger's spans
  the cues (or a trained `baselines.linker.ClaimLinker`) choose among the tagged spans.

Sentences, quotations and tokens come from `baselines.text` (one `Analysis` per document).
"""

from baselines.assembly.actors import find_actor_spans
from baselines.assembly.attribution import attribution_for, sentence_attributions
from baselines.assembly.claims import assemble, assemble_spans, figures_from_spans
from baselines.assembly.events import background_key
from baselines.assembly.nounphrases import np_forward
from baselines.assembly.wordlists import Attribution, DocState

__all__ = ["Attribution", "DocState", "assemble", "assemble_spans", "attribution_for", "background_key",
           "figures_from_spans", "find_actor_spans", "np_forward", "sentence_attributions"]
