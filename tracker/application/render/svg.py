"""Swimlanes as inline SVG: one lane per party, coloured by position, from the proposal's start to the as-of date."""

from __future__ import annotations

from datetime import date
from html import escape

from tracker.application.brief import Lane
from tracker.application.render.common import COLOURS, SYMBOLS
from tracker.application.why import day_text

WIDTH, LABEL, LANE, GAP, AXIS = 720, 44, 14, 4, 16


def swimlanes(lanes: tuple[Lane, ...], as_of: date, since: date) -> str:
    """An SVG of the lanes; every segment has a <title> (shown on hover) saying the position and its dates."""
    if not lanes:
        return ""
    start = min(seg[0] for lane in lanes for seg in lane.segments)
    end = as_of.toordinal() + 1
    span = max(1, end - start.toordinal())
    plot = WIDTH - LABEL - 4

    def x(day: date | int) -> float:
        ordinal = day if isinstance(day, int) else day.toordinal()
        return round(LABEL + (ordinal - start.toordinal()) * plot / span, 1)

    height = len(lanes) * (LANE + GAP) + AXIS
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lanes" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-label="positions over time">']
    for i, lane in enumerate(lanes):
        y = i * (LANE + GAP)
        out.append(f'<text x="0" y="{y + LANE - 3}" class="party">{escape(lane.party)}</text>')
        for j, (day, position, stale) in enumerate(lane.segments):
            until = lane.segments[j + 1][0].toordinal() if j + 1 < len(lane.segments) else end
            width = max(0.5, round(x(until) - x(day), 1))
            last = day_text(date.fromordinal(until - 1))
            tip = f"{lane.party} {position}{' (stale)' if stale else ''}: {day_text(day)} to {last}"
            faded = ' fill-opacity="0.4"' if stale else ""
            out.append(f'<rect x="{x(day)}" y="{y}" width="{width}" height="{LANE}" fill="{COLOURS.get(position, "#999")}"'
                       f'{faded}><title>{escape(tip)}</title></rect>')
            if width > 14:
                out.append(f'<text x="{x(day) + 2}" y="{y + LANE - 3}" class="sym">{SYMBOLS.get(position, "?")}</text>')
    axis = len(lanes) * (LANE + GAP) + AXIS - 4
    out.append(f'<text x="{LABEL}" y="{axis}" class="axis">{day_text(start)}</text>')
    out.append(f'<text x="{WIDTH}" y="{axis}" class="axis" text-anchor="end">{day_text(as_of)}</text>')
    if start < since <= as_of:
        out.append(f'<line x1="{x(since)}" x2="{x(since)}" y1="0" y2="{axis - 10}" class="since"/>')
    out.append("</svg>")
    return "".join(out)
