"""A briefing in Markdown that renders on GitHub and GitLab: tables, and sources as footnotes (`[^n]`)."""

from __future__ import annotations

from functools import lru_cache

from tracker.application.brief import Briefing, ProposalBrief
from tracker.application.render import common

# Untrusted text, shown literally: one line, control characters visible, Markdown's markup characters
# backslash-escaped.
md = common.escaper({c: "\\" + c for c in "\\`*_[]<>|#~!{}"})


@lru_cache(maxsize=65536)  # a briefing cites the same few lists of sources again and again
def notes(numbers: tuple[int, ...]) -> str:
    return "".join(f"[^{n}]" for n in sorted(numbers))


def render(b: Briefing) -> str:
    out: list[str] = [f"# {common.TITLE}", "", "| | |", "|---|---|"]
    out += [f"| {k} | {md(v) if k != 'regenerate' else '`' + v + '`'} |" for k, v in common.header_rows(b)]
    out += ["", "## Where every party stands", ""]
    if b.proposals:
        out.append("| proposal | status | rev | " + " | ".join(md(p) for p in b.parties) + " |")
        out.append("|---|---|--:|" + "---|" * len(b.parties))
        for p in b.proposals:
            v = p.view
            cells = [md(common.label(v.positions.get(party))) for party in b.parties]
            out.append(f"| {md(v.title)} (`{md(v.id)}`) | {md(v.status)} | {v.revision} | " + " | ".join(cells) + " |")
        out += ["", md(common.legend())]
    else:
        out.append("No proposal had been proposed by this date.")
    out += ["", f"## What changed since {b.since.isoformat()}", ""]
    out += [f"- {md(common.change_line(c))}" for c in b.changes] or ["Nothing changed."]
    out += ["", "## Proposals"]
    for p in b.proposals:
        out += _proposal(b, p)
    if b.sources:
        out += ["", "## Sources", ""]
        out += [f"[^{i}]: {md(common.source_text(s))}" for i, s in enumerate(b.sources, 1)]
    return "\n".join(out) + "\n"


def _proposal(b: Briefing, p: ProposalBrief) -> list[str]:
    v = p.view
    status_notes = "".join(notes(b.citations.get(eid, ())) for eid in p.deciding)
    out = ["", f"### {md(v.title)}", "",
           f"`{md(v.id)}` · {md(v.kind.replace('_', ' '))} · proposed by {md(v.proposed_by)} on {md(v.proposed_on)}"
           f" · revision {v.revision}" + (f" · last change {md(v.last_change)}" if v.last_change else ""), "",
           f"**{md(v.status.replace('_', ' '))}**: {md(p.why.split(': ', 1)[-1])}{status_notes}", "",
           "| party | position | since | revision | event | details | sources |",
           "|---|---|---|--:|---|---|---|"]
    for party, pos in v.positions.items():
        event = b.events.get(pos.event_id or "")
        out.append(f"| {md(party)} | {md(common.label(pos))} | {md(pos.since or '')} | {pos.revision or ''} | "
                   f"{md(pos.event_id or '')} | {md(common.position_detail(pos, event))} | "
                   f"{notes(b.citations.get(pos.event_id or '', ()))} |")
    if v.violations:
        disputed = sum(1 for x in v.violations if x.disputed)
        out += ["", f"Violation reports ({len(v.violations)}, {disputed} disputed):", ""]
        for x in v.violations:
            mark = f" — **disputed by {md(', '.join(x.disputed_by))}**" if x.disputed else ""
            out.append(f"- {md(common.violation_text(x))}{mark}{notes(b.citations.get(x.event_id, ()))}")
    return out
