"""A briefing as one self-contained HTML file: no scripts, no network, inline CSS and SVG, printable."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from tracker.application.brief import Briefing, ProposalBrief
from tracker.application.render import common
from tracker.application.render.svg import swimlanes

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111;
 max-width:60rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}
h3{font-size:1.05rem;margin:1.5rem 0 .25rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;
 vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}
table.head th{width:9rem}code{font-size:.9em}.meta{color:#444}.why{margin:.4rem 0}
.p-proposer{color:#005fd7}.p-accepted{color:#008700}.p-conditional,.p-partial,.p-reviewing{color:#af5f00}
td[class^="p-"],td.d{white-space:nowrap}.p-countered{color:#8700af}.p-rejected{color:#d70000}.p-withdrawn,.p-unknown{color:#6c6c6c}.stale{opacity:.6}
.disputed{font-weight:600;color:#8a4b00}sup a{text-decoration:none}ol.sources{font-size:.9em}
svg.lanes{display:block;margin:.5rem 0;max-width:100%;height:auto}svg .party{font-size:11px;font-weight:600}
svg .sym{font-size:10px;fill:#fff}svg .axis{font-size:10px;fill:#444}
svg .since{stroke:#333;stroke-dasharray:3 2}.legend{font-size:.9em;color:#444}
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}
 section.proposal{break-inside:avoid-page}a{color:inherit;text-decoration:none}tr{break-inside:avoid}}
"""


# Untrusted text, inert: one line, control characters visible, HTML escaped.
h = common.escaper({c: escape(c) for c in "&<>\"'"})


@lru_cache(maxsize=65536)  # a briefing cites the same few lists of sources again and again
def refs(numbers: tuple[int, ...]) -> str:
    return "".join(f'<sup><a href="#src-{n}">[{n}]</a></sup>' for n in sorted(numbers))


def _cell(pos: object) -> str:
    if pos is None:
        return "<td></td>"
    stale = " stale" if pos.stale else ""  # type: ignore[attr-defined]
    return f'<td class="p-{h(pos.position)}{stale}">{h(common.label(pos))}</td>'  # type: ignore[arg-type, attr-defined]


def render(b: Briefing) -> str:
    out = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width,initial-scale=1">',
           f"<title>{h(common.TITLE)}, as of {b.as_of.isoformat()}</title>", f"<style>{CSS}</style></head><body>",
           f"<h1>{h(common.TITLE)}</h1>", '<table class="head">']
    out += [f"<tr><th>{h(k)}</th><td>{'<code>' + h(v) + '</code>' if k in ('regenerate', 'store head') else h(v)}"
            "</td></tr>" for k, v in common.header_rows(b)]
    out += ["</table>", "<h2>Where every party stands</h2>"]
    if b.proposals:
        out.append("<table><tr><th>proposal</th><th>status</th><th>rev</th>"
                   + "".join(f"<th>{h(p)}</th>" for p in b.parties) + "</tr>")
        for p in b.proposals:
            v = p.view
            out.append(f'<tr><td><a href="#p-{h(v.id)}">{h(v.title)}</a></td><td>{h(v.status.replace("_", " "))}</td>'
                       f'<td class="num">{v.revision}</td>' + "".join(_cell(v.positions.get(x)) for x in b.parties)
                       + "</tr>")
        out += ["</table>", f'<p class="legend">{h(common.legend())}</p>']
    else:
        out.append("<p>No proposal had been proposed by this date.</p>")
    out.append(f"<h2>What changed since {b.since.isoformat()}</h2>")
    out.append("<ul>" + "".join(f"<li>{h(common.change_line(c))}</li>" for c in b.changes) + "</ul>"
               if b.changes else "<p>Nothing changed.</p>")
    out.append("<h2>Proposals</h2>")
    for p in b.proposals:
        out += _proposal(b, p)
    if b.sources:
        out += ["<h2>Sources</h2>", '<ol class="sources">']
        out += [f'<li id="src-{i}">{h(common.source_text(s))}</li>' for i, s in enumerate(b.sources, 1)]
        out.append("</ol>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _proposal(b: Briefing, p: ProposalBrief) -> list[str]:
    v = p.view
    status_refs = "".join(refs(b.citations.get(eid, ())) for eid in p.deciding)
    out = [f'<section class="proposal" id="p-{h(v.id)}">', f"<h3>{h(v.title)}</h3>",
           f'<p class="meta"><code>{h(v.id)}</code> · {h(v.kind.replace("_", " "))} · proposed by {h(v.proposed_by)}'
           f" on {h(v.proposed_on)} · revision {v.revision}"
           + (f" · last change {h(v.last_change)}" if v.last_change else "") + "</p>",
           f'<p class="why"><strong>{h(v.status.replace("_", " "))}</strong>: {h(p.why.split(": ", 1)[-1])}{status_refs}</p>']
    out.append(swimlanes(p.lanes, b.as_of, b.since))
    out.append("<table><tr><th>party</th><th>position</th><th>since</th><th>rev</th><th>event</th><th>details</th>"
               "<th>sources</th></tr>")
    for party, pos in v.positions.items():
        event = b.events.get(pos.event_id or "")
        out.append(f"<tr><td>{h(party)}</td>{_cell(pos)}<td class=\"d\">{h(pos.since or '')}</td>"
                   f'<td class="num">{pos.revision or ""}</td><td><code>{h(pos.event_id or "")}</code></td>'
                   f"<td>{h(common.position_detail(pos, event))}</td>"
                   f"<td>{refs(b.citations.get(pos.event_id or '', ()))}</td></tr>")
    out.append("</table>")
    if v.violations:
        disputed = sum(1 for x in v.violations if x.disputed)
        out.append(f"<p>Violation reports ({len(v.violations)}, {disputed} disputed):</p><ul>")
        for x in v.violations:
            mark = f' <span class="disputed">disputed by {h(", ".join(x.disputed_by))}</span>' if x.disputed else ""
            out.append(f"<li>{h(common.violation_text(x))}{mark}{refs(b.citations.get(x.event_id, ()))}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out
