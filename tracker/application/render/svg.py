"""Swimlanes as inline SVG: one lane per party, coloured by position, from the proposal's start to the as-of date."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from tracker.application.brief import Lane
from tracker.application.render.common import COLOURS, SYMBOLS
from tracker.application.why import day_text

WIDTH, LABEL, LANE, GAP, AXIS = 720, 44, 14, 4, 16


def swimlanes(lanes: tuple[Lane, ...], as_of: date, since: date) -> str:
    """An SVG of the lanes; every segment has a <title> (shown on hover) saying the position and its dates.

    Segments are snapped to whole pixels of the 720-pixel drawing; see `_visible`.
    """
    if not lanes:
        return ""
    first = min(seg[0] for lane in lanes for seg in lane.segments).toordinal()
    end = as_of.toordinal() + 1
    per_day = (WIDTH - LABEL - 4) / max(1, end - first)
    height = len(lanes) * (LANE + GAP) + AXIS
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lanes" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-label="positions over time">']
    for i, lane in enumerate(lanes):
        y = i * (LANE + GAP)
        party = escape(lane.party)
        out.append(f'<text x="0" y="{y + LANE - 3}" class="party">{party}</text>')
        segments = _visible(lane.segments, first, per_day)
        bounds = [LABEL + int((d.toordinal() - first) * per_day) for d, _, _ in segments]
        bounds.append(LABEL + int((end - first) * per_day))
        for j, (day, position, stale) in enumerate(segments):
            last = segments[j + 1][0] - _ONE_DAY if j + 1 < len(segments) else as_of
            left, width = bounds[j], max(1, bounds[j + 1] - bounds[j])
            faded = ' fill-opacity="0.4"' if stale else ""
            out.append(f'<rect x="{left}" y="{y}" width="{width}" height="{LANE}" fill="{COLOURS.get(position, "#999")}"'
                       f'{faded}><title>{party} {position}{" (stale)" if stale else ""}: {day.isoformat()} to '
                       f'{last.isoformat()}</title></rect>')
            if width > 14:
                out.append(f'<text x="{left + 2}" y="{y + LANE - 3}" class="sym">{SYMBOLS.get(position, "?")}</text>')
    axis = len(lanes) * (LANE + GAP) + AXIS - 4
    out.append(f'<text x="{LABEL}" y="{axis}" class="axis">{day_text(date.fromordinal(first))}</text>')
    out.append(f'<text x="{WIDTH}" y="{axis}" class="axis" text-anchor="end">{day_text(as_of)}</text>')
    if first < since.toordinal() <= as_of.toordinal():
        at = LABEL + int((since.toordinal() - first) * per_day)
        out.append(f'<line x1="{at}" x2="{at}" y1="0" y2="{axis - 10}" class="since"/>')
    out.append("</svg>")
    return "".join(out)


_ONE_DAY = timedelta(days=1)


def _visible(segments: tuple[tuple[date, str, bool], ...], first: int,
             per_day: float) -> list[tuple[date, str, bool]]:
    """The segments a reader can see: one that would be drawn narrower than a pixel gives way to the next.

    A long history has thousands of changes; drawing each would make a file of megabytes that no
    screen or printer can show. Each pixel keeps the position held at its end.
    """
    kept: list[tuple[date, str, bool]] = []
    pixels: list[int] = []
    for segment in segments:
        pixel = int((segment[0].toordinal() - first) * per_day)
        if pixels and pixels[-1] == pixel:
            kept.pop()
            pixels.pop()
        if kept and kept[-1][1:] == segment[1:]:
            continue  # the same position again once the hidden one is gone: one segment
        kept.append(segment)
        pixels.append(pixel)
    return kept
