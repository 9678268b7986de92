"""How the overview's columns share the width (after k9s and lazygit): the fixed columns take their natural
width, the title takes the rest, and party columns that do not fit scroll under the pinned ones."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.application.views import ProposalView

TITLE_LEAST = 20
"""The narrowest the title gets while party columns are left out of view (they scroll instead)."""
TITLE_SHARE = 0.4
"""At most this share of the width goes to titles while party columns are left out of view."""


@dataclass(frozen=True)
class ColumnView:
    """Which columns are drawn at one width, how wide, and how many party columns are out of view."""

    columns: tuple[tuple[int, int], ...]  # (column index, width)
    hidden_left: int = 0
    hidden_right: int = 0


def fit_columns(natural: list[int], width: int, pinned: int, offset: int) -> ColumnView:
    """Lay out columns of `natural` widths (column 0: the title) across `width` cells.

    The first `pinned` columns always show; the title takes the width the others leave. If every column
    cannot show with a title of TITLE_LEAST, the party columns from `offset` on show as far as they fit.
    Each column is followed by two spaces, and a row starts with one.
    """
    fixed = 1 + sum(w + 2 for w in natural[1:pinned])
    parties = list(range(pinned, len(natural)))
    every = sum(natural[i] + 2 for i in parties)
    title_room = width - fixed - 2
    if title_room - every >= min(TITLE_LEAST, natural[0]) or not parties:
        return ColumnView(((0, max(1, title_room - every)), *((i, natural[i]) for i in range(1, len(natural)))))
    title = max(min(TITLE_LEAST, natural[0]), min(natural[0], int(width * TITLE_SHARE)))
    offset = max(0, min(offset, len(parties) - 1))
    room = title_room - title
    shown: list[int] = []
    for i in parties[offset:]:
        if natural[i] + 2 > room and shown:
            break
        shown.append(i)
        room -= natural[i] + 2
    hidden_right = len(parties) - offset - len(shown)
    marker = len(f"▶ +{hidden_right}") - 1 if hidden_right else 0  # drawn over the last gap and beyond
    title = max(1, title + room - marker)  # what is left over goes to the titles
    columns = ((0, title), *((i, natural[i]) for i in range(1, pinned)), *((i, natural[i]) for i in shown))
    return ColumnView(columns, offset, hidden_right)


def party_order(views: tuple[ProposalView, ...]) -> list[str]:
    """Parties by how many proposals they take part in, then by first appearance."""
    seen: dict[str, int] = {}
    for view in views:
        for party in (*view.parties, *view.positions):
            seen[party] = seen.get(party, 0) + 1
    first = list(seen)
    return sorted(seen, key=lambda p: (-seen[p], first.index(p)))
