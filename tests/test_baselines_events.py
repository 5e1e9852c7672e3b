"""Cross-document event consolidation (baselines/assembly/events.py, the corpus step of `predict`).
The articles are written for the test."""

from baselines import get_extractor

A = {"id": "a1", "published": "2024-05-02",
     "text": "Gunmen kill 9 in Karoba market attack\n\nGunmen killed nine traders at the Karoba cattle market in "
             "Velden province on Wednesday, police said.\n"}
B = {"id": "b1", "published": "2024-05-06",
     "text": "Karoba toll rises to 15\n\nThe toll of last week's attack on the Karoba market in Velden "
             "province has risen to 15 dead, the governor said.\n"}
C = {"id": "c1", "published": "2024-05-03",
     "text": "Flood kills 4 in Marsden valley\n\nFour people drowned in Marsden valley on Thursday, "
             "rescuers said.\n"}
D = {"id": "d1", "published": "2021-01-10",
     "text": "Gunmen kill 3 near Karoba\n\nGunmen killed three herders near Karoba in Velden province, "
             "police said.\n"}


def _main_events(records):
    return {r["id"]: {c["event"] for c in r["claims"] if "#main" in c["event"]} for r in records}


def test_reports_of_one_incident_share_the_main_event_id():
    events = _main_events(get_extractor("rule_based").predict([A, B, C, D]))
    assert events["a1"] == events["b1"] == {"a1#main"}
    assert events["c1"] == {"c1#main"}          # another place: stays apart
    assert events["d1"] == {"d1#main"}          # same place three years earlier: another incident


def test_linking_can_be_switched_off_and_input_order_does_not_matter():
    events = _main_events(get_extractor("rule_based", link_events=False).predict([A, B]))
    assert events == {"a1": {"a1#main"}, "b1": {"b1#main"}}
    events = _main_events(get_extractor("rule_based").predict([B, C, A]))
    assert events["a1"] == events["b1"] == {"a1#main"}


def test_documents_without_a_publication_date_are_never_linked():
    a = dict(A, published=None)
    b = dict(B, published=None)
    events = _main_events(get_extractor("rule_based").predict([a, b]))
    assert events == {"a1": {"a1#main"}, "b1": {"b1#main"}}
