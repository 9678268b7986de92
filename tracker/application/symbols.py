"""The one-character marks of positions, shared by the command line, the dashboard and briefings."""

from __future__ import annotations

SYMBOLS: dict[str, str] = {
    "proposer": "●", "accepted": "✔", "conditional": "✔?", "partial": "◑", "reviewing": "◐",
    "countered": "↺", "rejected": "✘", "withdrawn": "⊘", "unknown": "·",
}
