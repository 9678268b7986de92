"""A briefing in long format for spreadsheets and pandas: one row per proposal and party."""

from __future__ import annotations

import csv
import io

from tracker.application.brief import Briefing, instant_text

COLUMNS = ("as_of", "known_on", "proposal", "party", "position", "since", "revision", "stale", "status")


def render(b: Briefing) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)  # RFC 4180: quotes where needed, \r\n line ends
    writer.writerow(COLUMNS)
    as_of, known_on = b.as_of.isoformat(), instant_text(b.known_on)
    for p in b.proposals:
        for party, pos in p.view.positions.items():
            writer.writerow((as_of, known_on, p.view.id, party, pos.position, pos.since or "",
                             "" if pos.revision is None else pos.revision, "true" if pos.stale else "false",
                             p.view.status))
    return buf.getvalue()
