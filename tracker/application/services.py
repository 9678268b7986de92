"""Writing to the tracker: append event files (one atomic batch each), load the bundled data, verify, rebuild."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path as FilePath
from typing import Literal

import orjson

from tracker.application import checking, partial_checks, progress, projector
from tracker.application.refusals import Refusal, from_yaml, in_file_order
from tracker.application.reopening import reopening_problems
from tracker.application.whole_file import Guard, Signature, Unreadable, read_whole, unchanged_guard
from tracker.domain.errors import ConcurrencyConflict, CorruptionFound, Problem, nearest
from tracker.domain.events import BaseEvent, value_of
from tracker.domain.rules import check, future_dates
from tracker.ingest.batch import Batch, Registry, read_batch
from tracker.ingest import yaml_loader
from tracker.ingest.yaml_loader import Locator, YamlRefused, collector_paused, decode, load
from tracker.store import NewEvent, Session, Store, StoredEvent, StoreFailure, VerifyProblem, describe_failure
from tracker.store.serialization import canonical_payload, to_row

Outcome = Literal["appended", "unchanged", "refused", "valid"]
CONFLICT_RETRIES = 5


@dataclass(frozen=True)
class FileOutcome:
    file: str
    outcome: Outcome
    appended: int = 0
    unchanged: int = 0
    refusals: tuple[Refusal, ...] = ()
    positions: tuple[int, int] | None = None
    conflicts: int = 0
    registered: int = 0  # parties and sources added or changed in the registries

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "outcome": self.outcome,
            "appended": self.appended,
            "unchanged": self.unchanged,
            "registered": self.registered,
            "refusals": [r.to_json() for r in self.refusals],
        }


class _Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


@dataclass
class _Plan:
    """What a batch will write, worked out in the transaction that writes it (a dry run's only plans it)."""

    fresh: list[tuple[int, BaseEvent]] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)  # canonical content of each fresh event
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def _dedupe(session: Session, batch: Batch, today: date) -> _Plan:
    plan = _Plan()
    stored = session.events_by_id([e.id for _, e in batch.events if e.id])
    seen: dict[str, tuple[int, str]] = {}
    for i, event in batch.events:
        payload = batch.payloads.get(i) or canonical_payload(event)
        assert event.id is not None
        if event.id in stored:
            row = stored[event.id]
            if row.payload == payload and row.stream_id == event.proposal:
                plan.unchanged += 1
            else:
                plan.problems.append(Problem(("events", i, "id"), f"id '{event.id}' is already used by a different event "
                                             f"(position {row.position}, recorded {row.recorded_at:%Y-%m-%d %H:%M} UTC)",
                                             expected="a new id, or exactly the stored content", found=event.id))
            continue
        if event.id in seen:
            j, earlier = seen[event.id]
            if earlier == payload:
                plan.unchanged += 1
            else:
                plan.problems.append(Problem(("events", i, "id"), f"id '{event.id}' is used by events[{j}] with other content",
                                             expected="a unique id", found=event.id))
            continue
        seen[event.id] = (i, payload)
        plan.problems += [p.under("events", i) for p in future_dates(event, today)]
        plan.fresh.append((i, event))
        plan.payloads.append(payload)
    return plan


_COUNTERS = ("counter_to", "counter_proposal")


def _proposals_named(events: list[tuple[int, BaseEvent]]) -> set[str]:
    """The proposals events belong to, and those they name as countered or as their counter-proposal."""
    return {e.proposal for _, e in events} | {ref for _, e in events for name in _COUNTERS if (ref := value_of(e, name))}


class _Known:
    """The proposals in the store before a batch: looked up for the batch's own references (index seeks, so the
    cost follows the batch, not the store), listed whole only for a 'did you mean'."""

    def __init__(self, session: Session, names: set[str]) -> None:
        self.session = session
        self.names = names
        self.starts = session.proposal_starts(names)  # read before the batch is planned

    def __contains__(self, proposal: object) -> bool:
        if proposal in self.names:
            return proposal in self.starts
        return proposal in self.session.proposal_starts([str(proposal)])

    def is_open(self, proposal: str) -> bool:
        return self.starts.get(proposal) is not None

    def listed(self, opened_only: bool = False) -> list[str]:
        stored = self.session.proposals()  # the plan included: leave out what this batch brings
        return sorted(p for p, start in stored.items() if (p in self.starts or p not in self.names)
                      and (not opened_only or (self.starts[p] if p in self.starts else start) is not None))


def _check_references(session: Session, plan: _Plan, proposals: _Known) -> dict[str, StoredEvent]:
    """Counter proposals and retraction targets must exist (in the store or earlier in the file)."""
    opened: set[str] = set()  # proposed earlier in the file
    targets = session.events_by_id([e.retracts for _, e in plan.fresh if value_of(e, "retracts")])
    earlier: dict[str, BaseEvent] = {}
    retracted_now: set[str] = set()
    for i, event in plan.fresh:
        for name in _COUNTERS:
            ref = value_of(event, name)
            if ref is not None and ref not in opened and not proposals.is_open(ref):
                plan.problems.append(Problem(("events", i, name), f"unknown proposal '{ref}'",
                                             expected="a proposal in the store or proposed earlier in this file",
                                             found=ref, suggestion=nearest(ref, opened | set(proposals.listed(True)))))
        target_id = value_of(event, "retracts")
        if target_id is not None:
            problem = _retraction_problem(session, event, target_id, targets, earlier, retracted_now)
            if problem:
                plan.problems.append(problem.under("events", i))
            retracted_now.add(target_id)
        if event.type == "proposed":  # type: ignore[attr-defined]
            opened.add(event.proposal)
        earlier[event.id or ""] = event
    return targets


def _retraction_problem(session: Session, event: BaseEvent, target_id: str, targets: Mapping[str, StoredEvent],
                        earlier: Mapping[str, BaseEvent], retracted_now: set[str]) -> Problem | None:
    if target_id in targets:
        target_type, target_stream = targets[target_id].type, targets[target_id].stream_id
    elif target_id in earlier:
        target_type, target_stream = earlier[target_id].type, earlier[target_id].proposal  # type: ignore[attr-defined]
    else:
        known = [r.event_id for r in session.stream_events(event.proposal)]
        known += [i for i, e in earlier.items() if e.proposal == event.proposal]
        return Problem(("retracts",), f"unknown event '{target_id}' to retract", expected="the id of a stored event",
                       found=target_id, suggestion=nearest(target_id, known))
    if target_stream != event.proposal:
        return Problem(("retracts",), f"event '{target_id}' belongs to proposal '{target_stream}', not '{event.proposal}'",
                       found=target_id)
    if target_type == "retracted":
        return Problem(("retracts",), f"'{target_id}' is itself a retraction; it cannot be retracted", found=target_id)
    if target_id in retracted_now or target_id in session.retractions(event.proposal):
        return Problem(("retracts",), f"event '{target_id}' is already retracted", found=target_id)
    return None


class Services:
    """The tracker's write side, over one store."""

    def __init__(self, store: Store, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.clock = clock or store.clock

    def registry(self) -> Registry:
        with self.store.session() as session:
            return _registry(session)

    def append_paths(self, paths: Iterable[str | FilePath], dry_run: bool = False) -> list[FileOutcome]:
        """Each file is its own batch; a directory stands for its *.yaml and *.yml files in name order.

        A file that still conflicts after the retries is reported as refused (nothing of it was written),
        and the files after it are still tried: the summary must account for every file. A dry run checks
        each file as if the valid files before it had been appended, then writes nothing at all.
        """
        files = expand(paths)
        progress.start(sum(_size(p) for p in files), "appending")
        if dry_run:
            return self._validate_files(files)
        outcomes = []
        for path in files:
            progress.item(_size(path))
            progress.phase(f"reading {path.name}", 0.0)
            outcomes.append(self.append_one(path))
            progress.advance(_size(path), outcomes[-1].appended + outcomes[-1].unchanged)
        return outcomes

    def append_one(self, path: str | FilePath) -> FileOutcome:
        """Append one file; any failure (a database error too) is this file's refusal, never an exception,
        so that a folder's other files are still tried and every failure is reported for its file."""
        try:
            return self.append_file(path)
        except ConcurrencyConflict as exc:
            return _refused(str(path), f"{exc}; gave up after {CONFLICT_RETRIES} retries")
        except CorruptionFound as exc:
            return _refused(str(path), f"nothing appended: {exc}")
        except StoreFailure as exc:
            return _refused(str(path), f"nothing appended: {describe_failure(exc)}")

    def _validate_files(self, files: list[FilePath]) -> list[FileOutcome]:
        """Plan each file against the store as the valid files before it leave it, in one reading transaction:
        nothing is written and no write lock is taken, so appends by others go on meanwhile."""
        outcomes: list[FileOutcome] = []
        with collector_paused(), self.store.session() as session:
            for path in files:
                progress.phase(f"checking {path.name}")
                progress.advance(_size(path))
                loaded = _read(path)
                if isinstance(loaded, FileOutcome):
                    outcomes.append(loaded)
                    continue
                root, locator, _ = loaded
                batch = read_batch(root, _registry(session))
                try:
                    with session.savepoint():  # a refused file's plan is undone: it leaves no trace for the next
                        appended, unchanged, _, _ = self._write(session, batch, None)
                    outcomes.append(FileOutcome(str(path), "valid", appended, unchanged))
                except _Refused as exc:
                    outcomes.append(_refusal(str(path), exc, locator))
                except CorruptionFound as exc:
                    outcomes.append(_refused(str(path), str(exc)))
                except StoreFailure as exc:  # the savepoint is rolled back; the next files are still checked
                    outcomes.append(_refused(str(path), describe_failure(exc)))
        return outcomes

    def append_file(self, path: str | FilePath, dry_run: bool = False) -> FileOutcome:
        loaded = _read(path)
        if isinstance(loaded, FileOutcome):
            return loaded
        root, locator, signature = loaded
        return self._append_loaded(root, locator, str(path), dry_run, unchanged_guard(path, signature))

    def append_bytes(self, data: bytes, name: str, dry_run: bool = False) -> FileOutcome:
        loaded = _parse(data, name)
        if isinstance(loaded, FileOutcome):
            return loaded
        return self._append_loaded(*loaded, name, dry_run)

    def _append_loaded(self, root: object, locator: Locator, name: str, dry_run: bool,
                       guard: Guard | None = None) -> FileOutcome:
        with collector_paused():
            return self._append_loaded_now(root, locator, name, dry_run, guard)

    def _append_loaded_now(self, root: object, locator: Locator, name: str, dry_run: bool,
                           guard: Guard | None = None) -> FileOutcome:
        if _entries(root) <= ONE_TRANSACTION_ENTRIES:
            # A small file is read against the registry inside the transaction that appends it: checking it
            # holds the lock for well under a millisecond, and the separate reading transaction (and, on
            # PostgreSQL, its round trips) would cost as much as the append itself.
            progress.phase(f"checking {name.rsplit('/', 1)[-1]}", 0.13)

            def read(session: Session) -> Batch:
                batch = read_batch(root, _registry(session))
                progress.phase(f"writing {len(batch.events):,} events", 0.39, len(batch.events))
                return batch

            return self.append_batch(read, name, dry_run=dry_run, locator=locator, guard=guard)
        conflicts = 0
        while True:
            progress.phase(f"checking {name.rsplit('/', 1)[-1]}", 0.13)  # the shares of a 20,000-event file
            expected: dict[str, int] | None = None
            with self.store.session() as session:  # one reading transaction for the registry and the versions
                batch = read_batch(root, _registry(session))
                if conflicts < CONFLICT_RETRIES:
                    expected = session.stream_versions(sorted({e.proposal for _, e in batch.events}))
            progress.phase(f"writing {len(batch.events):,} events", 0.39, len(batch.events))
            # The last try goes without expected versions: every check runs again inside the write lock,
            # so a batch still valid against the new state is appended instead of starving behind writers.
            try:
                outcome = self.append_batch(batch, name, dry_run=dry_run, expected_versions=expected, locator=locator,
                                            guard=guard)
            except ConcurrencyConflict:
                conflicts += 1
                time.sleep(random.uniform(0.01, 0.05) * conflicts)
                continue  # validate again against the new state, then try once more
            return replace(outcome, conflicts=conflicts)

    def append_batch(self, batch: Batch | Callable[[Session], Batch], name: str = "<batch>", dry_run: bool = False,
                     expected_versions: Mapping[str, int] | None = None, locator: Locator | None = None,
                     guard: Guard | None = None) -> FileOutcome:
        """Append one batch whole or not at all. Raises ConcurrencyConflict if a stream moved past `expected_versions`.

        Every check runs even after a first problem (the events that parsed are still checked against the
        store), so that the analyst sees all of a file's problems at once; any problem rolls everything back.
        `guard`, called just before the commit, refuses the batch if the file it came from changed meanwhile.
        `batch` may be a function that reads it inside the transaction (a small file, against the registry).
        """
        damage = self.store.file_problem()
        if damage:
            raise CorruptionFound(damage, fix="restore it from a backup (`tracker verify` reports what can still be "
                                  "read)")
        try:
            # A dry run only plans, in a reading transaction: it takes no write lock.
            with self.store.session(write=not dry_run) as session:
                if callable(batch):
                    batch = batch(session)
                appended, unchanged, registered, positions = self._write(session, batch, expected_versions)
                if dry_run:
                    return FileOutcome(name, "valid", appended, unchanged)
                session.flush()
                changed = guard() if guard is not None else None
                if changed:
                    raise _Refused([Problem((), changed)])
        except _Refused as exc:
            return _refusal(name, exc, locator)
        return FileOutcome(name, "appended" if appended or registered else "unchanged", appended, unchanged,
                           positions=positions, registered=registered)

    def _write(self, session: Session, batch: Batch, expected: Mapping[str, int] | None
               ) -> tuple[int, int, int, tuple[int, int] | None]:
        # What the checks below ask first, read at once (one round trip on PostgreSQL).
        session.prefetch([ref for _, e in batch.events for ref in (e.id, value_of(e, "retracts")) if ref],
                         _proposals_named(batch.events) | set(expected or {}))
        # A refused file writes nothing: saving its registries anyway could clash with the store's (an alias
        # already taken) and fail with an IntegrityError instead of the refusal.
        damage = session.tail_problem()
        if damage:  # new rows would be chained onto it: refuse before writing anything
            raise CorruptionFound(damage, fix="`tracker verify` shows the damage; nothing can be appended until "
                                  "the store is restored from a backup")
        registered = 0 if batch.problems else _save_registries(session, batch)
        plan = _dedupe(session, batch, self.clock().date())
        plan.problems[:0] = batch.problems
        # Every stream the caller expected, not only those with fresh events: a file whose events are all
        # already stored (appended twice) must compare its streams' real versions, not a missing 0.
        versions = session.stream_versions(sorted({e.proposal for _, e in plan.fresh} | set(expected or {})))
        for stream, version in (expected or {}).items():
            if versions.get(stream, 0) != version:
                raise ConcurrencyConflict(stream, version, versions.get(stream, 0))
        proposals = _Known(session, _proposals_named(plan.fresh))
        targets = _check_references(session, plan, proposals)
        if plan.fresh:
            starts = {p: date.fromordinal(s) for p, s in proposals.starts.items() if s is not None}
            for _, e in plan.fresh:
                if e.type == "proposed" and e.proposal not in starts:  # type: ignore[attr-defined]
                    starts[e.proposal] = e.date.start
            new_rows = [to_row(e, e.id or "", starts.get(e.proposal), payload)
                        for (_, e), payload in zip(plan.fresh, plan.payloads)]
            opened = {p: d.toordinal() for p, d in starts.items() if proposals.starts.get(p) is None}
            rows = session.append(new_rows, opened, versions)
            plan.problems += self._project(session, plan, rows, new_rows, targets, proposals)
        plan.problems = partial_checks.complete(session, batch, plan.problems)
        if plan.problems:
            raise _Refused(plan.problems)
        if not plan.fresh:
            return 0, plan.unchanged, registered, None
        return len(rows), plan.unchanged, registered, (rows[0].position, rows[-1].position)

    def _project(self, session: Session, plan: _Plan, rows: list[StoredEvent], new_rows: list[NewEvent],
                 targets: Mapping[str, StoredEvent], proposals: _Known) -> list[Problem]:
        index_at = {row.position: i for row, (i, _) in zip(rows, plan.fresh)}
        fresh = [(row, e) for row, (_, e) in zip(rows, plan.fresh)]
        effective = {r.event_id: r.effective for r in new_rows} | {t.event_id: t.effective for t in targets.values()}
        from_days: dict[str, int] = {}
        for row in rows:
            days = [row.effective] + ([effective[row.retracts]] if row.retracts in effective else [])
            from_days[row.stream_id] = min(from_days.get(row.stream_id, min(days)), *days)
        problems: list[Problem] = []

        def checked(state: object, event: BaseEvent, position: int) -> None:
            if position in index_at:
                found = check(state, event, proposals.__contains__, proposals.listed,  # type: ignore[arg-type]
                              lambda e: reopening_problems(session, e))
                problems.extend(p.under("events", index_at[position]) for p in found)

        progress.phase(f"projecting {len(fresh):,} events", 0.68)
        projector.update(session, from_days, sorted(fresh, key=lambda t: t[0].position), checked)
        return problems

    def load_bundled(self) -> list[FileOutcome]:
        """Every bundled file, remembered as the store's (see bundled.bring_up_to_date)."""
        from tracker.application.bundled import bring_up_to_date

        return bring_up_to_date(self, everything=True)

    def verify(self, deep: bool = False, anchor: tuple[int, str] | None = None) -> list[VerifyProblem]:
        return checking.verify(self.store, deep, anchor)

    def head_anchor(self) -> tuple[int, str]:
        return checking.head_anchor(self.store)

    def rebuild(self) -> int:
        return projector.rebuild(self.store)


# Files with up to this many list entries (events, parties, sources) are checked and appended in one
# transaction; larger ones are read first, outside the write lock (see _append_loaded_now).
ONE_TRANSACTION_ENTRIES = 200


def _entries(root: object) -> int:
    """How many entries a parsed file lists (more than the limit when it is not the expected mapping)."""
    if not isinstance(root, dict):
        return ONE_TRANSACTION_ENTRIES + 1
    return sum(len(v) if isinstance(v, list) else 1 for v in root.values())


def _save_registries(session: Session, batch: Batch) -> int:
    if not batch.parties and not batch.sources:
        return 0  # most files bring events only: the registries are not read at all
    changed = 0
    known = session.parties()
    for _, party in batch.parties:
        if party.id in known:
            name, aliases = known[party.id]
            merged = tuple(dict.fromkeys((*aliases, *party.aliases)))
            if (name, merged) != (party.name, aliases):
                session.save_party(party.id, party.name, merged, new=False)
                changed += 1
        else:
            session.save_party(party.id, party.name, party.aliases, new=True)
            changed += 1
    sources = session.sources()
    for _, source in batch.sources:
        body = orjson.dumps(source.model_dump(mode="json", exclude_none=True), option=orjson.OPT_SORT_KEYS).decode()
        if sources.get(source.id) != body:
            session.save_source(source.id, body, new=source.id not in sources)
            changed += 1
    return changed


def _refusal(name: str, refused: _Refused, locator: Locator | None) -> FileOutcome:
    return FileOutcome(name, "refused", refusals=in_file_order(name, refused.problems, locator))


def _registry(session: Session) -> Registry:
    aliases = session.alias_map()
    return Registry(aliases, frozenset(aliases.values()), frozenset(session.sources()))


def _read(path: str | FilePath) -> tuple[object, Locator, Signature | None] | FileOutcome:
    """The file read whole (see whole_file) and parsed, with the signature the commit's guard checks."""
    try:
        data, signature = read_whole(path, yaml_loader.MAX_BYTES)
    except Unreadable as exc:
        return _refused(str(path), str(exc))
    loaded = _parse(data, str(path))
    return loaded if isinstance(loaded, FileOutcome) else (*loaded, signature)


def refused_file(name: str, message: str) -> FileOutcome:
    """A file refused as a whole (not read, or not appendable), with the reason."""
    return _refused(name, message)


def _parse(data: bytes, name: str) -> tuple[object, Locator] | FileOutcome:
    try:
        text = decode(data)
        return load(text), Locator(text)
    except YamlRefused as exc:
        return FileOutcome(name, "refused", refusals=(from_yaml(name, exc.problem),))


def _refused(name: str, message: str) -> FileOutcome:
    return FileOutcome(name, "refused", refusals=(Refusal(name, None, None, "", message),))


def _size(path: FilePath) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def expand(paths: Iterable[str | FilePath]) -> list[FilePath]:
    out: list[FilePath] = []
    for path in map(FilePath, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))
            out.extend(found or [path])
        else:
            out.append(path)
    return out
