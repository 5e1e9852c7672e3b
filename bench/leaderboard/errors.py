"""The error viewer: one self-contained static page per submission, `errors/<slug>.html`.

For every test document: the text twice, gold spans and predicted spans highlighted (a colour per label;
missed, spurious, partial and wrong-label spans marked), and the claims side by side with every wrong field
marked, from `bench.scoring.alignment` (the same matchings as the scores). A table of documents, sortable by
claim F1 and filterable by conflict and style, links to each. Offline: no external scripts, fonts or
images; everything from the submission or the data is escaped.
"""

from __future__ import annotations

import html
from typing import Callable, Optional, Sequence

from bench.schema import Document
from bench.scoring.alignment import align

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2330;max-width:80rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2.2rem;border-top:1px solid #e3e6eb;padding-top:1rem}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}th,td{padding:.3rem .55rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
th[data-key]{cursor:pointer}td.num{font-variant-numeric:tabular-nums}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.text{white-space:pre-wrap;font-size:.85rem;line-height:1.55;border:1px solid #e3e6eb;padding:.6rem;border-radius:.3rem}
mark{padding:0 .1rem;border-radius:.2rem}mark.CASUALTY{background:#ffe3b3}mark.CLAIMANT{background:#cfe3ff}mark.ACTOR{background:#f3d1f0}
mark.missed,mark.spurious{outline:2px solid #c62828}mark.partial,mark.label{outline:2px dashed #c77700}
mark::after{font-size:.6rem;vertical-align:super;margin-left:.1rem;color:#555}
mark.missed::after{content:"missed"}mark.spurious::after{content:"spurious"}mark.partial::after{content:"partial"}mark.label::after{content:"label"}
td.bad{background:#fde2e1}td.ok{background:#e6f4ea}.legend mark{margin-right:.5rem}small{color:#555}
select{margin-right:1rem}
"""

_JS = """
(function(){
  var t=document.getElementById('docs'), b=t.tBodies[0];
  function filter(){
    var c=document.getElementById('f-conflict').value, s=document.getElementById('f-style').value;
    Array.prototype.forEach.call(b.rows,function(r){
      var show=(!c||r.getAttribute('data-conflict')===c)&&(!s||r.getAttribute('data-style')===s);
      r.style.display=show?'':'none';
      var sec=document.getElementById(r.getAttribute('data-target')); if(sec){sec.style.display=show?'':'none';}
    });
  }
  function sort(key,dir){
    var rows=Array.prototype.slice.call(b.rows);
    rows.sort(function(x,y){var a=x.getAttribute('data-'+key),c=y.getAttribute('data-'+key),na=parseFloat(a),nc=parseFloat(c);
      var d=(!isNaN(na)&&!isNaN(nc))?na-nc:String(a).localeCompare(String(c)); return dir==='asc'?d:-d;});
    rows.forEach(function(r){b.appendChild(r);});
    Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th){
      th.setAttribute('aria-sort',th.getAttribute('data-key')===key?(dir==='asc'?'ascending':'descending'):'none');});
  }
  function apply(){var m=/sort=([a-z0-9_]+),(asc|desc)/.exec(location.hash||''); if(m){sort(m[1],m[2]);} }
  Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th){var k=th.getAttribute('data-key'); if(!k){return;}
    th.addEventListener('click',function(){var m=/sort=([a-z0-9_]+),(asc|desc)/.exec(location.hash||'');
      location.hash='sort='+k+','+((m&&m[1]===k&&m[2]==='asc')?'desc':'asc');});});
  document.getElementById('f-conflict').addEventListener('change',filter);
  document.getElementById('f-style').addEventListener('change',filter);
  // #conflict=...&style=... preselects the filters, so that a link opens the page filtered.
  ['conflict','style'].forEach(function(k){var m=new RegExp('[#&]'+k+'=([^&]*)').exec(location.hash||'');
    if(m){document.getElementById('f-'+k).value=decodeURIComponent(m[1]);}});
  window.addEventListener('hashchange',apply); apply(); filter();
})();
"""

FIELDS = ("toll", "claimant", "actors", "outcome", "victims", "modality", "subset_of")


def _highlight(text: str, spans: Sequence[dict], e: Callable[[str], str]) -> str:
    """The text with <mark> around each span (spans of one side never overlap)."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: (s["start"], s["end"])):
        if s["start"] < pos:
            continue
        out.append(e(text[pos:s["start"]]))
        out.append(f'<mark class="{s["label"]} {s["status"]}" title="{s["label"]}: {s["status"]}">'
                   f'{e(text[s["start"]:s["end"]])}</mark>')
        pos = s["end"]
    out.append(e(text[pos:]))
    return "".join(out)


def _value(view: Optional[dict], field: str, e) -> str:
    if view is None:
        return "<small>not found</small>"
    v = view.get(field)
    if field == "toll":
        lo, hi = v
        return e(f"[{'–' if lo is None else lo}, {'–' if hi is None else hi}]")
    if field == "actors":
        return e(", ".join(a or "?" for a in v)) or "<small>none</small>"
    return "<small>null</small>" if v is None else e(v)


def _claims_table(aligned: dict, e) -> str:
    head = "".join(f"<th>{f}</th>" for f in ("figure",) + FIELDS + ("event",))
    rows = []
    for row in aligned["claims"]:
        g, p, fields = row["gold"], row["pred"], row["fields"] or {}
        status = "matched" if row["lenient"] else ("figure found" if p else "missed")
        cells = [f'<td>{e(g["figure"] or "")}<br><small>{e(g["id"])}: {status}</small></td>']
        for f in FIELDS:
            ok = fields.get(f) if p is not None else False
            cells.append(f'<td class="{"ok" if ok else "bad"}">{_value(g, f, e)}<br><small>predicted: '
                         f'{_value(p, f, e)}</small></td>')
        cells.append(f'<td>{_value(g, "event", e)}<br><small>predicted: {_value(p, "event", e)}</small></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    for p in aligned["spurious_claims"]:
        rows.append(f'<tr><td class="bad">{e(p["figure"] or "")}<br><small>{e(p["id"])}: spurious claim</small></td>'
                    + "".join(f"<td><small>predicted: {_value(p, f, e)}</small></td>" for f in FIELDS + ("event",))
                    + "</tr>")
    return f'<table class="claims"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render_error_page(system: str, slug: str, documents: Sequence[Document], predictions: dict,
                      escape: Callable[[str], str] = None) -> str:
    """`predictions`: document id -> object with `.mentions` and `.claims` (a `bench.submission.Prediction`)."""
    e = escape or (lambda s: html.escape(str(s), quote=True))
    table_rows, sections = [], []
    for k, doc in enumerate(documents):
        pred = predictions.get(doc.id)
        aligned = align(doc, pred.mentions if pred else (), pred.claims if pred else ())
        gold_spans, pred_spans = aligned["spans"]["gold"], aligned["spans"]["pred"]
        missed = sum(s["status"] == "missed" for s in gold_spans)
        spurious = sum(s["status"] == "spurious" for s in pred_spans)
        f1 = aligned["claim_f1"]
        target = f"doc-{k}"
        conflict, style = doc.conflict or "none", doc.style or doc.provenance
        table_rows.append(
            f'<tr data-target="{target}" data-id="{e(doc.id)}" data-conflict="{e(conflict)}" data-style="{e(style)}" '
            f'data-claim_f1="{-1 if f1 is None else round(f1, 4)}" data-missed="{missed}" data-spurious="{spurious}">'
            f'<td><a href="#{target}">{e(doc.id)}</a></td><td>{e(conflict)}</td><td>{e(style)}</td>'
            f'<td class="num">{"–" if f1 is None else f"{100 * f1:.1f}"}</td><td class="num">{missed}</td>'
            f'<td class="num">{spurious}</td></tr>')
        sections.append(
            f'<section id="{target}"><h2>{e(doc.id)} <small>{e(conflict)} · {e(style)} · claim F1 '
            f'{"–" if f1 is None else f"{100 * f1:.1f}"}</small></h2>'
            f'<div class="cols"><div><b>Gold</b><div class="text gold">{_highlight(doc.text, gold_spans, e)}</div></div>'
            f'<div><b>Predicted</b><div class="text pred">{_highlight(doc.text, pred_spans, e)}</div></div></div>'
            f'{_claims_table(aligned, e)}</section>')
    options = lambda values: "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in sorted(set(values)))  # noqa: E731
    conflicts = options(d.conflict or "none" for d in documents)
    styles = options(d.style or d.provenance for d in documents)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>ClaimBench errors: {e(system)}</title><style>{_CSS}</style></head><body>
<h1>Errors of {e(system)} <small>({e(slug)})</small></h1>
<p><a href="../index.html">back to the leaderboard</a> · test split, {len(documents)} documents.
<span class="legend"><mark class="CASUALTY">casualty</mark><mark class="CLAIMANT">claimant</mark><mark class="ACTOR">actor</mark>
<mark class="CASUALTY missed">missed</mark><mark class="CASUALTY spurious">spurious</mark><mark class="CASUALTY partial">partial</mark></span></p>
<p><label>conflict <select id="f-conflict"><option value="">all</option>{conflicts}</select></label>
<label>style <select id="f-style"><option value="">all</option>{styles}</select></label></p>
<table id="docs"><thead><tr><th data-key="id">document</th><th data-key="conflict">conflict</th><th data-key="style">style</th>
<th data-key="claim_f1">claim F1</th><th data-key="missed">missed spans</th><th data-key="spurious">spurious spans</th></tr></thead>
<tbody>{"".join(table_rows)}</tbody></table>
{"".join(sections)}
<script>{_JS}</script></body></html>
"""
