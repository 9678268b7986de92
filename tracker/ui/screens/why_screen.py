"""Why a cell says what it says: a party's position traced to its events, or the status and its rule.

Opened with `w` from the overview (the selected row) and from the proposal view; `←`/`→` move between
the status and each party, `enter` on an event opens the event view. It follows the dashboard's time.

Dates show as everywhere on the dashboard (format_date); `tracker why` keeps them as written. Event ids are
what analysts copy into `retracts:`, so the table gives the id column the width of its longest id and the
other columns share what is left; the selected event is also described whole, id first, above the table.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from tracker.application.views import EventView
from tracker.application.why import (
    PartyWhy,
    StatusWhy,
    WhyError,
    disputed_note,
    explain_party,
    explain_status,
    party_sentence,
    status_reason,
)
from tracker.domain.date_display import format_date
from tracker.text import inert, one_line
from tracker.ui.messages import OpenEvent
from tracker.ui.screens.following import FollowingScreen
from tracker.ui.timecontrol import When
from tracker.ui.widgets.style import SYMBOLS
from tracker.ui.widgets.key_footer import KeyFooter
from tracker.ui.widgets.time_header import TimeHeader

ROLES = {"deciding": "decides it", "replaced": "replaced", "made_stale": "made stale", "retracted": "retracted",
         "violation": "violation"}


class EventsTable(DataTable[Text]):
    """The events behind an explanation; `home`/`end` go to the first/last event, as in every table."""

    BINDINGS = [
        Binding("home", "scroll_top", "first", show=False),
        Binding("end", "scroll_bottom", "last", show=False),
    ]


Row = tuple[str, EventView, str]  # role, event, what else to say of it (disputed, retracted by, who reports whom)


class WhyScreen(FollowingScreen):
    """The explanation of one proposal's status (party None) or of one party's position on it."""

    # The dashboard's stylesheet is shared; this screen's few rules stay with it.
    DEFAULT_CSS = """
    WhyScreen #why-parties { height: 1; padding: 0 1; background: $panel; }
    WhyScreen #why-body { height: auto; max-height: 50%; padding: 0 1; }
    WhyScreen #why-text { height: auto; }
    WhyScreen #why-selected { height: auto; margin-top: 1; }
    WhyScreen #why-events { height: 1fr; min-height: 4; margin: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", "back", id="why.back", tooltip="Back to the previous screen"),
        Binding("left", "move(-1)", "prev", priority=True, id="why.previous",
                tooltip="Explain the status, or the previous party"),
        Binding("right", "move(1)", "next", priority=True, id="why.next",
                tooltip="Explain the next party's position"),
        Binding("enter", "open_event", "event", show=False, id="why.open_event", tooltip="Open the selected event"),
    ]

    def __init__(self, proposal: str, party: str | None = None) -> None:
        super().__init__()
        self.proposal = proposal
        self.party = party
        self.parties: list[str] = []  # the status first (None), then every party with a column
        self.explained: PartyWhy | StatusWhy | None = None
        self.rows: dict[str, Row] = {}  # the table's events by id

    def compose(self) -> ComposeResult:
        yield TimeHeader(id="time-header")
        yield Static(id="why-parties")
        with VerticalScroll(id="why-body"):
            yield Static(Text(f"loading why for {inert(self.proposal)} …", style="dim"), id="why-text")
            yield Static(id="why-selected")
        yield EventsTable(id="why-events", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "when", self._time_moved, init=False)
        self.watch(self.app, "head", self._time_moved, init=False)
        self.query_one("#why-events", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.app.when, self.party)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="why")
    def _load(self, when: When, party: str | None) -> None:
        queries = self.app.queries  # type: ignore[attr-defined]
        try:
            explained: PartyWhy | StatusWhy | str
            if party is None:
                explained = explain_status(queries, self.proposal, when.as_of, when.known_on)
            else:
                explained = explain_party(queries, self.proposal, party, when.as_of, when.known_on)
        except WhyError as exc:
            explained = str(exc)
        rows: list[Row] = [] if isinstance(explained, str) else self._rows(explained)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, explained, rows)

    def _show(self, explained: PartyWhy | StatusWhy | str, rows: list[Row]) -> None:
        table = self.query_one("#why-events", DataTable)
        table.clear(columns=True)
        self.rows = {event.id: (role, event, extra) for role, event, extra in rows}
        self.query_one("#why-selected", Static).update("")
        if isinstance(explained, str):
            self.explained = None
            self.query_one("#why-text", Static).update(Text(one_line(explained), style="red"))
            self.query_one("#why-parties", Static).update("")
            return
        self.explained = explained
        self.parties = [None, *explained.proposal.positions]  # type: ignore[list-item]
        self._show_parties()
        self.query_one("#why-text", Static).update(self._text(explained))
        for key, size in self._columns(rows):
            table.add_column(Text(key), key=key, width=size)
        for role, event, extra in rows:
            cells = {"role": ROLES.get(role, role), "date": format_date(event.date), "event": event.id,
                     "type": event.type.replace("_", " "), "party": event.party or "",
                     "confidence": event.confidence, "note": extra}
            table.add_row(*(Text(one_line(cells[str(key.value)])) for key in table.columns), key=event.id)
        if rows:
            self._describe(rows[0][1].id)

    def _columns(self, rows: list[Row]) -> list[tuple[str, int]]:
        """The whole id always; then role, date, and type, party and confidence together, as long as they fit
        whole; the note takes what is left. Each column costs 2 cells of padding. What the table leaves
        out, the line above it says of the selected event."""
        def widest(values: list[str], header: str) -> int:
            return max([len(header), *(len(one_line(v)) for v in values)])

        events = [event for _, event, _ in rows]
        ranked = [[("event", widest([e.id for e in events], "event"))],
                  [("role", widest([ROLES.get(r, r) for r, _, _ in rows], "role"))],
                  [("date", widest([format_date(e.date) for e in events], "date"))],
                  [("type", widest([e.type.replace("_", " ") for e in events], "type")),
                   ("party", widest([e.party or "" for e in events], "party")),
                   ("confidence", widest([e.confidence for e in events], "confidence"))]]
        # The table's margin, and a vertical scrollbar when the rows overflow (the text above takes at most
        # half the screen; header, parties line, column headers and footer take 4 more).
        room = self.size.width - 2 - (2 if len(rows) > self.size.height // 2 - 4 else 0)
        chosen: dict[str, int] = {}
        used = 0
        for i, group in enumerate(ranked):
            need = sum(size + 2 for _, size in group)
            if i and used + need > room:
                break
            chosen.update(group)
            used += need
        rest = room - used - 2
        if rest >= 6:
            chosen["note"] = rest
        order = ["role", "date", "event", "type", "party", "confidence", "note"]
        return [(key, chosen[key]) for key in order if key in chosen]

    def _show_parties(self) -> None:
        line = Text(" why: ", style="bold")
        for i, party in enumerate(self.parties):
            if i:
                line.append(" │ ", style="dim")
            label = "status" if party is None else party
            if self.explained is not None and party is not None:
                pos = self.explained.proposal.positions.get(party)
                label += f" {SYMBOLS.get(pos.position, '?')}" if pos else ""
            line.append(inert(label), style="reverse bold" if party == self.party else "")
        self.query_one("#why-parties", Static).update(line)

    def _text(self, explained: PartyWhy | StatusWhy) -> Text:
        view = explained.proposal
        text = Text()
        text.append(inert(view.title), style="bold")
        text.append(f"  {inert(view.id)} · revision {view.revision}\n", style="dim")
        if isinstance(explained, PartyWhy):  # the sentence again, its dates as the dashboard shows dates
            chain = tuple(reversed(explained.chain))  # party_sentence reads the chain in fold order
            sentence = party_sentence(view, explained.position, chain, format_date)
            text.append(inert(sentence) + "\n")
            pos = explained.position
            if pos.disputed:
                text.append(f"disputed by {', '.join(pos.disputed_by)}", style="bold yellow")
                text.append(": the event behind this position is contested\n")
        else:
            text.append(inert(status_reason(view, explained.effect_event, format_date)[1]) + "\n")
            if view.violations:
                disputed = sum(1 for v in view.violations if v.disputed)
                text.append(f"{len(view.violations)} violation report(s), {disputed} disputed: listed below\n",
                            style="dim")
        text.rstrip()
        return text

    def _describe(self, event_id: str) -> None:
        """The selected event in one line, its id whole and first (the table may have no room for its note)."""
        row = self.rows.get(event_id)
        if row is None:
            return
        role, event, extra = row
        line = Text("▸ ", style="dim")
        line.append(inert(event.id), style="bold")
        what = [format_date(event.date), event.type.replace("_", " "), event.party or "", event.confidence,
                ROLES.get(role, role)]
        line.append("  " + " · ".join(inert(one_line(x)) for x in what if x))
        if extra:
            line.append(" · ")
            line.append(inert(one_line(extra)), style="bold yellow" if "disputed" in extra or "retracted" in extra
                        else "")
        self.query_one("#why-selected", Static).update(line)

    def _rows(self, explained: PartyWhy | StatusWhy) -> list[Row]:
        """The events behind the explanation (read in the worker: the status's events come from the store)."""
        if isinstance(explained, PartyWhy):
            rows = []
            for link in explained.chain:
                extra = disputed_note(link.event.fields)
                if link.role == "retracted":
                    extra = f"retracted by {link.event.retracted_by}" + (f" ({extra})" if extra else "")
                rows.append((link.role, link.event, extra))
            return rows
        queries = self.app.queries  # type: ignore[attr-defined]
        ids = [*explained.deciding, *(v.event_id for v in explained.proposal.violations)]
        found = queries.events(ids, explained.known_on) if ids else {}
        rows = [("deciding", found[eid], disputed_note(found[eid].fields)) for eid in explained.deciding if eid in found]
        for v in explained.proposal.violations:
            if v.event_id in found:
                note = f"{v.reported_by} → {v.by}" + (f" · disputed by {', '.join(v.disputed_by)}" if v.disputed else "")
                rows.append(("violation", found[v.event_id], note))
        return rows

    def action_move(self, step: int) -> None:
        if not self.parties:
            return
        index = self.parties.index(self.party) if self.party in self.parties else 0
        self.party = self.parties[(index + step) % len(self.parties)]
        self._show_parties()
        self.reload()

    def action_open_event(self) -> None:
        table = self.query_one("#why-events", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.post_message(OpenEvent(str(key.value)))

    @on(DataTable.RowHighlighted, "#why-events")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._describe(str(event.row_key.value))

    @on(DataTable.RowSelected, "#why-events")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.post_message(OpenEvent(str(event.row_key.value)))

    def action_back(self) -> None:
        self.app.pop_screen()
