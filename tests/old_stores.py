"""Stores as earlier releases left them: the tables of schema versions 1, 2 and 3, filled with a few events.

The tables are copied from those releases' tracker/store/sql.py (git history: version 1 at 1fc00f8,
version 2 at b7a244f, version 3 at 70ff529), not from the migrations under test. The PostgreSQL
append-only function is the one every release created from 5a9f79b on (the first commit's raised the
same message through a format string). The rows are those a
current store holds after the test registry and the truce, minus what the old schema lacks: no
`recorded_by`, and the hash chain an earlier release computed (the same chain over rows without it);
no snapshot checksums before version 3. Neither release kept an `alembic_version` table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (BigInteger, Column, Engine, Index, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, inspect, text)

from tracker.application.bootstrap import open_tracker
from tracker.store.sql import GENESIS, chain_hash, snapshot_checksum

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = (1, 2, 3)
RECORDED = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)  # each batch is recorded a microsecond later
ORDER = ("tracker_meta", "parties", "party_aliases", "sources", "events", "streams", "snapshots")

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END",
]
POSTGRES_TRIGGERS = [
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


def tables_of(version: int) -> MetaData:
    """The tables as schema version `version` created them."""
    md = MetaData()
    Table("tracker_meta", md, Column("key", String(64), primary_key=True), Column("value", Text))
    Table("parties", md, Column("id", String(32), primary_key=True), Column("name", Text, nullable=False),
          Column("aliases", Text, nullable=False))
    Table("party_aliases", md, Column("alias", String(200) if version < 3 else Text, primary_key=True),
          Column("party_id", String(32), nullable=False))
    Table("sources", md, Column("id", String(128), primary_key=True), Column("body", Text, nullable=False))
    if version == 1:
        indexes = [Index("ix_events_stream_fold", "stream_id", "effective", "position"),
                   Index("ix_events_recorded_at", "recorded_at"),
                   Index("ix_events_retracts", "retracts"),
                   Index("ix_events_type_stream", "type", "stream_id", "effective")]
    else:
        indexes = [Index("ix_events_stream_fold", "stream_id", "effective", "position"),
                   Index("ix_events_recorded_position", "recorded_at", "position"),
                   Index("ix_events_effective", "effective", "position"),
                   Index("ix_events_retracts", "retracts"),
                   Index("ix_events_stream_retractions", "stream_id", "position",
                         sqlite_where=text("retracts IS NOT NULL"), postgresql_where=text("retracts IS NOT NULL")),
                   Index("ix_events_type_stream", "type", "stream_id", "effective")]
    Table("events", md,
          Column("position", BigInteger, primary_key=True, autoincrement=False),
          Column("event_id", String(128), nullable=False, unique=True),
          Column("stream_id", String(128), nullable=False),
          Column("stream_version", Integer, nullable=False),
          Column("type", String(32), nullable=False),
          Column("date_text", String(10) if version < 3 else String(32), nullable=False),
          Column("date_start", Integer, nullable=False),
          Column("date_end", Integer, nullable=False),
          Column("effective", Integer, nullable=False),
          Column("party", String(32)),
          Column("retracts", String(128)),
          Column("recorded_at", String(32), nullable=False),
          Column("payload", Text, nullable=False),
          Column("hash", String(64), nullable=False),
          UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
          *indexes)
    Table("streams", md, Column("stream_id", String(128), primary_key=True), Column("version", Integer, nullable=False),
          Column("proposed_start", Integer))
    checksum = [Column("checksum", String(16), nullable=False, server_default="")] if version >= 3 else []
    Table("snapshots", md,
          Column("proposal_id", String(128), nullable=False),
          Column("valid_from", Integer, nullable=False),
          Column("rec_from", BigInteger, nullable=False),
          Column("rec_to", BigInteger, nullable=False),
          Column("state", Text, nullable=False),
          *checksum,
          Index("ix_snapshots_current", "proposal_id", "rec_to", "valid_from"),
          Index("ix_snapshots_history", "proposal_id", "valid_from", "rec_from"))
    return md


def engine_for(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


RETRACTION = """events:
  - {id: ru-reviews-grain-withdrawn, type: retracted, proposal: grain-2025, date: 2025-04-05,
     retracts: ru-reviews-grain, reason: misattributed quote}
"""


def make_source(folder: Path) -> str:
    """A current SQLite store holding the test registry, the truce, the grain episode and a retraction."""
    (folder / "retraction.yaml").write_text(RETRACTION, encoding="utf-8")
    url = f"sqlite:///{folder / 'source.db'}"
    tracker = open_tracker(url, clock=lambda: RECORDED)
    try:
        for path in (FIXTURES / "registry.yaml", FIXTURES / "truce.yaml", FIXTURES / "episode",
                     folder / "retraction.yaml"):
            outcomes = tracker.services.append_paths([path])
            assert all(o.outcome == "appended" for o in outcomes), [str(r) for o in outcomes for r in o.refusals]
    finally:
        tracker.close()
    return url


def rows_of(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the store's tables but `tracker_meta` (and Alembic's)."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return {t: [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {t}"))] for t in ORDER[1:]}
    finally:
        engine.dispose()


def as_released(rows: dict[str, list[dict[str, Any]]], version: int) -> dict[str, list[dict[str, Any]]]:
    """The rows as a release of schema `version` would hold them."""
    out = {t: [dict(r) for r in rs] for t, rs in rows.items()}
    previous = GENESIS
    for row in sorted(out.get("events", []), key=lambda r: r["position"]):
        row.pop("recorded_by", None)
        previous = row["hash"] = chain_hash(previous, row)
    for row in out.get("snapshots", []):
        row.pop("checksum", None)
        if version >= 3:
            row["checksum"] = snapshot_checksum(row["proposal_id"], row["valid_from"], row["rec_from"], row["state"])
    return out


def build(url: str, version: int, rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Make the empty store at `url` what a release of schema `version` left, holding `rows`; returns them."""
    old = as_released(rows, version)
    md = tables_of(version)
    engine = engine_for(url)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode = WAL")
        with engine.begin() as conn:
            md.create_all(conn)
            for statement in SQLITE_TRIGGERS if engine.dialect.name == "sqlite" else POSTGRES_TRIGGERS:
                conn.exec_driver_sql(statement)
            conn.execute(md.tables["tracker_meta"].insert(), [{"key": "schema_version", "value": str(version)}])
            for name in ORDER[1:]:
                if old.get(name):
                    conn.execute(md.tables[name].insert(), old[name])
    finally:
        engine.dispose()
    return old


def stamp_as_released(url: str, version: int | str) -> None:
    """Make a current store look like one from before the migrations moved to Alembic, stamped `version`
    in `tracker_meta` (for tests that take a part of the schema back by hand)."""
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            conn.execute(text("UPDATE tracker_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)})
    finally:
        engine.dispose()


def sibling_url(url: str, name: str) -> str:
    """Another empty store beside `url`: a file in the same folder, or a new schema on the same server."""
    if url.startswith("sqlite"):
        return f"{url.rsplit('/', 1)[0]}/{name}.db"
    schema = url.split("search_path%3D", 1)[1].split("&", 1)[0]
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}_{name}")
    finally:
        engine.dispose()
    return url.replace(f"search_path%3D{schema}", f"search_path%3D{schema}_{name}", 1)


def affinity(declared: str) -> str:
    """SQLite's reading of a declared type (https://sqlite.org/datatype3.html, 3.1)."""
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper:
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def schema_of(url: str) -> dict[str, Any]:
    """Everything a migration may change: tables, columns, keys, indexes, triggers, trigger functions, and
    the version rows. On SQLite a column's type is its affinity: SQLite keeps nothing else of a declared
    type (a VARCHAR(10) holds any text), and changing a declaration would mean copying the whole table,
    so the migrations leave SQLite's declarations as they were."""
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            sqlite = conn.dialect.name == "sqlite"

            def kind(column_type: Any) -> str:
                spelled = str(column_type.compile(dialect=conn.dialect))
                return affinity(spelled) if sqlite else spelled

            tables = {}
            for table in sorted(found.get_table_names()):
                tables[table] = {
                    "columns": [(c["name"], kind(c["type"]), c["nullable"], c["default"])
                                for c in found.get_columns(table)],
                    "primary key": found.get_pk_constraint(table)["constrained_columns"],
                    "unique": sorted((u["name"] or "", tuple(u["column_names"]))
                                     for u in found.get_unique_constraints(table)),
                    "indexes": sorted((i["name"] or "", tuple(i["column_names"]), bool(i["unique"]),
                                       " ".join(str(v) for v in (i.get("dialect_options") or {}).values()))
                                      for i in found.get_indexes(table)),
                }
            if sqlite:
                triggers = sorted((n, " ".join(s.split())) for n, s in conn.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
                functions: list[Any] = []
            else:
                triggers = sorted(conn.exec_driver_sql(
                    "SELECT tgname, replace(pg_get_triggerdef(t.oid), current_schema() || '.', '') "
                    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal").all())
                functions = sorted(conn.exec_driver_sql(
                    "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = current_schema()::regnamespace").all())
            stamps = {"tracker_meta": conn.exec_driver_sql("SELECT key, value FROM tracker_meta ORDER BY key").all()}
            if "alembic_version" in tables:
                stamps["alembic_version"] = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    finally:
        engine.dispose()
    return {"tables": tables, "triggers": [tuple(t) for t in triggers], "functions": [tuple(f) for f in functions],
            "stamps": {k: [tuple(r) for r in v] for k, v in stamps.items()}}
