"""A deterministic synthetic journal: seeded, valid against the tracker's rules, at any size.

`generate(n_events, seed)` returns the text of YAML event files: first a registry (about forty
parties with aliases, a few hundred sources), then batches of events in recording order. The
same (n_events, seed) always gives the same bytes.

What the journal looks like, so that the measurements see realistic work:

- about 300 proposals (fewer below 15,000 events): a tenth open in the first 1% of the events,
  the rest one after another over 2014-2025; events go mostly to recently opened proposals,
  with a long tail to old ones;
- the event mix: violation reports 45%, talks 12%, positions (accepted, rejected, reviewing,
  countered) 25%, some naming terms or with conditions, amendments 4%, withdrawals 2%,
  in_force/ended 3%, retractions 2%, and the `proposed` events;
- dates run forward with the recording order, but about 5% are late-recorded (dated days to
  a year back) and about 5% are imprecise (a month or a year);
- parties are written by id or, one time in five, by an alias; most events cite registered
  sources, a few inline ones; three in four carry an explicit id, the rest get derived ids.

The rules it keeps (DOMAIN.md, "What is refused"): one `proposed` per proposal, recorded
before any other of its events and dated no later than them; terms named by positions and
violations are the proposal's original terms, which amendments never remove (they add new
terms, replace the text of originals, and remove only terms an earlier amendment added, so that
a text never holds more than its originals and six added clauses);
retractions name an earlier event of the same proposal, never a retraction, never twice;
counter proposals name proposals opened earlier; every date is before 2026-01-01.

`tail(n_events, seed, tail_events)` continues the same journal past the stored part: one file
of `tail_events` more events (dated July-December 2025, some late-recorded into the past),
valid when appended on top of the store built from `generate(n_events, seed)`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

GENERATOR_VERSION = 2
STORE_FIRST = date(2014, 1, 1).toordinal()
STORE_LAST = date(2025, 6, 30).toordinal()
TAIL_FIRST = date(2025, 7, 1).toordinal()
TAIL_LAST = date(2025, 12, 31).toordinal()

PARTIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("UA", "Ukraine", ("Kyiv", "Kiev")),
    ("RU", "Russia", ("Kremlin", "Moscow")),
    ("US", "United States", ("Washington", "White House")),
    ("EU", "European Union", ("Brussels",)),
    ("TR", "Turkey", ("Ankara", "Türkiye")),
    ("SA", "Saudi Arabia", ("Riyadh",)),
    ("UK", "United Kingdom", ("London", "Britain")),
    ("FR", "France", ("Paris", "Elysee")),
    ("DE", "Germany", ("Berlin",)),
    ("PL", "Poland", ("Warsaw",)),
    ("CN", "China", ("Beijing", "PRC")),
    ("IN", "India", ("New Delhi",)),
    ("BR", "Brazil", ("Brasilia",)),
    ("ZA", "South Africa", ("Pretoria",)),
    ("QA", "Qatar", ("Doha",)),
    ("AE", "United Arab Emirates", ("Abu Dhabi", "UAE")),
    ("VA", "Holy See", ("Vatican",)),
    ("UNO", "United Nations", ("UN", "UN Secretariat")),
    ("NATO", "North Atlantic Treaty Organization", ("Alliance",)),
    ("OSCE", "Organization for Security and Co-operation in Europe", ("OSCE SMM",)),
    ("ICRC", "International Committee of the Red Cross", ("Red Cross",)),
    ("IAEA", "International Atomic Energy Agency", ("Atomic agency",)),
    ("HU", "Hungary", ("Budapest",)),
    ("SK", "Slovakia", ("Bratislava",)),
    ("BY", "Belarus", ("Minsk",)),
    ("MD", "Moldova", ("Chisinau",)),
    ("GE", "Georgia", ("Tbilisi",)),
    ("KZ", "Kazakhstan", ("Astana",)),
    ("IL", "Israel", ("Jerusalem",)),
    ("EG", "Egypt", ("Cairo",)),
    ("JO", "Jordan", ("Amman",)),
    ("IT", "Italy", ("Rome",)),
    ("ES", "Spain", ("Madrid",)),
    ("NL", "Netherlands", ("The Hague",)),
    ("CH", "Switzerland", ("Bern",)),
    ("AT", "Austria", ("Vienna",)),
    ("FI", "Finland", ("Helsinki",)),
    ("JP", "Japan", ("Tokyo",)),
    ("CA", "Canada", ("Ottawa",)),
    ("AU", "Australia", ("Canberra",)),
)
MEDIATORS = ("US", "TR", "UNO", "EU", "SA", "CN", "QA", "VA", "FR", "AE", "OSCE", "ICRC", "ZA", "BR", "CH")
KINDS = ("full_ceasefire", "partial_ceasefire", "maritime", "humanitarian", "framework", "other")
TITLES = ("Full ceasefire", "Energy strike pause", "Maritime corridor", "Humanitarian pause", "Framework accord",
          "Prisoner exchange", "Nuclear plant safety zone", "Grain corridor", "Local truce", "Peace plan")
TERMS = ("Halt of hostilities along the line of contact", "No strikes on energy infrastructure",
         "Safe passage for civilian shipping", "Exchange of prisoners all for all", "Monitoring by a neutral mission",
         "Withdrawal of heavy weapons 15 km from the line", "Demining of agricultural land",
         "Return of deported children", "Reopening of humanitarian corridors", "Freeze of air and drone strikes",
         "Protection of the nuclear plant perimeter", "Lifting of selected sanctions",
         "Security guarantees by third states", "Elections within a year", "Reconstruction fund")
CONDITIONS = ("Independent monitoring in place", "Simultaneous halt by the other side", "Prior prisoner exchange",
              "Guarantees by a third state", "Sanctions relief on agricultural exports", "Parliamentary approval")
LOCATIONS = ("Istanbul", "Geneva", "Riyadh", "Jeddah", "Minsk", "Doha", "Vienna", "Abu Dhabi", "Vatican City",
             "Ankara", "Helsinki", "New York", "Budapest", "Oslo", "Video call")
OUTLETS = ("Dutch daily", "Kyiv Independent", "Reuters", "Associated Press", "TASS", "Le Monde", "Der Spiegel",
           "Gazeta Wyborcza", "Al Jazeera", "Anadolu", "BBC", "Nikkei", "Yle")
LANGUAGES = ("en", "nl", "uk", "ru", "fr", "de", "pl", "ar", "tr", "fi", "ja")
END_REASONS = ("expired", "terminated", "collapsed", "superseded")
N_SOURCES = 240

# Type weights of the events that are not `proposed` (percent of all events, roughly).
WEIGHTS = {
    "violation_reported": 45, "talks_held": 12, "accepted": 9, "rejected": 6, "reviewing": 6, "countered": 4,
    "amended": 4, "withdrawn": 2, "in_force": 2, "ended": 1, "retracted": 2,
}
_TYPES = tuple(WEIGHTS)
_CUMULATIVE = tuple(sum(list(WEIGHTS.values())[: i + 1]) for i in range(len(WEIGHTS)))
RETRACTABLE = frozenset({"accepted", "rejected", "reviewing", "countered", "violation_reported", "talks_held"})
_ALIASES = {pid: (pid, name, *aliases) for pid, name, aliases in PARTIES}


def default_chunk(n_events: int) -> int:
    """Events per batch file: ten batches up to 10^5 events, 10,000 events each above."""
    return max(1_000, min(10_000, n_events // 10))


def proposal_count(n_events: int) -> int:
    return min(300, max(20, n_events // 50))


@dataclass
class _Proposal:
    index: int
    id: str
    proposer: str
    required: tuple[str, ...]
    cast: tuple[str, ...]
    start: int  # ordinal of its `proposed` date's start
    terms: tuple[str, ...]
    added: list[str] = field(default_factory=list)  # terms added by amendments and still present
    next_term: int = 1
    revision: int = 1
    retractable: list[str] = field(default_factory=list)


class Journal:
    """Walks the journal event by event; `events()` yields each event's YAML text in recording order."""

    def __init__(self, n_events: int, seed: int, tail_events: int = 0) -> None:
        self.n_events, self.tail_events = n_events, tail_events
        self.rng = random.Random(f"tracker-bench/{GENERATOR_VERSION}/{seed}")
        self.proposals: list[_Proposal] = []
        self.seq = 0
        n_open = proposal_count(n_events)
        # A tenth of the proposals open in the first 1% of the events, the rest at random: the early events
        # are not all poured into the first one or two proposals.
        early = max(1, n_open // 10)
        self.opening = {0, *self.rng.sample(range(1, max(early + 1, n_events // 100)), early - 1),
                        *self.rng.sample(range(1, n_events), n_open - early)}
        while len(self.opening) < n_open:  # the two draws may overlap
            self.opening.add(self.rng.randrange(1, n_events))
        tail_rng = random.Random(f"tracker-bench/tail/{GENERATOR_VERSION}/{seed}")  # leaves the stored part as it is
        self.tail_opening = set(tail_rng.sample(range(tail_events), max(1, tail_events // 20_000))) if tail_events else set()
        self.sources = [f"src-{i:04d}" for i in range(1, N_SOURCES + 1)]

    # -- files -----------------------------------------------------------------------------------
    def registry(self) -> str:
        rng = random.Random(f"tracker-bench/registry/{GENERATOR_VERSION}")
        lines = ["# Synthetic registry for the tracker's benchmarks: parties with aliases, and sources.", "parties:"]
        for pid, name, aliases in PARTIES:
            lines.append(f"  - {{id: {pid}, name: {name}, aliases: [{', '.join(aliases)}]}}")
        lines.append("sources:")
        for sid in self.sources:
            published = date.fromordinal(rng.randint(STORE_FIRST, TAIL_LAST)).isoformat()
            lines.append(f"  - id: {sid}\n    outlet: {rng.choice(OUTLETS)}\n    published: {published}\n"
                         f"    language: {rng.choice(LANGUAGES)}")
        return "\n".join(lines) + "\n"

    def store_files(self, chunk: int) -> Iterator[str]:
        """The registry, then the stored events in batches of `chunk`."""
        yield self.registry()
        batch: list[str] = []
        count, number = (self.n_events + chunk - 1) // chunk, 0
        for text in self.events(self.n_events, STORE_FIRST, STORE_LAST, self.opening):
            batch.append(text)
            if len(batch) == chunk:
                number += 1
                yield _file(batch, number, count)
                batch = []
        if batch:
            yield _file(batch, count, count)

    def tail_file(self) -> str:
        """One more file of `tail_events` events, to append on top of the stored ones."""
        for _ in self.events(self.n_events, STORE_FIRST, STORE_LAST, self.opening):
            pass
        texts = list(self.events(self.tail_events, TAIL_FIRST, TAIL_LAST, self.tail_opening))
        return _file(texts, 1, 1, "late-2025 events appended on top of the stored journal")

    # -- events ----------------------------------------------------------------------------------
    def events(self, n: int, first: int, last: int, opening: set[int]) -> Iterator[str]:
        span = last - first
        for k in range(n):
            day = first + (span * k) // n
            if k in opening or not self.proposals:
                yield self._proposed(day)
            else:
                yield self._event(day)
            self.seq += 1

    def _proposed(self, day: int) -> str:
        rng = self.rng
        index = len(self.proposals)
        proposer = rng.choice(MEDIATORS)
        if rng.random() < 0.7:
            required: tuple[str, ...] = ("UA", "RU")
        else:
            required = tuple(rng.sample([p[0] for p in PARTIES if p[0] != proposer], rng.choice((2, 2, 3))))
        others = rng.sample([p[0] for p in PARTIES if p[0] != proposer and p[0] not in required], rng.randint(1, 4))
        cast = (proposer, *required, *others)
        terms = tuple(f"t{i}" for i in range(1, rng.randint(2, 6) + 1))
        title = rng.choice(TITLES)
        pid = f"{title.lower().replace(' ', '-')}-{date.fromordinal(day).year}-{index:03d}"
        date_text = _imprecise(rng, day) if rng.random() < 0.1 else date.fromordinal(day).isoformat()
        lines = self._head("proposed", pid, date_text, with_id=True)
        self.proposals.append(_Proposal(index, pid, proposer, required, cast, _start_of(lines), terms))
        lines.append(f"    party: {self._party(proposer)}")
        lines.append(f"    title: {title} {index}")
        lines.append(f"    kind: {rng.choice(KINDS)}")
        lines.append(f"    parties: [{', '.join(self._party(p) for p in required)}]")
        if rng.random() < 0.6:
            lines.append(f"    duration_days: {rng.choice((14, 30, 60, 90, 180, 365))}")
        if index > 0 and rng.random() < 0.1:
            lines.append(f"    counter_to: {rng.choice(self.proposals[:-1]).id}")
        lines.append("    terms:")
        lines += [f"      - {{id: {t}, text: {rng.choice(TERMS)}}}" for t in terms]
        return self._tail(lines)

    def _pick(self) -> _Proposal:
        rng, n = self.rng, len(self.proposals)
        back = int(rng.expovariate(1 / 25)) if rng.random() < 0.75 else n
        return self.proposals[n - 1 - back if back < n else rng.randrange(n)]

    def _event(self, day: int) -> str:
        rng = self.rng
        kind = _TYPES[_bisect(_CUMULATIVE, rng.random() * _CUMULATIVE[-1])]
        p = self._pick()
        if kind == "retracted" and not p.retractable:
            kind = "violation_reported"
        if kind == "countered" and len(self.proposals) < 2:
            kind = "reviewing"
        if kind not in ("amended", "retracted"):
            if rng.random() < 0.05:  # recorded late: dated days (sometimes months) back
                back = int(rng.expovariate(1 / 10)) + 1 if rng.random() < 0.85 else rng.randint(30, 365)
                day -= back
            day = max(day, p.start)
            date_text = _imprecise(rng, day) if rng.random() < 0.05 else date.fromordinal(day).isoformat()
        else:
            day = max(day, p.start)
            date_text = date.fromordinal(day).isoformat()
        with_id = kind not in ("violation_reported", "talks_held") or rng.random() < 0.5
        lines = self._head(kind, p.id, date_text, with_id)
        getattr(self, "_" + kind)(p, lines)
        if with_id and kind in RETRACTABLE:
            p.retractable.append(self._id())
        return self._tail(lines)

    def _head(self, kind: str, proposal: str, date_text: str, with_id: bool) -> list[str]:
        lines = [f"  - id: {self._id()}", f"    type: {kind}"] if with_id else [f"  - type: {kind}"]
        lines.append(f"    proposal: {proposal}")
        lines.append(f"    date: {date_text}")
        return lines

    def _tail(self, lines: list[str]) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.7:
            lines.append(f"    sources: [{', '.join(rng.sample(self.sources, rng.choice((1, 1, 2))))}]")
        elif r < 0.78:
            published = date.fromordinal(rng.randint(STORE_FIRST, TAIL_LAST)).isoformat()
            lines.append(f"    sources:\n      - {{outlet: {rng.choice(OUTLETS)}, published: {published}, "
                         f"url: \"https://news.example.org/{self.seq}\"}}")
        r = rng.random()
        if r < 0.25:
            lines.append("    confidence: confirmed")
        elif r < 0.4:
            lines.append("    confidence: claimed")
        if rng.random() < 0.1:
            lines.append(f"    note: Recorded from the daily briefing, item {self.seq % 97}")
        return "\n".join(lines)

    def _id(self) -> str:
        return f"x{self.seq:07d}"

    def _party(self, pid: str) -> str:
        return self.rng.choice(_ALIASES[pid][1:]) if self.rng.random() < 0.2 else pid

    def _speaker(self, p: _Proposal) -> str:
        rng = self.rng
        return rng.choice(p.required) if rng.random() < 0.7 else rng.choice(p.cast[1:])

    def _some_terms(self, p: _Proposal) -> str:
        return ", ".join(self.rng.sample(p.terms, self.rng.randint(1, min(2, len(p.terms)))))

    # one method per event type: each adds its fields to `lines`
    def _amended(self, p: _Proposal, lines: list[str]) -> None:
        """A new revision: the text keeps a bounded number of clauses (the originals and up to six added)."""
        rng = self.rng
        p.revision += 1
        party = p.proposer if rng.random() < 0.7 else rng.choice(p.cast)
        lines.append(f"    party: {self._party(party)}")
        if p.added and (len(p.added) >= 6 or rng.random() < 0.25):
            lines.append(f"    remove_terms: [{p.added.pop(rng.randrange(len(p.added)))}]")
        if rng.random() < 0.6:
            new = f"a{p.next_term}"
            p.next_term += 1
            p.added.append(new)
            lines.append(f"    add_terms:\n      - {{id: {new}, text: {rng.choice(TERMS)} (revision {p.revision})}}")
        if rng.random() < 0.4 or not lines[-1].startswith(("    add_terms", "    remove_terms")):
            lines.append(f"    replace_terms:\n      - {{id: {rng.choice(p.terms)}, text: {rng.choice(TERMS)} "
                         f"as revised in revision {p.revision}}}")
        if rng.random() < 0.2:
            lines.append(f"    duration_days: {rng.choice((30, 60, 90))}")
        if rng.random() < 0.15:
            lines.append(f"    title: Revised {rng.choice(TITLES).lower()} {p.index}")

    def _accepted(self, p: _Proposal, lines: list[str]) -> None:
        rng = self.rng
        lines.append(f"    party: {self._party(self._speaker(p))}")
        if rng.random() < 0.3:
            lines.append(f"    terms: [{self._some_terms(p)}]")
        if rng.random() < 0.3:
            lines.append(f"    conditions: [{', '.join(rng.sample(CONDITIONS, rng.randint(1, 2)))}]")

    def _rejected(self, p: _Proposal, lines: list[str]) -> None:
        rng = self.rng
        lines.append(f"    party: {self._party(self._speaker(p))}")
        if rng.random() < 0.3:
            lines.append(f"    terms: [{self._some_terms(p)}]")
        if rng.random() < 0.5:
            lines.append(f"    reason: Unacceptable without {rng.choice(CONDITIONS).lower()}")

    def _reviewing(self, p: _Proposal, lines: list[str]) -> None:
        lines.append(f"    party: {self._party(self._speaker(p))}")

    def _countered(self, p: _Proposal, lines: list[str]) -> None:
        others = [q for q in self.proposals[-40:] if q is not p] or [q for q in self.proposals if q is not p]
        lines.append(f"    party: {self._party(self._speaker(p))}")
        lines.append(f"    counter_proposal: {self.rng.choice(others).id}")

    def _withdrawn(self, p: _Proposal, lines: list[str]) -> None:
        party = p.proposer if self.rng.random() < 0.2 else self._speaker(p)
        lines.append(f"    party: {self._party(party)}")

    def _in_force(self, p: _Proposal, lines: list[str]) -> None:
        rng = self.rng
        if rng.random() < 0.3:
            lines.append(f"    party: {self._party(p.proposer)}")
        if rng.random() < 0.2:  # takes effect a few days after it was announced
            starts = min(_start_of(lines) + rng.randint(0, 14), TAIL_LAST)
            lines.append(f"    starts: {date.fromordinal(starts).isoformat()}")
        if rng.random() < 0.6:
            lines.append(f"    duration_days: {rng.choice((7, 14, 30, 60, 90, 180, 365))}")

    def _ended(self, p: _Proposal, lines: list[str]) -> None:
        lines.append(f"    reason: {self.rng.choice(END_REASONS)}")

    def _violation_reported(self, p: _Proposal, lines: list[str]) -> None:
        rng = self.rng
        accuser = self._speaker(p)
        accused = rng.choice([q for q in p.required if q != accuser] or [q for q in p.cast if q != accuser])
        lines.append(f"    party: {self._party(accuser)}")
        lines.append(f"    against: {self._party(accused)}")
        if rng.random() < 0.25:
            lines.append(f"    terms: [{self._some_terms(p)}]")
        if rng.random() < 0.3:
            lines.append(f"    disputed_by: [{self._party(accused)}]")
        lines.append(f"    description: Shelling reported near {rng.choice(LOCATIONS)}, report {self.seq}")

    def _talks_held(self, p: _Proposal, lines: list[str]) -> None:
        rng = self.rng
        who = rng.sample(p.cast, min(len(p.cast), rng.randint(2, 4)))
        lines.append(f"    participants: [{', '.join(self._party(q) for q in who)}]")
        lines.append(f"    location: {rng.choice(LOCATIONS)}")
        lines.append(f"    outcome: Round {self.seq} ended without a joint statement")

    def _retracted(self, p: _Proposal, lines: list[str]) -> None:
        target = p.retractable.pop(self.rng.randrange(len(p.retractable)))
        lines.append(f"    retracts: {target}")
        lines.append("    reason: The report was wrong; corrected after checking with a second source")


def _start_of(lines: list[str]) -> int:
    """The first day of the event's own date (written as a day, a month or a year)."""
    text = next(line for line in lines if line.startswith("    date: "))[10:]
    return date.fromisoformat(text + "-01-01"[len(text) - 4 :]).toordinal()


def _imprecise(rng: random.Random, day: int) -> str:
    d = date.fromordinal(day)
    return f"{d.year:04d}-{d.month:02d}" if rng.random() < 0.8 else f"{d.year:04d}"


def _bisect(cumulative: tuple[int, ...], x: float) -> int:
    for i, c in enumerate(cumulative):
        if x < c:
            return i
    return len(cumulative) - 1


def _file(events: list[str], number: int, count: int, what: str = "") -> str:
    head = f"# Synthetic benchmark batch {number} of {count}" + (f": {what}" if what else "") + "\nevents:\n"
    return head + "\n".join(events) + "\n"


def iter_files(n_events: int, seed: int, chunk: int | None = None) -> Iterator[str]:
    """Like `generate`, one file at a time (the registry first)."""
    yield from Journal(n_events, seed).store_files(chunk or default_chunk(n_events))


def generate(n_events: int, seed: int, chunk: int | None = None) -> list[str]:
    """The registry file, then `n_events` events in batch files of `chunk` events (see `default_chunk`)."""
    return list(iter_files(n_events, seed, chunk))


def tail(n_events: int, seed: int, tail_events: int) -> str:
    """`tail_events` more events in one file, valid on top of the store built from `generate(n_events, seed)`."""
    return Journal(n_events, seed, tail_events).tail_file()
