"""The leaderboard page, index.html: one self-contained file with no external script, style, font or image.

Its state lives in location.hash (`#metric=toll_f1&sort=system,asc&type=llm-zero-shot&open=yes&more=1`), so a
link (or a browser test) opens it filtered and sorted: `metric` is the headline metric that ranks the rows and
whose rank interval the # column shows, `sort` a column and direction, `type` a model type, `open` open
weights (yes / no / unknown), `more` shows the per-conflict and seed-vs-authored claim-F1 columns. Every
string from a submission was cleaned (render.clean_text) and is HTML-escaped here.
"""

from __future__ import annotations

import html

from bench.leaderboard.meta import MODEL_TYPES
from bench.leaderboard.render import HEADLINE, LABELS, _interval, _pct, rank_text

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2330;background:#fff}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin-top:2rem}
p.note{color:#555;font-size:.85rem;max-width:70rem}code{font-size:.8rem;background:#f3f4f6;padding:.1rem .3rem}
table{border-collapse:collapse;font-size:.9rem;margin-top:.8rem}
th,td{padding:.4rem .7rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:middle}
th.sortable{cursor:pointer;user-select:none;white-space:nowrap}th.sortable:hover{background:#f3f4f6}
th[aria-sort=descending]::after{content:" ▼"}th[aria-sort=ascending]::after{content:" ▲"}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:block}.badge{font-size:.7rem;padding:.05rem .35rem;border-radius:.6rem;background:#e8eefc;color:#2447a8;margin-left:.3rem}
.best{background:#e6f4ea;color:#1e6b34}.tie{background:#fff4d6;color:#7a5600}.unranked{background:#fde2e1;color:#8a1c1c}
.controls label{margin-right:1.2rem;font-size:.9rem}.rk{display:none}.more{display:none}#board.show-more .more{display:table-cell}
th.metric-active{background:#eef2fb}
"""


# The hash drives the order, the filters and the columns; the controls only rewrite the hash.
_JS = """
(function(){
  var table=document.getElementById('board'), body=table.tBodies[0];
  var metrics=METRICS;
  function state(){
    var out={}; (location.hash||'').replace(/^#/,'').split('&').forEach(function(kv){
      var i=kv.indexOf('='); if(i>0){out[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1));}}); return out;
  }
  function setState(k,v){var s=state(); if(v===''||v===null){delete s[k];}else{s[k]=v;}
    location.hash=Object.keys(s).map(function(x){return x+'='+encodeURIComponent(s[x]);}).join('&');}
  function apply(){
    var s=state(), metric=metrics.indexOf(s.metric)>=0?s.metric:'claim_f1';
    var m=/^([a-z0-9_]+)(?:,(asc|desc))?$/.exec(s.sort||''); var key=m?m[1]:metric;
    var dir=m&&m[2]?m[2]:((key==='system'||key==='rank')?'asc':'desc');
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var ua=a.getAttribute('data-ranked')==='0', ub=b.getAttribute('data-ranked')==='0';
      if(key===metric&&ua!==ub){return ua?1:-1;}  // unranked systems stay below the ranking
      var attr=key==='rank'?'rank_'+metric:key;  // the rank on the chosen metric
      var x=a.getAttribute('data-'+attr), y=b.getAttribute('data-'+attr);
      var nx=parseFloat(x), ny=parseFloat(y), c;
      if(!isNaN(nx)&&!isNaN(ny)){c=nx-ny;}else{c=String(x).localeCompare(String(y));}
      if(c===0){return a.getAttribute('data-slug').localeCompare(b.getAttribute('data-slug'));}
      return dir==='asc'?c:-c;
    });
    rows.forEach(function(r){
      body.appendChild(r);
      var show=(!s.type||r.getAttribute('data-model_type')===s.type)&&(!s.open||r.getAttribute('data-open_weights')===s.open);
      r.style.display=show?'':'none';
      Array.prototype.forEach.call(r.querySelectorAll('.rk'),function(x){x.style.display=x.getAttribute('data-metric')===metric?'inline':'none';});
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th){
      var k=th.getAttribute('data-key');
      th.setAttribute('aria-sort', k===key?(dir==='asc'?'ascending':'descending'):'none');
      th.classList.toggle('metric-active', k===metric);
    });
    table.classList.toggle('show-more', s.more==='1');
    document.getElementById('c-metric').value=metric;
    document.getElementById('c-type').value=s.type||'';
    document.getElementById('c-open').value=s.open||'';
    document.getElementById('c-more').checked=s.more==='1';
    document.getElementById('rank-metric').textContent=document.querySelector('#c-metric option[value="'+metric+'"]').textContent;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th){
    var key=th.getAttribute('data-key'); if(!key){return;}
    th.classList.add('sortable');
    th.addEventListener('click',function(){
      var cur=/^([a-z0-9_]+)(?:,(asc|desc))?$/.exec(state().sort||'');
      var dir=(cur&&cur[1]===key&&cur[2]!=='asc')?'asc':'desc';
      setState('sort', key+','+dir);
    });
  });
  document.getElementById('c-metric').addEventListener('change',function(ev){setState('sort',null); setState('metric',ev.target.value);});
  document.getElementById('c-type').addEventListener('change',function(ev){setState('type',ev.target.value);});
  document.getElementById('c-open').addEventListener('change',function(ev){setState('open',ev.target.value);});
  document.getElementById('c-more').addEventListener('change',function(ev){setState('more',ev.target.checked?'1':'');});
  window.addEventListener('hashchange',apply); apply();
})();
"""


def _error_bar(m: dict) -> str:
    """An inline SVG on a 0-100% axis: the interval as a line, the value as a dot."""
    if m.get("value") is None:
        return ""
    w = 120.0
    x = lambda v: 4 + (w - 8) * max(0.0, min(1.0, v))  # noqa: E731
    lo, hi = m.get("low", m["value"]), m.get("high", m["value"])
    return (f'<svg class="bar" width="{int(w)}" height="12" role="img" aria-label="interval {_pct(lo)} to {_pct(hi)}">'
            f'<line x1="4" y1="6" x2="{w - 4:.0f}" y2="6" stroke="#e3e6eb"/>'
            f'<line x1="{x(lo):.1f}" y1="6" x2="{x(hi):.1f}" y2="6" stroke="#4a6fd6" stroke-width="2"/>'
            f'<line x1="{x(lo):.1f}" y1="2" x2="{x(lo):.1f}" y2="10" stroke="#4a6fd6"/>'
            f'<line x1="{x(hi):.1f}" y1="2" x2="{x(hi):.1f}" y2="10" stroke="#4a6fd6"/>'
            f'<circle cx="{x(m["value"]):.1f}" cy="6" r="3" fill="#1d2330"/></svg>')


def _open_weights(meta: dict) -> str:
    return {True: "yes", False: "no"}.get(meta.get("open_weights"), "unknown")


def _parameters(meta: dict) -> str:
    n = meta.get("parameters")
    if n is None:
        return meta.get("model_size") or "–"
    for scale, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if n >= scale:
            return f"{n / scale:.3g}{unit}"
    return f"{n:g}"


def render_html(board: dict) -> str:
    e_ = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    conflicts = sorted({c for e in board["entries"] for c in e["claim_f1_by_conflict"]})
    provenances = sorted({c for e in board["entries"] for c in e["claim_f1_by_provenance"]})
    more = [("conflict", c, f"claim F1 · {c}") for c in conflicts] + \
        [("provenance", c, f"claim F1 · {c} documents") for c in provenances]
    head = "".join(f'<th data-key="{k}">{e_(t)}</th>' for k, t in HEADLINE)
    head += "".join(f'<th class="more" data-key="by_{kind}_{i}">{e_(t)}</th>' for i, (kind, _, t) in enumerate(more))
    rows = []
    for e in board["entries"]:
        meta = e["meta"]
        values = {k: e["headline"][k]["value"] for k, _ in HEADLINE}
        values.update({f"by_{kind}_{i}": e[f"claim_f1_by_{kind}"].get(c) for i, (kind, c, _) in enumerate(more)})
        attrs = " ".join(f'data-{k}="{-1 if v is None else v}"' for k, v in values.items())
        badges = ""
        if meta.get("baseline"):
            badges += '<span class="badge">baseline</span>'
        if e["best"]:
            badges += '<span class="badge best">best</span>'
        elif e["tied_with_best"]:
            badges += f'<span class="badge tie" title="paired bootstrap p = {e_(e["p_vs_best"])}">≈ best</span>'
        if not e["ranked"]:
            badges += '<span class="badge unranked" title="its meta says uses_test_documents: true">not ranked: uses test documents</span>'
        link = f' <a href="{e_(meta["paper"])}" rel="noopener noreferrer">paper</a>' if meta.get("paper") else ""
        home = f' <a href="{e_(meta["url"])}" rel="noopener noreferrer">site</a>' if meta.get("url") else ""
        errors = f' <a class="errors" href="errors/{e_(e["slug"])}.html">errors</a>'
        prompt = (f'<details><summary><small>prompt</small></summary><small>{e_(meta["prompt"])}</small></details>'
                  if meta.get("prompt") else "")
        ranks = "".join(f'<span class="rk" data-metric="{k}">{rank_text(e["ranks"] and e["ranks"][k])}</span>' for k, _ in HEADLINE)
        cells = "".join(f'<td class="num">{_interval(e["headline"][k])}{_error_bar(e["headline"][k])}</td>' for k, _ in HEADLINE)
        cells += "".join(f'<td class="num more">{_pct(values[f"by_{kind}_{i}"])}</td>' for i, (kind, _, _) in enumerate(more))
        rank_key = e["ranks"]["claim_f1"][0] if e["ranks"] else 999
        attrs += "".join(f' data-rank_{k}="{e["ranks"][k][0] if e["ranks"] else 999}"' for k, _ in HEADLINE)
        rows.append(
            f'<tr data-rank="{rank_key}" data-ranked="{1 if e["ranked"] else 0}" data-system="{e_(meta["system"].lower())}" '
            f'data-slug="{e_(e["slug"])}" data-model_type="{e_(meta["model_type"])}" data-open_weights="{_open_weights(meta)}" {attrs}>'
            f'<td class="num rank">{ranks}</td><td><strong>{e_(meta["system"])}</strong>{badges}<br>'
            f'<small>{e_(", ".join(meta["authors"]))}{" · " + e_(meta["organisation"]) if meta.get("organisation") else ""}</small>'
            f'{link}{home}{errors}</td><td>{e_(meta["model_type"])}<br><small>{e_(_parameters(meta))} · open weights: '
            f'{_open_weights(meta)}</small>{prompt}</td>{cells}<td>{e_(meta["training_data"])}</td></tr>')
    per_label = "".join(
        f'<tr><td>{e_(e["meta"]["system"])}</td>' + "".join(f'<td class="num">{_pct(e["per_label"].get(l))}</td>' for l in LABELS) + "</tr>"
        for e in board["entries"])
    present = sorted({e["meta"]["model_type"] for e in board["entries"]}, key=MODEL_TYPES.index)
    type_options = "".join(f'<option value="{t}">{t}</option>' for t in present)
    metric_options = "".join(f'<option value="{k}">{e_(t)}</option>' for k, t in HEADLINE)
    js = _JS.replace("METRICS", "[" + ",".join(f"'{k}'" for k, _ in HEADLINE) + "]")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>ClaimBench leaderboard</title><style>{_CSS}</style></head>
<body>
<h1>ClaimBench leaderboard</h1>
<p class="note">Casualty-claim extraction, test split ({len(board['entries'])} systems). Scores in %, 95% bootstrap
intervals in brackets and drawn as error bars. # is the rank by <span id="rank-metric">Claim F1</span> with its 95%
rank interval in parentheses (all systems on the same resamples of {board['bootstrap']['units']} event groups;
equal scores share a rank). “≈ best”: claim F1 not significantly different from the best system (paired
bootstrap, p ≥ {board['alpha']}). Systems that used test documents are listed but not ranked. Click a column to sort.</p>
<p class="note">Signature: <code>{e_(board['signature'])}</code></p>
<p class="controls"><label>rank by <select id="c-metric">{metric_options}</select></label>
<label>model type <select id="c-type"><option value="">all</option>{type_options}</select></label>
<label>open weights <select id="c-open"><option value="">all</option><option value="yes">yes</option><option value="no">no</option><option value="unknown">unknown</option></select></label>
<label><input type="checkbox" id="c-more"> claim F1 per conflict and seed vs authored</label></p>
<table id="board"><thead><tr><th data-key="rank">#</th><th data-key="system">System</th><th>Model</th>{head}<th>Training data</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>Span F1 (strict) per label</h2>
<table id="per-label"><thead><tr><th>System</th>{''.join(f'<th>{l}</th>' for l in LABELS)}</tr></thead><tbody>
{per_label}
</tbody></table>
<script>{js}</script>
</body></html>
"""
