"""The one module that speaks SQL: SQLAlchemy Core tables and the store on SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

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
    bindparam,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from tracker.store.base import OPEN, NewEvent, SnapshotRow, StoredEvent, VerifyProblem

SCHEMA_VERSION = 2
GENESIS = "0" * 64
# The advisory lock that serializes appends on PostgreSQL: one per schema (a constant and the schema's
# name), so that stores kept in different schemas of one database do not wait for each other.
_LOCK_KEY = 0x7472_6163
_LOCK_SQL = "SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"

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
    Column("alias", String(200), primary_key=True),  # lower-cased
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
    Column("date_text", String(10), nullable=False),
    Column("date_start", Integer, nullable=False),
    Column("date_end", Integer, nullable=False),
    Column("effective", Integer, nullable=False),
    Column("party", String(32)),
    Column("retracts", String(128)),
    Column("recorded_at", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("hash", String(64), nullable=False),
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
    Index("ix_snapshots_current", "proposal_id", "rec_to", "valid_from"),
    Index("ix_snapshots_history", "proposal_id", "valid_from", "rec_from"),
)

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END",
]
_POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION tracker_events_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION USING MESSAGE = 'events are append-only: ' || TG_OP || ' refused'; END;
       $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS events_no_change ON events",
    "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION tracker_events_append_only()",
    "DROP TRIGGER IF EXISTS events_no_truncate ON events",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION tracker_events_append_only()",
]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def format_instant(instant: datetime) -> str:
    """Fixed-width UTC text, so that instants sort as strings on both databases."""
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)  # Python 3.11 reads the trailing Z as UTC


def chain_hash(previous: str, row: dict[str, Any]) -> str:
    """Each row's hash covers the previous row's hash and its own canonical content."""
    content = orjson.dumps(
        [
            row["position"],
            row["event_id"],
            row["stream_id"],
            row["stream_version"],
            row["type"],
            row["date_text"],
            row["effective"],
            row["party"],
            row["retracts"],
            row["recorded_at"],
            row["payload"],
        ]
    )
    return hashlib.sha256(previous.encode() + b"|" + content).hexdigest()


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
    )


class SqlSession:
    """One transaction. A writing one holds the store's write lock until it ends."""

    def __init__(self, conn: Connection, clock: Callable[[], datetime]) -> None:
        self.conn = conn
        self.clock = clock

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction: rolled back alone if the block raises."""
        with self.conn.begin_nested():
            yield

    # -- the log ---------------------------------------------------------------------------------
    def head(self) -> int:
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

    def stream_versions(self, stream_ids: Sequence[str]) -> dict[str, int]:
        if not stream_ids:
            return {}
        stmt = select(streams.c.stream_id, streams.c.version).where(streams.c.stream_id.in_(list(stream_ids)))
        return {sid: v for sid, v in self.conn.execute(stmt)}

    def proposals(self) -> dict[str, int | None]:
        """Every stream with its proposal's start (ordinal), None while it has no `proposed`."""
        return {sid: start for sid, start in self.conn.execute(select(streams.c.stream_id, streams.c.proposed_start))}

    def events_by_id(self, event_ids: Sequence[str]) -> dict[str, StoredEvent]:
        found: dict[str, StoredEvent] = {}
        ids = list(event_ids)
        for i in range(0, len(ids), 500):
            stmt = select(events).where(events.c.event_id.in_(ids[i : i + 500]))
            found.update({e.event_id: e for e in map(_stored, self.conn.execute(stmt).all())})
        return found

    def stream_events(
        self, stream_id: str, from_effective: int = 0, upto: int | None = None, until_effective: int | None = None
    ) -> list[StoredEvent]:
        """A stream's events in fold order (effective date, then position)."""
        stmt = select(events).where(events.c.stream_id == stream_id, events.c.effective >= from_effective)
        if upto is not None:
            stmt = stmt.where(events.c.position <= upto)
        if until_effective is not None:
            stmt = stmt.where(events.c.effective <= until_effective)
        return [_stored(r) for r in self.conn.execute(stmt.order_by(events.c.effective, events.c.position)).all()]

    def latest_events(self, stream_id: str, until_effective: int, upto: int | None, limit: int) -> list[StoredEvent]:
        """The last `limit` events of a stream in fold order, dated on or before `until_effective`, newest first."""
        c = events.c
        stmt = select(events).where(c.stream_id == stream_id, c.effective <= until_effective)
        if upto is not None:
            stmt = stmt.where(c.position <= upto)
        stmt = stmt.order_by(c.effective.desc(), c.position.desc()).limit(limit)
        return [_stored(r) for r in self.conn.execute(stmt).all()]

    def fold_rows(self, stream_id: str, from_effective: int = 0, upto: int | None = None,
                  skip_types: Collection[str] = (), until_effective: int | None = None) -> list[Any]:
        """Only what folding needs (position, event_id, effective, retracts, recorded_at text, payload), in fold order.

        Lighter than `stream_events`: rebuilds and refolds read many rows and need no row objects.
        `skip_types` leaves out events that cannot change a state (most of an archive is violation reports).
        """
        c = events.c
        stmt = select(c.position, c.event_id, c.effective, c.retracts, c.recorded_at, c.payload).where(
            c.stream_id == stream_id, c.effective >= from_effective
        )
        if upto is not None:
            stmt = stmt.where(c.position <= upto)
        if skip_types:
            stmt = stmt.where(c.type.not_in(sorted(skip_types)))
        if until_effective is not None:
            stmt = stmt.where(c.effective <= until_effective)
        return self.conn.execute(stmt.order_by(c.effective, c.position)).all()

    def retractions(self, stream_id: str, upto: int | None = None) -> dict[str, str]:
        """Retracted event id -> the id of the retraction, for retractions recorded up to `upto`."""
        stmt = select(events.c.retracts, events.c.event_id).where(
            events.c.stream_id == stream_id, events.c.retracts.is_not(None)
        )
        if upto is not None:
            stmt = stmt.where(events.c.position <= upto)
        return {retracted: by for retracted, by in self.conn.execute(stmt.order_by(events.c.position))}

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

    def append(self, new: Sequence[NewEvent], proposed_starts: dict[str, int]) -> list[StoredEvent]:
        """Write a batch at the end of the log: gap-free positions, one instant, the hash chain extended."""
        last = self.conn.execute(
            select(events.c.position, events.c.hash, events.c.recorded_at).order_by(events.c.position.desc()).limit(1)
        ).first()
        position, previous, last_instant = (last[0], last[1], last[2]) if last else (0, GENESIS, "")
        instant = format_instant(self.clock())
        if last_instant and instant <= last_instant:  # strictly after the previous batch, whatever the clock says
            instant = format_instant(parse_instant(last_instant) + timedelta(microseconds=1))
        versions = self.stream_versions(sorted({e.stream_id for e in new}))
        rows: list[dict[str, Any]] = []
        for e in new:
            position += 1
            versions[e.stream_id] = versions.get(e.stream_id, 0) + 1
            row = {
                "position": position,
                "event_id": e.event_id,
                "stream_id": e.stream_id,
                "stream_version": versions[e.stream_id],
                "type": e.type,
                "date_text": e.date_text,
                "date_start": e.date_start,
                "date_end": e.date_end,
                "effective": e.effective,
                "party": e.party,
                "retracts": e.retracts,
                "recorded_at": instant,
                "payload": e.payload,
            }
            previous = row["hash"] = chain_hash(previous, row)
            rows.append(row)
        if rows:
            self.conn.execute(events.insert(), rows)
            self._save_versions(versions, proposed_starts)
        return [_stored_from_dict(r) for r in rows]

    def _save_versions(self, versions: dict[str, int], proposed_starts: dict[str, int]) -> None:
        known = self.proposals()
        fresh = [
            {"stream_id": s, "version": v, "proposed_start": proposed_starts.get(s)}
            for s, v in versions.items()
            if s not in known
        ]
        if fresh:
            self.conn.execute(streams.insert(), fresh)
        update = streams.update().where(streams.c.stream_id == bindparam("sid"))
        changed = [
            {"sid": s, "version": v, "proposed_start": proposed_starts.get(s, known[s])}
            for s, v in versions.items()
            if s in known
        ]
        if changed:
            self.conn.execute(update.values(version=bindparam("version"), proposed_start=bindparam("proposed_start")), changed)

    # -- registries ------------------------------------------------------------------------------
    def parties(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return {pid: (name, tuple(orjson.loads(al))) for pid, name, al in self.conn.execute(select(parties))}

    def save_party(self, party_id: str, name: str, party_aliases: Sequence[str], new: bool) -> None:
        values = {"name": name, "aliases": orjson.dumps(list(party_aliases)).decode()}
        if new:
            self.conn.execute(parties.insert().values(id=party_id, **values))
        else:
            self.conn.execute(parties.update().where(parties.c.id == party_id).values(**values))
        known = {a for (a,) in self.conn.execute(select(aliases.c.alias).where(aliases.c.party_id == party_id))}
        for key in {party_id.lower(), name.lower(), *(a.lower() for a in party_aliases)} - known:
            self.conn.execute(aliases.insert().values(alias=key, party_id=party_id))

    def alias_map(self) -> dict[str, str]:
        return {a: p for a, p in self.conn.execute(select(aliases.c.alias, aliases.c.party_id))}

    def sources(self) -> dict[str, str]:
        return {sid: body for sid, body in self.conn.execute(select(sources.c.id, sources.c.body))}

    def save_source(self, source_id: str, body: str, new: bool) -> None:
        if new:
            self.conn.execute(sources.insert().values(id=source_id, body=body))
        else:
            self.conn.execute(sources.update().where(sources.c.id == source_id).values(body=body))

    # -- snapshots (a disposable cache of the fold, versioned by position) ------------------------
    def snapshot_at(self, proposal: str, day: int, upto: int | None = None) -> SnapshotRow | None:
        """The proposal's state after every event dated on or before `day`, as known at `upto`."""
        s = snapshots.c
        stmt = select(snapshots).where(s.proposal_id == proposal, s.valid_from <= day)
        if upto is None:
            stmt = stmt.where(s.rec_to == OPEN)
        else:
            stmt = stmt.where(s.rec_from <= upto, s.rec_to > upto)
        row = self.conn.execute(stmt.order_by(s.valid_from.desc()).limit(1)).first()
        return SnapshotRow(*row) if row else None

    def snapshots_at(self, day: int, upto: int | None = None) -> list[str]:
        """Every proposal's state as of `day`: one index seek per proposal, no replay."""
        s = snapshots.alias("s")
        inner = select(s.c.state).where(s.c.proposal_id == streams.c.stream_id, s.c.valid_from <= day)
        if upto is None:
            inner = inner.where(s.c.rec_to == OPEN)
        else:
            inner = inner.where(s.c.rec_from <= upto, s.c.rec_to > upto)
        inner = inner.order_by(s.c.valid_from.desc()).limit(1).scalar_subquery()
        stmt = select(inner).select_from(streams).order_by(streams.c.stream_id)
        return [state for (state,) in self.conn.execute(stmt) if state is not None]

    def snapshot_history(self, proposal: str, upto: int | None = None) -> list[tuple[int, str]]:
        s = snapshots.c
        stmt = select(s.valid_from, s.state).where(s.proposal_id == proposal)
        stmt = stmt.where(s.rec_to == OPEN) if upto is None else stmt.where(s.rec_from <= upto, s.rec_to > upto)
        return [(d, st) for d, st in self.conn.execute(stmt.order_by(s.valid_from))]

    def snapshot_histories(self, until_day: int, upto: int | None = None) -> list[Any]:
        """Every proposal's states on each day they changed, up to `until_day`: (proposal, day, state) rows."""
        s = snapshots.c
        stmt = select(s.proposal_id, s.valid_from, s.state).where(s.valid_from <= until_day)
        stmt = stmt.where(s.rec_to == OPEN) if upto is None else stmt.where(s.rec_from <= upto, s.rec_to > upto)
        return self.conn.execute(stmt.order_by(s.proposal_id, s.valid_from)).all()

    def open_snapshots(self, proposal: str, from_day: int) -> dict[int, str]:
        s = snapshots.c
        stmt = select(s.valid_from, s.state).where(s.proposal_id == proposal, s.rec_to == OPEN, s.valid_from >= from_day)
        return {d: st for d, st in self.conn.execute(stmt)}

    def replace_snapshots(
        self, proposal: str, close_days: Sequence[int], rows: Sequence[tuple[int, str]], position: int
    ) -> None:
        """Close the named current rows at `position` and add the new ones from `position` on."""
        s = snapshots.c
        if close_days:
            stmt = (
                snapshots.update()
                .where(s.proposal_id == proposal, s.rec_to == OPEN, s.valid_from == bindparam("day"))
                .values(rec_to=position)
            )
            self.conn.execute(stmt, [{"day": d} for d in close_days])
        if rows:
            self.conn.execute(
                snapshots.insert(),
                [
                    {"proposal_id": proposal, "valid_from": d, "rec_from": position, "rec_to": OPEN, "state": st}
                    for d, st in rows
                ],
            )

    def clear_snapshots(self) -> None:
        self.conn.execute(snapshots.delete())

    def insert_snapshots(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            # Plain tuples through the driver: a rebuild writes one row per proposal-day.
            cursor = self.conn.connection.cursor()
            if self.conn.dialect.name == "postgresql":  # COPY: one stream instead of a statement per row
                with cursor.copy("COPY snapshots (proposal_id, valid_from, rec_from, rec_to, state) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row((r["proposal_id"], r["valid_from"], r["rec_from"], r["rec_to"], r["state"]))
                return
            marker = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
            cursor.executemany(
                f"INSERT INTO snapshots (proposal_id, valid_from, rec_from, rec_to, state) VALUES "
                f"({', '.join([marker] * 5)})",
                [(r["proposal_id"], r["valid_from"], r["rec_from"], r["rec_to"], r["state"]) for r in rows],
            )

    def all_snapshots(self) -> list[tuple[str, int, int, int, str]]:
        s = snapshots.c
        stmt = select(s.proposal_id, s.valid_from, s.rec_from, s.rec_to, s.state).order_by(
            s.proposal_id, s.valid_from, s.rec_from
        )
        return list(self.conn.execute(stmt).all())


def _stored_from_dict(row: dict[str, Any]) -> StoredEvent:
    return StoredEvent(**{**row, "recorded_at": parse_instant(row["recorded_at"])})


class SqlStore:
    """The event store on SQLite (the default) or PostgreSQL, chosen by URL."""

    def __init__(self, url: str, clock: Callable[[], datetime] = utc_now) -> None:
        self.url = url
        self.clock = clock
        self.engine = self._make_engine(url)
        self.dialect = self.engine.dialect.name
        self._ensure_schema()

    @staticmethod
    def _make_engine(url: str) -> Engine:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        if url.startswith("sqlite"):
            # Pooled connections keep SQLite's page cache between queries: with a fresh connection per
            # read, a status of every proposal spent as long re-reading pages as answering.
            engine = create_engine(url)

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA busy_timeout = 60000")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
                cursor.execute("PRAGMA foreign_keys = ON")
                # 64 MiB of page cache (the default is 2 MiB): an archive's indexes are hundreds of MB, and
                # with the small cache every append re-read the index pages its inserts land on.
                cursor.execute("PRAGMA cache_size = -65536")
                cursor.close()

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Connection) -> None:
                # IMMEDIATE takes the write lock at once, so two appends never interleave.
                write = conn.get_execution_options().get("tracker_write", False)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

            return engine
        # No server-side prepared statements: a plan cached before the first ANALYZE of a young table
        # (a sequential scan for `event_id IN (...)`) would be kept for the connection's life.
        return create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})

    def _ensure_schema(self) -> None:
        with self.engine.connect().execution_options(tracker_write=True) as conn:
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text(_LOCK_SQL), {"k": _LOCK_KEY})
                existing = conn.execute(text(self._has_meta_sql())).first()
                if existing is not None:
                    version = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
                    if version is not None and int(version) > SCHEMA_VERSION:
                        raise RuntimeError(
                            f"the store's schema is version {version}, newer than this tracker's {SCHEMA_VERSION}"
                        )
                    if version is not None:
                        if int(version) < SCHEMA_VERSION:
                            self._upgrade(conn)
                        return
                metadata.create_all(conn)
                for statement in _SQLITE_TRIGGERS if self.dialect == "sqlite" else _POSTGRES_TRIGGERS:
                    conn.exec_driver_sql(statement)
                conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))

    @staticmethod
    def _upgrade(conn: Connection) -> None:
        """Version 2 added indexes (for known-on, event days and a proposal's retractions); no data changes."""
        for index in events.indexes:
            index.create(conn, checkfirst=True)
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))

    def _has_meta_sql(self) -> str:
        if self.dialect == "sqlite":
            return "SELECT name FROM sqlite_master WHERE type='table' AND name='tracker_meta'"
        return "SELECT to_regclass('tracker_meta')::text AS name WHERE to_regclass('tracker_meta') IS NOT NULL"

    @contextmanager
    def session(self, write: bool = False) -> Iterator[SqlSession]:
        """A transaction: a writing one is serialized with every other writer; a reading one sees one snapshot."""
        conn = self.engine.connect()
        try:
            if write:
                conn = conn.execution_options(tracker_write=True)
            elif self.dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                if write and self.dialect == "postgresql":
                    conn.execute(text(_LOCK_SQL), {"k": _LOCK_KEY})
                yield SqlSession(conn, self.clock)
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

    def verify(self) -> list[VerifyProblem]:
        """Recompute the hash chain and check positions and stream versions; report the first bad row."""
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
                previous, expected_position = e.hash, expected_position + 1
        for stream_id, version in sorted(recorded.items()):  # the chain alone cannot see rows cut off its end
            if versions.get(stream_id, 0) < version:
                return [VerifyProblem(expected_position, f"stream '{stream_id}' is at version {version} but the log "
                                      f"holds {versions.get(stream_id, 0)} of its events: rows at the end were deleted")]
        return []

    def raw(self) -> Engine:
        """The engine, for tests that must bypass the store (tampering, triggers)."""
        return self.engine

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["SqlStore", "SqlSession", "IntegrityError", "OperationalError", "format_instant", "parse_instant"]
