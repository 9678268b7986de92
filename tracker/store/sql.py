"""The shared recorder: SQLAlchemy Core tables, sessions, the hash chain and its checks, on either database.

What only one database has is its backend's (store/sqlite.py, store/postgres.py); the rest of the tracker
names this module only through `tracker.store`."""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

import orjson
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    cast,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from tracker.config import redact, sqlite_path
from tracker.domain.errors import CorruptionFound
from tracker.store.backend import Backend, backend_for
from tracker.store.base import OPEN, ChangeFeed, NewEvent, SnapshotRow, StoredEvent, VerifyProblem
from tracker.store.errors import StoreError, StoreFailure, describe_failure
from tracker.store.pending import Pending
from tracker.store.versions import SCHEMA_VERSION, inspect_database
from tracker.text import inert

# Who appends: the database user on PostgreSQL, the operating-system user on SQLite; this variable names
# the analyst instead (on PostgreSQL the database user is kept beside it: "alice via tracker_analyst").
USER_VARIABLE = "TRACKER_USER"
RECORDED_BY_MAX = 128
GENESIS = "0" * 64
metadata = MetaData()

meta = Table("tracker_meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))
parties = Table(
    "parties",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("aliases", Text, nullable=False),
)
aliases = Table(
    "party_aliases",
    metadata,
    # Lower-cased, so as long as the model's names and aliases (500 characters) or longer: lower-casing can
    # lengthen a string. VARCHAR(200) refused long names on PostgreSQL that SQLite (which ignores sizes) took.
    Column("alias", Text, primary_key=True),
    Column("party_id", String(32), nullable=False),
)
sources = Table("sources", metadata, Column("id", String(128), primary_key=True), Column("body", Text, nullable=False))
events = Table(
    "events",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(128), nullable=False, unique=True),
    Column("stream_id", String(128), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("date_text", String(32), nullable=False),  # as written: 2025-03-10?/2025-03-16~ at most 23
    Column("date_start", Integer, nullable=False),
    Column("date_end", Integer, nullable=False),
    Column("effective", Integer, nullable=False),
    Column("party", String(32)),
    Column("retracts", String(128)),
    Column("recorded_at", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("hash", String(64), nullable=False),
    # Who appended the row (schema version 4); NULL on rows recorded before, whose hashes do not cover it.
    Column("recorded_by", String(RECORDED_BY_MAX)),
    UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
    Index("ix_events_stream_fold", "stream_id", "effective", "position"),
    Index("ix_events_recorded_position", "recorded_at", "position"),
    Index("ix_events_effective", "effective", "position"),
    Index("ix_events_retracts", "retracts"),
    # A proposal's retractions without reading its whole stream (2% of an archive's events, in every stream).
    Index("ix_events_stream_retractions", "stream_id", "position",
          sqlite_where=text("retracts IS NOT NULL"), postgresql_where=text("retracts IS NOT NULL")),
    Index("ix_events_type_stream", "type", "stream_id", "effective"),
)
streams = Table(
    "streams",
    metadata,
    Column("stream_id", String(128), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("proposed_start", Integer),
)
snapshots = Table(
    "snapshots",
    metadata,
    Column("proposal_id", String(128), nullable=False),
    Column("valid_from", Integer, nullable=False),
    Column("rec_from", BigInteger, nullable=False),
    Column("rec_to", BigInteger, nullable=False),
    Column("state", Text, nullable=False),
    # A cheap checksum of the row's content and place (see snapshot_checksum): checked on every read and by
    # `verify`, so that a damaged or hand-edited row is reported instead of shown or decoded.
    Column("checksum", String(16), nullable=False, server_default=""),
    Index("ix_snapshots_current", "proposal_id", "rec_to", "valid_from"),
    Index("ix_snapshots_history", "proposal_id", "valid_from", "rec_from"),
)

def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def format_instant(instant: datetime) -> str:
    """Fixed-width UTC text, so that instants sort as strings on both databases."""
    value = instant.astimezone(timezone.utc)
    return f"{value.year:04d}" + value.strftime("-%m-%dT%H:%M:%S.%fZ")  # %Y is not padded before year 1000


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)  # Python 3.11 reads the trailing Z as UTC


def chain_hash(previous: str, row: dict[str, Any]) -> str:
    """Each row's hash covers the previous row's hash and its own canonical content.

    `recorded_by` is covered when the row has it (every row appended since schema version 4): rows recorded
    before keep the hash they were given, so an upgraded store's chain still verifies, and giving an old
    row a recorder, or taking a new row's away, changes its content and breaks the chain like any edit.
    """
    fields = [row[name] for name in _HASHED]
    if row.get("recorded_by") is not None:
        fields.append(row["recorded_by"])
    return hashlib.sha256(previous.encode() + b"|" + orjson.dumps(fields)).hexdigest()


_HASHED = ("position", "event_id", "stream_id", "stream_version", "type", "date_text", "effective", "party",
           "retracts", "recorded_at", "payload")


def snapshot_checksum(proposal: str, valid_from: int, rec_from: int, state: str) -> str:
    """A cheap checksum of a snapshot row's content and place (not of rec_to, which closing a row changes).

    Unkeyed on purpose: it catches damage and a careless hand edit at every read; a forger who recomputes
    it is caught by `verify --deep`, which compares the rows with a rebuild from the events.
    """
    text = f"{proposal}|{valid_from}|{rec_from}|{state}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=8).hexdigest()


def _checked(proposal: str, valid_from: int, rec_from: int, state: str, checksum: str | None) -> str:
    """The row's state, or CorruptionFound naming the row if its checksum does not match."""
    if checksum != snapshot_checksum(proposal, valid_from, rec_from, state):
        raise CorruptionFound(snapshot_place(proposal, valid_from, rec_from) + " fails its checksum (damaged or edited)")
    return state


def snapshot_place(proposal: str, valid_from: int, rec_from: int) -> str:
    try:
        day = date.fromordinal(valid_from).isoformat()
    except (ValueError, OverflowError):
        day = f"day {valid_from}"
    return f"snapshot row of proposal '{proposal}' dated {day} (recorded from position {rec_from})"


_EVENT_COLUMNS = ("position, event_id, stream_id, stream_version, type, date_text, date_start, date_end, effective, "
                  "party, retracts, recorded_at, payload, hash, recorded_by")
_TAIL = f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY position DESC LIMIT 2"
_BY_ID = f"SELECT {_EVENT_COLUMNS} FROM events WHERE event_id IN ({{}})"
_STREAMS = "SELECT stream_id, version, proposed_start FROM streams WHERE stream_id IN ({})"
_FEW = 8  # lookups up to this many go as plain selects, more as one statement over arrays (see _fold_statements)
_NO_END = 2**31 - 1  # an effective day later than any (an ordinal, INTEGER on both databases)
_COPY_FROM = 50  # this many rows or more go as one stream where the backend has one (PostgreSQL's COPY)


class FoldRow(NamedTuple):
    """What folding needs of an event row."""

    position: int
    event_id: str
    effective: int
    retracts: str | None
    recorded_at: str  # as stored
    payload: str


def _union_statements(parts: Sequence[tuple[str, Sequence[Any]]]) -> list[tuple[str, Sequence[Any]]]:
    """Several statements as one (UNION ALL, in order) per 100 of them: one round trip instead of one each."""
    out: list[tuple[str, Sequence[Any]]] = []
    for i in range(0, len(parts), 100):
        chunk = parts[i : i + 100]
        if len(chunk) == 1:
            out.append(chunk[0])
        else:
            out.append((" UNION ALL ".join(f"SELECT * FROM ({part}) AS part{k}" for k, (part, _) in enumerate(chunk)),
                        [v for _, values in chunk for v in values]))
    return out


@lru_cache(maxsize=32)
def _skip_clause(skip_types: frozenset[str]) -> str:
    return f" AND type NOT IN ({', '.join(_quoted(t) for t in sorted(skip_types))})" if skip_types else ""


def _chunks(values: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


@lru_cache(maxsize=256)
def _driver_sql(sql: str, format_style: bool) -> str:
    """The statement in the driver's own parameter style: `?` for sqlite3, `%s` for psycopg."""
    return sql.replace("%", "%%").replace("?", "%s") if format_style else sql


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _stored_tuple(t: Sequence[Any]) -> StoredEvent:
    """A StoredEvent from a row of the columns in _EVENT_COLUMNS' order."""
    return StoredEvent(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], parse_instant(t[11]),
                       t[12], t[13], t[14])


def _stored(row: Any) -> StoredEvent:
    m = row._mapping
    return StoredEvent(
        position=m["position"],
        event_id=m["event_id"],
        stream_id=m["stream_id"],
        stream_version=m["stream_version"],
        type=m["type"],
        date_text=m["date_text"],
        date_start=m["date_start"],
        date_end=m["date_end"],
        effective=m["effective"],
        party=m["party"],
        retracts=m["retracts"],
        recorded_at=parse_instant(m["recorded_at"]),
        payload=m["payload"],
        hash=m["hash"],
        recorded_by=m["recorded_by"],
    )


class SqlSession:
    """One transaction. A writing one holds the store's write lock until it ends.

    An append is planned first (see store/pending.py): `append`, `replace_snapshots` and the registry
    writes only record what they would change, every read sees the store as the plan leaves it, and
    `flush` writes the plan, one statement per table. A session that never flushes writes nothing, so a
    dry run can plan in a reading transaction and take no lock.
    """

    def __init__(self, conn: Connection, clock: Callable[[], datetime],
                 recorder: Callable[[Connection], str] | None, backend: Backend) -> None:
        self.conn = conn
        self.clock = clock
        self.recorder = recorder
        self.backend = backend
        self.pending = Pending()
        self._format_style = conn.dialect.paramstyle != "qmark"  # psycopg's %s, not sqlite3's ?
        self._cursor: Any = None
        self._stored_head: tuple[int, str, str] | None = None  # the last stored row, once tail_problem read it
        # Stored streams read in this transaction: id -> (version, proposal start), None if not in the store.
        self._streams_read: dict[str, tuple[int, int | None] | None] = {}
        self._events_read: dict[str, StoredEvent | None] = {}  # stored events by id, None: no such event
        self._tail: list[tuple[Any, ...]] | None = None  # the log's last two rows, if prefetched

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Rolled back alone if the block raises: the plan made in it, and anything written in it."""
        with self.pending.savepoint(), self.conn.begin_nested():
            yield

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Plain SQL through the driver (`?` marks the parameters): the write path runs a few statements per
        batch, and building each as a SQLAlchemy expression cost ten times its execution."""
        with self._driver_errors(sql):
            cursor = self._driver_cursor()
            cursor.execute(_driver_sql(sql, self._format_style), params)
            return cursor.fetchall() if cursor.description is not None else []

    def _rows_together(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple[Any, ...]]]:
        """The rows of each statement. Where the database is across a network (PostgreSQL), they are sent
        in one pipeline and answered in one round trip: a small append's reads, before and after planning."""
        if len(statements) < 2 or not self.backend.remote:
            return [self._rows(sql, params) for sql, params in statements]
        cursors = []
        with self._driver_errors(statements[0][0]), self.backend.pipeline(self.conn):
            for sql, params in statements:
                cursor = self.conn.connection.cursor()
                cursor.execute(_driver_sql(sql, self._format_style), params)
                cursors.append(cursor)
        with self._driver_errors(statements[0][0]):
            return [cursor.fetchall() for cursor in cursors]

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """A statement for each row, results unread (one row: a plain execute, which psycopg sends without
        the round trips of its executemany)."""
        if rows:
            with self._driver_errors(sql):
                cursor = self._driver_cursor()
                if len(rows) == 1:
                    cursor.execute(_driver_sql(sql, self._format_style), rows[0])
                else:
                    cursor.executemany(_driver_sql(sql, self._format_style), rows)

    def _update(self, sql: str, over_arrays: str, rows: Sequence[Sequence[Any]]) -> None:
        """An update of many rows: `sql` once per row, or where the backend has arrays and there are several
        rows, `over_arrays` once with each column as an array (one statement instead of a round trip each)."""
        if len(rows) > 1 and self.backend.arrays:
            self._many(over_arrays, [[list(column) for column in zip(*rows)]])
        else:
            self._many(sql, rows)

    def _insert(self, table: str, columns: str, rows: Sequence[Sequence[Any]]) -> None:
        """Rows into a table: one executemany, or one stream where the backend has one (PostgreSQL's COPY)."""
        if len(rows) >= _COPY_FROM:
            with self._driver_errors(f"COPY {table}"):
                if self.backend.copy_rows(self.conn, table, columns, rows):
                    return
        if rows:
            marks = ", ".join("?" * (columns.count(",") + 1))
            self._many(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def _driver_cursor(self) -> Any:
        if self._cursor is None:
            self._cursor = self.conn.connection.cursor()
        return self._cursor

    @contextmanager
    def _driver_errors(self, sql: str) -> Iterator[None]:
        """The driver's errors as SQLAlchemy's (what the rest of the tracker catches as a StoreFailure), without
        the parameters: a batch's payloads are kilobytes."""
        dbapi = self.conn.dialect.loaded_dbapi
        try:
            yield
        except dbapi.Error as exc:
            raise DBAPIError.instance(sql, None, exc, dbapi.Error, hide_parameters=True,
                                      dialect=self.conn.dialect) from exc

    # -- the log ---------------------------------------------------------------------------------
    def head(self) -> int:
        last = self.pending.last()
        if last is not None:
            return last[0]
        return self.conn.execute(select(func.coalesce(func.max(events.c.position), 0))).scalar_one()

    def position_known_on(self, instant: datetime) -> int:
        """The last position recorded at or before the instant (recorded_at never decreases).

        Ordered by (recorded_at, position), the index on both answers with one seek; `max(position)`
        under a `recorded_at` bound would walk the positions backwards instead.
        """
        c = events.c
        stmt = (
            select(c.position)
            .where(c.recorded_at <= format_instant(instant))
            .order_by(c.recorded_at.desc(), c.position.desc())
            .limit(1)
        )
        return self.conn.execute(stmt).scalar() or 0

    def _stored_streams(self, stream_ids: Collection[str]) -> dict[str, tuple[int, int | None]]:
        """Version and proposal start of each named stream in the store (not the plan), read once per
        transaction whichever of the two is asked first: index seeks, so the cost follows the batch."""
        known = self._streams_read
        asked = sorted(s for s in stream_ids if s not in known)
        if asked:
            known.update(dict.fromkeys(asked))
            known.update({sid: (version, start) for sid, version, start in self._in(_STREAMS, asked)})
        return {s: found for s in stream_ids if (found := known[s]) is not None}

    def stream_versions(self, stream_ids: Sequence[str]) -> dict[str, int]:
        if not stream_ids:
            return {}
        planned = self.pending.versions
        found = {s: v for s, (v, _) in self._stored_streams([s for s in stream_ids if s not in planned]).items()}
        found.update({s: planned[s] for s in stream_ids if s in planned})
        return found

    def proposals(self) -> dict[str, int | None]:
        """Every stream with its proposal's start (ordinal), None while it has no `proposed`."""
        found = {sid: start for sid, start in self._rows("SELECT stream_id, proposed_start FROM streams")}
        for stream in self.pending.versions:
            found[stream] = self.pending.starts.get(stream, found.get(stream))
        return found

    def proposal_starts(self, stream_ids: Collection[str]) -> dict[str, int | None]:
        """The start (ordinal) of each named stream's proposal, None while it has no `proposed`; streams
        not in the store are left out."""
        planned = self.pending
        found = {s: start for s, (_, start) in self._stored_streams(
            [s for s in stream_ids if s not in planned.versions]).items()}
        for stream in stream_ids:
            if stream in planned.versions:
                found[stream] = planned.starts.get(stream, found.get(stream))
        return found

    def _in(self, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
        """`sql` with its `IN ({})` filled, 500 values at a time."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(values):
            out += self._rows(sql.format(", ".join("?" * len(chunk))), chunk)
        return out

    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, StoredEvent]:
        planned = self.pending.by_id
        known = self._events_read
        ids = [i for i in dict.fromkeys(event_ids) if i not in planned and i not in known]
        found = {r[1]: _stored_tuple(r) for r in self._in(_BY_ID, ids)}
        found.update({i: e for i in event_ids if (e := known.get(i)) is not None})
        found.update({i: planned[i] for i in event_ids if i in planned})
        return found

    def prefetch(self, event_ids: Collection[str], stream_ids: Collection[str]) -> None:
        """Read at once what checking a batch asks first: the log's last rows (tail_problem), the stored events
        of these ids (events_by_id) and these streams (stream_versions, proposal_starts). One round trip on
        PostgreSQL instead of three; the answers hold until this session writes."""
        ids = sorted(set(event_ids) - self._events_read.keys())
        streams = sorted(set(stream_ids) - self._streams_read.keys())
        statements = [(_TAIL, ())] + [(_BY_ID.format(", ".join("?" * len(c))), c) for c in _chunks(ids)] + \
            [(_STREAMS.format(", ".join("?" * len(c))), c) for c in _chunks(streams)]
        tail, *rest = self._rows_together(statements)
        self._tail = tail
        by_id, by_stream = rest[: len(_chunks(ids))], rest[len(_chunks(ids)) :]
        self._events_read.update(dict.fromkeys(ids))
        self._events_read.update({r[1]: _stored_tuple(r) for rows in by_id for r in rows})
        self._streams_read.update(dict.fromkeys(streams))
        self._streams_read.update({sid: (version, start) for rows in by_stream for sid, version, start in rows})

    def stream_events(
        self, stream_id: str, from_effective: int = 0, upto: int | None = None, until_effective: int | None = None
    ) -> list[StoredEvent]:
        """A stream's events in fold order (effective date, then position)."""
        stmt = select(events).where(events.c.stream_id == stream_id, events.c.effective >= from_effective)
        if upto is not None:
            stmt = stmt.where(events.c.position <= upto)
        if until_effective is not None:
            stmt = stmt.where(events.c.effective <= until_effective)
        found = [_stored(r) for r in self.conn.execute(stmt.order_by(events.c.effective, events.c.position)).all()]
        planned = [e for e in self.pending.stream(stream_id) if e.effective >= from_effective
                   and (upto is None or e.position <= upto) and (until_effective is None or e.effective <= until_effective)]
        if planned:
            found = sorted(found + planned, key=lambda e: (e.effective, e.position))
        return found

    def fold_rows(self, stream_id: str, from_effective: int = 0, upto: int | None = None,
                  skip_types: Collection[str] = (), until_effective: int | None = None) -> list[FoldRow]:
        """Only what folding needs (position, event_id, effective, retracts, recorded_at text, payload), in fold order.

        Lighter than `stream_events`: rebuilds and refolds read many rows and need no row objects.
        `skip_types` leaves out events that cannot change a state (most of an archive is violation reports).
        """
        sql = ("SELECT position, event_id, effective, retracts, recorded_at, payload FROM events "
               "WHERE stream_id = ? AND effective >= ?")
        params: list[Any] = [stream_id, from_effective]
        if upto is not None:
            sql += " AND position <= ?"
            params.append(upto)
        sql += _skip_clause(frozenset(skip_types))
        if until_effective is not None:
            sql += " AND effective <= ?"
            params.append(until_effective)
        found = [FoldRow._make(r) for r in self._rows(sql + " ORDER BY effective, position", params)]
        planned = self.pending.stream(stream_id)
        if planned:
            extra = [FoldRow(e.position, e.event_id, e.effective, e.retracts, self.pending.instant_of(e), e.payload)
                     for e in planned if e.effective >= from_effective and (upto is None or e.position <= upto)
                     and e.type not in skip_types and (until_effective is None or e.effective <= until_effective)]
            if extra:
                found = sorted(found + extra, key=lambda r: (r.effective, r.position))
        return found

    def fold_rows_of(self, wanted: Sequence[tuple[str, int, int | None]], upto: int,
                     skip_types: Collection[str] = ()) -> dict[str, list[FoldRow]]:
        """`fold_rows` of several streams (stream, from_effective, until_effective), in one statement for all."""
        rows = [r for found in self._rows_together(self._fold_statements(wanted, upto, skip_types)) for r in found]
        return self._fold_found(rows, wanted, upto, skip_types)

    def refold_inputs(self, before: Sequence[tuple[str, int]], after: Sequence[tuple[str, int]],
                      wanted: Sequence[tuple[str, int, int | None]], upto: int, skip_types: Collection[str]
                      ) -> tuple[dict[str, SnapshotRow], dict[str, dict[int, str]], dict[str, list[FoldRow]]]:
        """`snapshots_around(before, after)` and `fold_rows_of(wanted, upto, skip_types)`, read together: what a
        refold starts from, the rows it may replace and the stored events it folds again."""
        snapshot_statements = self._snapshot_statements(before, after)
        found = self._rows_together(snapshot_statements + self._fold_statements(wanted, upto, skip_types))
        k = len(snapshot_statements)
        bases, currents = self._snapshots_found([r for rows in found[:k] for r in rows], before, after)
        return bases, currents, self._fold_found([r for rows in found[k:] for r in rows], wanted, upto, skip_types)

    def _fold_statements(self, wanted: Sequence[tuple[str, int, int | None]], upto: int,
                         skip_types: Collection[str]) -> list[tuple[str, Sequence[Any]]]:
        skip = _skip_clause(frozenset(skip_types))
        columns = "position, event_id, effective, retracts, recorded_at, payload"
        if self.backend.arrays and len(wanted) > _FEW:
            # One short statement whatever the number of streams: PostgreSQL spent longer planning a UNION
            # of a hundred selects than running it (for a few, the plain selects plan faster).
            return [(f"SELECT w.s, e.* FROM unnest(CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS integer[])) "
                     f"WITH ORDINALITY AS w(s, a, b, o) CROSS JOIN LATERAL (SELECT {columns} FROM events "
                     f"WHERE stream_id = w.s AND effective >= w.a AND effective <= w.b AND position <= ?{skip} "
                     "ORDER BY effective, position) AS e ORDER BY w.o, e.effective, e.position",
                     ([w[0] for w in wanted], [w[1] for w in wanted],
                      [_NO_END if w[2] is None else w[2] for w in wanted], upto))]
        return _union_statements([(f"SELECT stream_id, {columns} FROM events WHERE stream_id = ? AND effective >= ? "
                                   f"AND effective <= ? AND position <= ?{skip} ORDER BY effective, position",
                                   (stream, start, _NO_END if until is None else until, upto))
                                  for stream, start, until in wanted])

    def _fold_found(self, rows: Sequence[tuple[Any, ...]], wanted: Sequence[tuple[str, int, int | None]], upto: int,
                    skip_types: Collection[str]) -> dict[str, list[FoldRow]]:
        found: dict[str, list[FoldRow]] = {}
        for row in rows:
            found.setdefault(row[0], []).append(FoldRow._make(row[1:]))
        for stream, start, until in wanted:
            extra = [FoldRow(e.position, e.event_id, e.effective, e.retracts, self.pending.instant_of(e), e.payload)
                     for e in self.pending.stream(stream) if e.position <= upto and e.effective >= start
                     and e.type not in skip_types and (until is None or e.effective <= until)]
            if extra or stream in found:
                found[stream] = sorted(found.get(stream, []) + extra, key=lambda r: (r.effective, r.position))
        return found

    def retractions(self, stream_id: str, upto: int | None = None, stored: bool = True) -> dict[str, str]:
        """Retracted event id -> the id of the retraction, for retractions recorded up to `upto`
        (`stored=False`: only those of the plan, for a caller that reads no stored event of the stream)."""
        found: dict[str, str] = {}
        if stored:
            sql = "SELECT retracts, event_id FROM events WHERE stream_id = ? AND retracts IS NOT NULL"
            params: list[Any] = [stream_id]
            if upto is not None:
                sql += " AND position <= ?"
                params.append(upto)
            found = dict(self._rows(sql + " ORDER BY position", params))
        for e in self.pending.stream(stream_id):
            if e.retracts is not None and (upto is None or e.position <= upto):
                found[e.retracts] = e.event_id
        return found

    def append(self, new: Sequence[NewEvent], proposed_starts: dict[str, int],
               versions: Mapping[str, int] | None = None) -> list[StoredEvent]:
        """Plan a batch at the end of the log: gap-free positions, one instant, the hash chain extended.

        Nothing is written until `flush`; every read of this session sees the batch meanwhile.
        """
        last = self.pending.last() or self._stored_head
        if last is None:
            found = self._rows("SELECT position, hash, recorded_at FROM events ORDER BY position DESC LIMIT 1")
            last = found[0] if found else (0, GENESIS, "")
        position, previous, last_instant = last
        instant = format_instant(self.clock())
        if last_instant and instant <= last_instant:  # strictly after the previous batch, whatever the clock says
            instant = format_instant(parse_instant(last_instant) + timedelta(microseconds=1))
        at = parse_instant(instant)
        touched = sorted({e.stream_id for e in new})
        # The caller may pass the versions it just read in this transaction (every stream of `new`).
        versions = dict(versions) if versions is not None else self.stream_versions(touched)
        recorded_by = self.recorder(self.conn) if self.recorder is not None and new else None
        pending = self.pending
        for stream in touched:
            if stream not in versions and stream not in pending.new_streams:
                pending.put(pending.new_streams, stream, True)
        for stream, start in proposed_starts.items():
            pending.put(pending.starts, stream, start)
        rows: list[StoredEvent] = []
        for e in new:
            position += 1
            version = versions[e.stream_id] = versions.get(e.stream_id, 0) + 1
            previous = chain_hash(previous, {
                "position": position, "event_id": e.event_id, "stream_id": e.stream_id, "stream_version": version,
                "type": e.type, "date_text": e.date_text, "effective": e.effective, "party": e.party,
                "retracts": e.retracts, "recorded_at": instant, "payload": e.payload, "recorded_by": recorded_by})
            row = StoredEvent(position, e.event_id, e.stream_id, version, e.type, e.date_text, e.date_start,
                              e.date_end, e.effective, e.party, e.retracts, at, e.payload, previous, recorded_by)
            pending.add_event(row, instant)
            rows.append(row)
        return rows

    def flush(self) -> None:
        """Write the plan: one statement per table (COPY for a large batch on PostgreSQL), then forget it.

        A small plan's statements go together where the database can take them so (PostgreSQL's pipeline:
        one round trip for them all); COPY cannot run in a pipeline, so a large plan goes statement by statement.
        """
        p = self.pending
        if not p:
            return
        events_rows = [(e.position, e.event_id, e.stream_id, e.stream_version, e.type, e.date_text, e.date_start,
                        e.date_end, e.effective, e.party, e.retracts, instant, e.payload, e.hash, e.recorded_by)
                       for e, instant in zip(p.events, p.instants)]
        opened = [(proposal, day, rec_from, OPEN, state) for proposal, days in p.opened.items()
                  for day, (rec_from, state) in days.items()] + p.retired
        snapshot_rows = [(*r, snapshot_checksum(r[0], r[1], r[2], r[4])) for r in opened]
        small = len(events_rows) < _COPY_FROM and len(snapshot_rows) < _COPY_FROM
        with self._driver_errors("the append's statements"), (self.backend.pipeline(self.conn) if small
                                                               else nullcontext()):
            self._insert("events", _EVENT_COLUMNS, events_rows)
            if p.events:
                self._many("INSERT INTO streams (stream_id, version, proposed_start) VALUES (?, ?, ?)",
                           [(s, p.versions[s], p.starts.get(s)) for s in p.new_streams])
                self._update("UPDATE streams SET version = ?, proposed_start = COALESCE(?, proposed_start) "
                             "WHERE stream_id = ?",
                             "UPDATE streams SET version = w.v, proposed_start = COALESCE(w.s, streams.proposed_start) "
                             "FROM unnest(CAST(? AS integer[]), CAST(? AS integer[]), CAST(? AS text[])) AS w(v, s, id) "
                             "WHERE streams.stream_id = w.id",
                             [(v, p.starts.get(s), s) for s, v in p.versions.items() if s not in p.new_streams])
            self._update(f"UPDATE snapshots SET rec_to = ? WHERE proposal_id = ? AND rec_to = {OPEN} AND valid_from = ?",
                         "UPDATE snapshots SET rec_to = w.r FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), "
                         "CAST(? AS integer[])) AS w(r, p, d) WHERE proposal_id = w.p AND rec_to = "
                         f"{OPEN} AND valid_from = w.d",
                         [(rec_to, proposal, day) for proposal, days in p.closed.items()
                          for day, rec_to in days.items()])
            self._insert("snapshots", "proposal_id, valid_from, rec_from, rec_to, state, checksum", snapshot_rows)
            for party_id, (name, party_aliases, new) in p.parties.items():
                values = (name, orjson.dumps(list(party_aliases)).decode())
                self._many("INSERT INTO parties (name, aliases, id) VALUES (?, ?, ?)" if new else
                           "UPDATE parties SET name = ?, aliases = ? WHERE id = ?", [(*values, party_id)])
            self._many("INSERT INTO party_aliases (alias, party_id) VALUES (?, ?)", list(p.aliases.items()))
            for source_id, (body, new) in p.sources.items():
                self._many("INSERT INTO sources (body, id) VALUES (?, ?)" if new else
                           "UPDATE sources SET body = ? WHERE id = ?", [(body, source_id)])
            if p.events and self.backend.notify_sql is not None:
                self._many(self.backend.notify_sql, [(str(p.events[-1].position),)])
        if p.events:
            self._stored_head = p.last()
        # What was read before is out of date now: the versions and starts, the ids, the log's end.
        self._streams_read.clear()
        self._events_read.clear()
        self._tail = None
        self.pending = Pending()

    def event_ids_around(self, text: str, limit: int = 40) -> list[str]:
        """Event ids next to `text` in sort order (two index seeks): the candidates for a 'did you mean'."""
        c = events.c.event_id
        after = select(c).where(c >= text).order_by(c).limit(limit)
        before = select(c).where(c < text).order_by(c.desc()).limit(limit)
        return [i for (i,) in self.conn.execute(after)] + [i for (i,) in self.conn.execute(before)]

    def latest_events(self, stream_id: str, until_effective: int, upto: int | None, limit: int) -> list[StoredEvent]:
        """The last `limit` events of a stream in fold order, dated on or before `until_effective`, newest first."""
        c = events.c
        stmt = select(events).where(c.stream_id == stream_id, c.effective <= until_effective)
        if upto is not None:
            stmt = stmt.where(c.position <= upto)
        stmt = stmt.order_by(c.effective.desc(), c.position.desc()).limit(limit)
        return [_stored(r) for r in self.conn.execute(stmt).all()]

    def violations(self, as_of: int, upto: int | None, stream_id: str | None = None) -> list[Any]:
        """Violation reports dated on or before `as_of`, recorded up to `upto`, in fold order.

        Rows of (stream_id, event_id, date_text, payload) only: an archive holds hundreds of thousands.
        """
        c = events.c
        stmt = select(c.stream_id, c.event_id, c.date_text, c.payload).where(
            c.type == "violation_reported", c.effective <= as_of
        )
        if stream_id is not None:
            stmt = stmt.where(c.stream_id == stream_id)
        if upto is not None:
            stmt = stmt.where(c.position <= upto)
        return self.conn.execute(stmt.order_by(c.effective, c.position)).all()

    def mark(self, upto: int | None = None) -> tuple[int, str, str] | None:
        """The last event at or before position `upto` (the head when None): position, recorded_at, hash."""
        c = events.c
        stmt = select(c.position, c.recorded_at, c.hash).order_by(c.position.desc()).limit(1)
        row = self.conn.execute(stmt if upto is None else stmt.where(c.position <= upto)).first()
        return (row[0], row[1], row[2]) if row else None

    def typed_events(self, types: Sequence[str], until_effective: int, upto: int | None) -> list[StoredEvent]:
        """Every event of these types dated on or before `until_effective`, recorded up to `upto`, in fold order."""
        c = events.c
        stmt = select(events).where(c.type.in_(sorted(types)), c.effective <= until_effective)
        if upto is not None:
            stmt = stmt.where(c.position <= upto)
        return [_stored(r) for r in self.conn.execute(stmt.order_by(c.effective, c.position)).all()]

    def all_retractions(self, upto: int | None) -> dict[str, str]:
        stmt = select(events.c.retracts, events.c.event_id).where(events.c.retracts.is_not(None))
        if upto is not None:
            stmt = stmt.where(events.c.position <= upto)
        return {retracted: by for retracted, by in self.conn.execute(stmt)}

    def first_instant(self) -> str | None:
        """When the first event was recorded (as stored; None for an empty log): one index seek."""
        return self.conn.execute(select(events.c.recorded_at).order_by(events.c.position).limit(1)).scalar()

    def batch_ends(self) -> dict[str, int]:
        """Each append's instant (as stored) -> its last position; instants strictly increase from batch to batch."""
        stmt = select(events.c.recorded_at, func.max(events.c.position)).group_by(events.c.recorded_at)
        return {at: last for at, last in self.conn.execute(stmt)}

    def effective_days(self, upto: int | None) -> list[int]:
        """Every day on which an event counts: one index seek per distinct day, not a scan of the log.

        A recursive query steps from day to day through the (effective, position) index, so the cost
        follows the number of days (thousands), not the number of events (millions).
        """
        known = "" if upto is None else " AND position <= :upto"
        sql = text(
            "WITH RECURSIVE days(day) AS ("
            f" SELECT (SELECT effective FROM events WHERE 1 = 1{known} ORDER BY effective LIMIT 1)"
            " UNION ALL"
            f" SELECT (SELECT effective FROM events WHERE effective > days.day{known} ORDER BY effective LIMIT 1)"
            " FROM days WHERE days.day IS NOT NULL"
            ") SELECT day FROM days WHERE day IS NOT NULL"
        )
        return [d for (d,) in self.conn.execute(sql, {} if upto is None else {"upto": upto})]

    # -- registries ------------------------------------------------------------------------------
    def parties(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        found = {pid: (name, tuple(orjson.loads(al))) for pid, name, al in self._rows("SELECT id, name, aliases FROM parties")}
        found.update({pid: (name, al) for pid, (name, al, _) in self.pending.parties.items()})
        return found

    def save_party(self, party_id: str, name: str, party_aliases: Sequence[str], new: bool) -> None:
        pending = self.pending
        planned = pending.parties.get(party_id)
        pending.put(pending.parties, party_id, (name, tuple(party_aliases), new or (planned is not None and planned[2])))
        known = {a for (a,) in self._rows("SELECT alias FROM party_aliases WHERE party_id = ?", (party_id,))}
        known |= {a for a, p in pending.aliases.items() if p == party_id}
        for key in sorted({party_id.lower(), name.lower(), *(a.lower() for a in party_aliases)} - known):
            pending.put(pending.aliases, key, party_id)

    def alias_map(self) -> dict[str, str]:
        return dict(self._rows("SELECT alias, party_id FROM party_aliases")) | self.pending.aliases

    def sources(self) -> dict[str, str]:
        found = dict(self._rows("SELECT id, body FROM sources"))
        found.update({sid: body for sid, (body, _) in self.pending.sources.items()})
        return found

    def save_source(self, source_id: str, body: str, new: bool) -> None:
        planned = self.pending.sources.get(source_id)
        self.pending.put(self.pending.sources, source_id, (body, new or (planned is not None and planned[1])))

    def meta_value(self, key: str) -> str | None:
        """A value the application keeps beside the log (e.g. which bundled files the store has)."""
        return self.conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()

    def save_meta(self, key: str, value: str) -> None:
        self.conn.execute(meta.delete().where(meta.c.key == key))
        self.conn.execute(meta.insert().values(key=key, value=value))

    # -- snapshots (a disposable cache of the fold, versioned by position) ------------------------
    def snapshot_at(self, proposal: str, day: int, upto: int | None = None) -> SnapshotRow | None:
        """The proposal's state after every event dated on or before `day`, as known at `upto` (None: now,
        the plan included)."""
        if upto is not None:
            s = snapshots.c
            stmt = select(s.proposal_id, s.valid_from, s.rec_from, s.rec_to, s.state, s.checksum).where(
                s.proposal_id == proposal, s.valid_from <= day, s.rec_from <= upto, s.rec_to > upto)
            row = self.conn.execute(stmt.order_by(s.valid_from.desc()).limit(1)).first()
            if row is None:
                return None
            _checked(row[0], row[1], row[2], row[4], row[5])
            return SnapshotRow(*row[:5])
        return self.snapshots_before([(proposal, day)]).get(proposal)

    def snapshots_before(self, wanted: Sequence[tuple[str, int]]) -> dict[str, SnapshotRow]:
        """Each proposal's current state after every event dated on or before its day (the plan included),
        read in one statement for them all."""
        return self.snapshots_around(wanted, [])[0]

    def snapshots_around(self, before: Sequence[tuple[str, int]], after: Sequence[tuple[str, int]]
                         ) -> tuple[dict[str, SnapshotRow], dict[str, dict[int, str]]]:
        """`snapshots_before(before)` and `open_snapshots_of(after)` in one statement (a refold needs both:
        the state it starts from and the rows it may replace)."""
        rows = [r for found in self._rows_together(self._snapshot_statements(before, after)) for r in found]
        return self._snapshots_found(rows, before, after)

    def _snapshot_statements(self, before: Sequence[tuple[str, int]], after: Sequence[tuple[str, int]]
                             ) -> list[tuple[str, Sequence[Any]]]:
        closed = self.pending.closed
        columns = "proposal_id, valid_from, rec_from, state, checksum"
        limits = [len(closed.get(proposal, ())) + 1 for proposal, _ in before]  # the newest, past rows closed since
        if self.backend.arrays and len(before) + len(after) > _FEW:  # one short statement (see _fold_statements)
            lateral = ("SELECT {k} AS k, w.p, s.* FROM unnest(CAST(? AS text[]), CAST(? AS integer[]), "
                       "CAST(? AS integer[])) WITH ORDINALITY AS w(p, d, n, o) CROSS JOIN LATERAL (SELECT valid_from, "
                       f"rec_from, state, checksum FROM snapshots WHERE proposal_id = w.p AND rec_to = {OPEN} "
                       "AND valid_from {op} w.d ORDER BY valid_from {order} LIMIT w.n) AS s")
            return [(f"SELECT * FROM ({lateral.format(k=0, op='<=', order='DESC')}) AS b UNION ALL "
                     f"SELECT * FROM ({lateral.format(k=1, op='>=', order='ASC')}) AS a "
                     "ORDER BY k, p, valid_from DESC",
                     ([p for p, _ in before], [d for _, d in before], limits,
                      [p for p, _ in after], [d for _, d in after], [None] * len(after)))]
        return _union_statements(
            [(f"SELECT 0 AS k, {columns} FROM snapshots WHERE proposal_id = ? AND rec_to = {OPEN} "
              "AND valid_from <= ? ORDER BY valid_from DESC LIMIT ?", (proposal, day, limit))
             for (proposal, day), limit in zip(before, limits)]
            + [(f"SELECT 1 AS k, {columns} FROM snapshots WHERE proposal_id = ? AND rec_to = {OPEN} "
                "AND valid_from >= ?", (proposal, day)) for proposal, day in after])

    def _snapshots_found(self, rows: Sequence[tuple[Any, ...]], before: Sequence[tuple[str, int]],
                         after: Sequence[tuple[str, int]]) -> tuple[dict[str, SnapshotRow], dict[str, dict[int, str]]]:
        """Rows of _snapshot_statements: for `before`, each proposal's newest row first."""
        closed = self.pending.closed
        bases: dict[str, SnapshotRow] = {}
        currents: dict[str, dict[int, str]] = {proposal: {} for proposal, _ in after}
        for kind, proposal, valid_from, rec_from, state, checksum in rows:
            if valid_from in closed.get(proposal, ()):
                continue
            if kind == 1:
                currents[proposal][valid_from] = _checked(proposal, valid_from, rec_from, state, checksum)
            elif proposal not in bases:
                bases[proposal] = SnapshotRow(proposal, valid_from, rec_from, OPEN,
                                              _checked(proposal, valid_from, rec_from, state, checksum))
        for proposal, day in before:
            opened = self.pending.opened.get(proposal, {})
            planned = [d for d in opened if d <= day]
            if planned and (proposal not in bases or max(planned) > bases[proposal].valid_from):
                rec_from, state = opened[max(planned)]
                bases[proposal] = SnapshotRow(proposal, max(planned), rec_from, OPEN, state)
        for proposal, day in after:
            currents[proposal].update({d: st for d, (_, st) in self.pending.opened.get(proposal, {}).items()
                                       if d >= day})
        return bases, currents

    def snapshots_at(self, day: int, upto: int | None = None) -> list[str]:
        """Every proposal's state as of `day`: one index seek per proposal, no replay."""
        s = snapshots.alias("s")
        # One scalar subquery still (one seek per proposal), carrying what the checksum needs in one text:
        # "checksum valid_from rec_from state".
        packed = (s.c.checksum + " " + cast(s.c.valid_from, String) + " " + cast(s.c.rec_from, String) + " "
                  + s.c.state)
        inner = select(packed).where(s.c.proposal_id == streams.c.stream_id, s.c.valid_from <= day)
        if upto is None:
            inner = inner.where(s.c.rec_to == OPEN)
        else:
            inner = inner.where(s.c.rec_from <= upto, s.c.rec_to > upto)
        inner = inner.order_by(s.c.valid_from.desc()).limit(1).scalar_subquery()
        stmt = select(streams.c.stream_id, inner).select_from(streams).order_by(streams.c.stream_id)
        states = []
        for proposal, row in self.conn.execute(stmt):
            if row is not None:
                checksum, valid_from, rec_from, state = row.split(" ", 3)
                states.append(_checked(proposal, int(valid_from), int(rec_from), state, checksum))
        return states

    def snapshot_history(self, proposal: str, upto: int | None = None) -> list[tuple[int, str]]:
        s = snapshots.c
        stmt = select(s.valid_from, s.rec_from, s.state, s.checksum).where(s.proposal_id == proposal)
        stmt = stmt.where(s.rec_to == OPEN) if upto is None else stmt.where(s.rec_from <= upto, s.rec_to > upto)
        return [(d, _checked(proposal, d, r, st, c)) for d, r, st, c in self.conn.execute(stmt.order_by(s.valid_from))]

    def snapshot_histories(self, until_day: int, upto: int | None = None) -> list[Any]:
        """Every proposal's states on each day they changed, up to `until_day`: (proposal, day, state) rows."""
        s = snapshots.c
        stmt = select(s.proposal_id, s.valid_from, s.state).where(s.valid_from <= until_day)
        stmt = stmt.where(s.rec_to == OPEN) if upto is None else stmt.where(s.rec_from <= upto, s.rec_to > upto)
        return self.conn.execute(stmt.order_by(s.proposal_id, s.valid_from)).all()

    def open_snapshots(self, proposal: str, from_day: int) -> dict[int, str]:
        return self.open_snapshots_of([(proposal, from_day)]).get(proposal, {})

    def open_snapshots_of(self, wanted: Sequence[tuple[str, int]]) -> dict[str, dict[int, str]]:
        """Each proposal's current rows dated on or after its day (the plan included): day -> state."""
        return self.snapshots_around([], wanted)[1]

    def replace_snapshots(
        self, proposal: str, close_days: Sequence[int], rows: Sequence[tuple[int, str]], position: int
    ) -> None:
        """Plan to close the named current rows at `position` and add the new ones from `position` on."""
        pending = self.pending
        opened = pending.inner(pending.opened, proposal)
        for day in close_days:
            if day in opened:  # a row of an earlier plan: kept as a closed row if it was ever current
                rec_from, state = pending.pop(opened, day)
                if rec_from < position:
                    pending.push(pending.retired, (proposal, day, rec_from, position, state))
            else:
                pending.put(pending.inner(pending.closed, proposal), day, position)
        for day, state in rows:
            pending.put(opened, day, (position, state))

    def clear_snapshots(self) -> None:
        self.conn.execute(snapshots.delete())

    def insert_snapshots(self, rows: Sequence[dict[str, Any]]) -> None:
        # Plain tuples through the driver: a rebuild writes one row per proposal-day.
        self._insert("snapshots", "proposal_id, valid_from, rec_from, rec_to, state, checksum",
                     [(r["proposal_id"], r["valid_from"], r["rec_from"], r["rec_to"], r["state"],
                       snapshot_checksum(r["proposal_id"], r["valid_from"], r["rec_from"], r["state"])) for r in rows])

    def all_snapshots(self) -> list[tuple[str, int, int, int, str]]:
        s = snapshots.c
        stmt = select(s.proposal_id, s.valid_from, s.rec_from, s.rec_to, s.state).order_by(
            s.proposal_id, s.valid_from, s.rec_from
        )
        return list(self.conn.execute(stmt).all())

    def proposal_snapshots(self, proposal: str) -> list[tuple[int, int, int, str]]:
        """Every row of one proposal, current and closed: (valid_from, rec_from, rec_to, state), in that order."""
        s = snapshots.c
        stmt = select(s.valid_from, s.rec_from, s.rec_to, s.state).where(s.proposal_id == proposal)
        return [tuple(r) for r in self.conn.execute(stmt.order_by(s.valid_from, s.rec_from, s.rec_to))]

    def snapshot_proposals(self) -> list[str]:
        return [p for (p,) in self.conn.execute(select(snapshots.c.proposal_id).distinct())]

    def snapshot_problems(self) -> list[VerifyProblem]:
        """Every snapshot row checked against its checksum, one proposal at a time (the first bad row only)."""
        s = snapshots.c
        for (proposal,) in self.conn.execute(select(s.proposal_id).distinct().order_by(s.proposal_id)).all():
            stmt = select(s.valid_from, s.rec_from, s.state, s.checksum).where(s.proposal_id == proposal)
            for valid_from, rec_from, state, checksum in self.conn.execute(stmt.order_by(s.valid_from, s.rec_from)):
                if checksum != snapshot_checksum(proposal, valid_from, rec_from, state):
                    return [VerifyProblem(rec_from, snapshot_place(proposal, valid_from, rec_from)
                                          + " fails its checksum (damaged or edited); run `tracker rebuild`")]
        return []

    def trigger_problem(self) -> str | None:
        """The append-only triggers must be there, enabled, and still raising: names alone can be faked."""
        bad = self.backend.trigger_problem(self.conn)
        if not bad:
            return None
        return (f"the append-only trigger(s) {bad} on the events table are missing, disabled or changed: "
                "someone with write access to the database took the protection away, and the history may have "
                "been rewritten since; check it against a head recorded earlier (`tracker verify --anchor`)")

    def head_row(self) -> tuple[int, str]:
        """The last position and its hash (0 and the genesis hash for an empty log)."""
        row = self.conn.execute(select(events.c.position, events.c.hash).order_by(events.c.position.desc()).limit(1)
                                ).first()
        return (row[0], row[1]) if row else (0, GENESIS)

    def hash_at(self, position: int) -> str | None:
        return self.conn.execute(select(events.c.hash).where(events.c.position == position)).scalar()

    def tail_problem(self) -> str | None:
        """A cheap check before writing: the last row must match its hash, chained from the row before it.

        A new batch is chained onto the head's hash; appending onto a damaged or forged head would bury the
        damage under valid-looking rows. The whole chain is `verify`'s job (it reads every row).
        """
        rows = self._tail if self._tail is not None else self._rows(_TAIL)
        # Where `append` chains the next batch, if this transaction plans one: read once.
        self._stored_head = (rows[0][0], rows[0][13], rows[0][11]) if rows else (0, GENESIS, "")
        if not rows:
            return None
        head = _stored_tuple(rows[0])
        previous = rows[1][13] if len(rows) > 1 else GENESIS
        if len(rows) > 1 and rows[1][0] != head.position - 1 or len(rows) == 1 and head.position != 1:
            return f"position {head.position - 1} is missing before the last row {head.position}"
        row = {f: getattr(head, f) for f in StoredEvent.__slots__}  # type: ignore[attr-defined]
        row["recorded_at"] = rows[0][11]
        if chain_hash(previous, row) != head.hash:
            return f"the last row (position {head.position}, {head.event_id}) does not match its hash"
        return None


def os_user() -> str:
    """The operating-system user running the tracker (its uid where no name is known, as in some containers)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def named_user() -> str:
    """The analyst TRACKER_USER names ("" if unset); refused if it cannot be recorded as it is."""
    named = os.environ.get(USER_VARIABLE, "").strip()
    if named and (not named.isprintable() or len(named) > 64):
        raise StoreError(f"{USER_VARIABLE} must be one printable line of at most 64 characters "
                         f"(found {len(named)} characters: {inert(named[:40])}); nothing was written")
    return named


def recorder_name(database_user: str | None) -> str:
    """What `recorded_by` holds for this session (see USER_VARIABLE): `database_user` where the database
    knows one (PostgreSQL), else the operating-system user."""
    named = named_user()
    if database_user is not None:
        return database_user if not named or named == database_user else f"{named} via {database_user}"
    return named or os_user()


class SqlStore:
    """The event store on SQLite (the default) or PostgreSQL, chosen by URL.

    Opening never takes the write lock unless `create` is set and there is something to create or
    upgrade: readers must never wait for an append. A database that holds tables but no tracker store
    is refused and left untouched, whatever `create` says.
    """

    def __init__(self, url: str, clock: Callable[[], datetime] = utc_now, create: bool = True) -> None:
        self.url = url
        self.clock = clock
        if create:  # a writer: an unusable name is refused before anything is opened or written
            named_user()
        path = sqlite_path(url)
        where = str(path) if path is not None else redact(url)
        self.backend = backend_for(url)
        self.read_only = self.backend.check_location(where, create)
        self.engine = self.backend.make_engine(url, self.read_only)
        self.dialect = self.backend.name
        self._recorded_by: str | None = None
        self.upgraded_from: int | None = None  # the schema version this open upgraded, for a one-line notice
        try:
            self._open(create, where)
        except BaseException:
            self.engine.dispose()
            raise

    def _open(self, create: bool, where: str) -> None:
        """Check what the database holds (a plain read); create or upgrade only when asked to, under the lock.

        Alembic (tracker/store/migrations) is imported only then: opening a current store never loads it.
        """
        with self.engine.connect() as conn:
            with conn.begin():
                found = inspect_database(conn, where, self.backend.tables_sql)
        if found.current:
            return
        if not create and found.kind == "empty":
            raise StoreError(f"no tracker store at {where}; create it with `tracker init`")
        # An older store is upgraded by whoever opens it first, readers included: since version 3 reads check
        # snapshot checksums, which an older store lacks. It takes the write lock once in the store's life.
        if self.read_only:
            if found.kind == "store":
                raise StoreError(f"the store at {where} has schema version {found.version} and this tracker reads "
                                 f"version {SCHEMA_VERSION}: open it once as a user who may write to it, to "
                                 "upgrade it")
            raise StoreError(f"the store at {where} is read-only (no write permission); nothing was written")
        if found.kind == "empty":
            self.backend.prepare_new(self.engine)
        with self.engine.connect().execution_options(tracker_write=True) as conn:
            with conn.begin():
                self.backend.lock(conn)
                found = inspect_database(conn, where, self.backend.tables_sql)  # another writer may have been first
                if found.kind == "store":
                    if not found.current:
                        from tracker.store.migrations import upgrade_or_explain

                        self.backend.as_owner(conn)
                        upgrade_or_explain(conn, found, where)
                        self.upgraded_from = found.version
                    return
                # A new store is made at the head from the tables above, then stamped with the head revision
                # (the same schema as every revision run in turn: tests/integration/test_migrations.py).
                metadata.create_all(conn)
                for statement in self.backend.triggers:
                    conn.exec_driver_sql(statement)
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
                from tracker.store.migrations import stamp_new

                stamp_new(conn)

    def setup_roles(self, prefix: str) -> list[str]:
        """PostgreSQL: the team's roles and this store's grants (see store/postgres_roles.py)."""
        if self.dialect != "postgresql":
            raise StoreError("roles are PostgreSQL's: on SQLite, the file's permissions decide who reads and who "
                             "writes (see \"Running it for a team\" in the README)")
        from tracker.store.postgres_roles import setup_roles

        with self.engine.connect() as conn:
            with conn.begin():
                self.backend.lock(conn)
                return setup_roles(conn, prefix)

    def _recorder(self, conn: Connection) -> str:
        """Who this store's appends are recorded by, asked of the database once (see recorder_name)."""
        if self._recorded_by is None:
            self._recorded_by = recorder_name(self.backend.database_user(conn))
        return self._recorded_by

    @contextmanager
    def session(self, write: bool = False) -> Iterator[SqlSession]:
        """A transaction: a writing one is serialized with every other writer; a reading one sees one snapshot."""
        conn = self.engine.connect()
        try:
            conn = conn.execution_options(tracker_write=True) if write else self.backend.reading(conn)
            with conn.begin():
                if write:
                    self.backend.lock(conn)
                session = SqlSession(conn, self.clock, self._recorder, self.backend)
                yield session
                if write:
                    session.flush()  # whatever a writer planned and did not write yet
        finally:
            conn.close()

    def iter_log(self, batch: int = 20_000) -> Iterator[list[StoredEvent]]:
        """The whole log in position order, in chunks (for verify and rebuild)."""
        with self.engine.connect() as conn:
            last = 0
            while True:
                stmt = select(events).where(events.c.position > last).order_by(events.c.position).limit(batch)
                rows = [_stored(r) for r in conn.execute(stmt).all()]
                if not rows:
                    return
                yield rows
                last = rows[-1].position

    def verify(self, anchor: tuple[int, str] | None = None) -> list[VerifyProblem]:
        """Recompute the hash chain, check positions, stream versions and every snapshot row's checksum.

        With an `anchor` (a position and the hash recorded for it outside the database), the chain must
        also reach that position with that hash: a chain recomputed after an edit cannot.
        """
        problems = self._verify_log(anchor)
        if problems:
            return problems
        with self.session() as session:
            problems = session.snapshot_problems()
            trigger = session.trigger_problem()
        return problems or ([VerifyProblem(0, trigger)] if trigger else [])

    def _verify_log(self, anchor: tuple[int, str] | None) -> list[VerifyProblem]:
        previous, expected_position = GENESIS, 1
        versions: dict[str, int] = {}
        with self.engine.connect() as conn:  # read before the log: appends after this can only add events
            recorded = dict(conn.execute(select(streams.c.stream_id, streams.c.version)).all())
        for chunk in self.iter_log():
            for e in chunk:
                row = {f: getattr(e, f) for f in StoredEvent.__slots__}  # type: ignore[attr-defined]
                row["recorded_at"] = format_instant(e.recorded_at)
                if e.position != expected_position:
                    return [VerifyProblem(expected_position, f"position {expected_position} is missing "
                                          f"(next row is {e.position}): a row was deleted or renumbered")]
                if chain_hash(previous, row) != e.hash:
                    return [VerifyProblem(e.position, f"row {e.position} ({e.event_id}) does not match its hash: "
                                          "its content, its order or the chain before it was changed")]
                version = versions.get(e.stream_id, 0) + 1
                if e.stream_version != version:
                    return [VerifyProblem(e.position, f"row {e.position}: stream '{e.stream_id}' version "
                                          f"{e.stream_version}, expected {version}")]
                versions[e.stream_id] = version
                if anchor is not None and e.position == anchor[0] and e.hash != anchor[1].lower():
                    return [VerifyProblem(e.position, f"row {e.position} has hash {e.hash[:16]}…, not the anchored "
                                          f"{anchor[1][:16]}…: the history up to position {e.position} was rewritten "
                                          "(the chain is consistent, so it was recomputed after a change)")]
                previous, expected_position = e.hash, expected_position + 1
        if anchor is not None and anchor[0] >= expected_position:
            return [VerifyProblem(expected_position, f"the log ends at position {expected_position - 1}, before the "
                                  f"anchored position {anchor[0]}: rows were deleted since the anchor was taken")]
        for stream_id, version in sorted(recorded.items()):  # the chain alone cannot see rows cut off its end
            if versions.get(stream_id, 0) < version:
                return [VerifyProblem(expected_position, f"stream '{stream_id}' is at version {version} but the log "
                                      f"holds {versions.get(stream_id, 0)} of its events: rows at the end were deleted")]
        return []

    def file_problem(self, whole: bool = False) -> str | None:
        """The database's own check of its pages, where it has a cheap one (SQLite's quick_check); None if it
        passes. A writer runs it once per opened store on a file of moderate size; `verify` (`whole`) always."""
        return self.backend.file_problem(self.engine, whole)

    def checkpoint(self) -> None:
        """SQLite: move the write-ahead log into the main file (before the file is copied or moved)."""
        self.backend.checkpoint(self.engine)

    def change_feed(self) -> ChangeFeed:
        """A way to wait for other connections' appends: LISTEN on PostgreSQL, `PRAGMA data_version` on SQLite."""
        return self.backend.change_feed(self.engine)

    def raw(self) -> Engine:
        """The engine, for tests that must bypass the store (tampering, triggers)."""
        return self.engine

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["SqlStore", "SqlSession", "StoreError", "IntegrityError", "OperationalError", "StoreFailure",
           "describe_failure", "format_instant", "parse_instant"]
