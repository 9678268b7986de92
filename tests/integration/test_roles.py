"""The team's roles on PostgreSQL: each role connects and tries what it must not do, and what it may.

Roles are cluster-wide: every test makes its own (a unique prefix) and drops them at the end, so that
tests running in parallel never share or break one another's roles.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import psycopg
import pytest
from journal_kit import FIXTURES, Run

from tracker.application.bootstrap import open_tracker
from tracker.store.sql import SCHEMA_VERSION

Cli = Callable[..., Run]
OPEN = 2**62
KINDS = ("reader", "analyst", "owner")

LATE = """events:
  - id: ru-rejects-truce-{n}
    type: rejected
    proposal: truce-2025
    date: 2025-03-2{n}
    party: RU
    reason: conditions not met
    sources: [src-daily]
"""


@dataclass
class Team:
    prefix: str
    schema: str
    admin_url: str

    def user(self, kind: str) -> str:
        return f"{self.prefix}_{kind}_login"

    def url(self, kind: str) -> str:
        scheme, rest = self.admin_url.split("://", 1)
        return f"{scheme}://{self.user(kind)}@{rest.split('@', 1)[1]}"

    def connect(self, kind: str | None = None) -> psycopg.Connection[Any]:
        url = self.admin_url if kind is None else self.url(kind)
        dsn, _, _ = url.partition("?")
        return psycopg.connect(dsn, options=f"-csearch_path={self.schema}")


def _drop_roles(admin_dsn: str, schema: str, prefix: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        for kind in KINDS:
            for name in (f"{prefix}_{kind}_login", f"{prefix}_{kind}"):
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                    conn.execute(f'DROP OWNED BY "{name}" CASCADE')  # only this test's schema held its rights
                    conn.execute(f'DROP ROLE "{name}"')


@pytest.fixture
def team(store_url: str, cli: Cli, tmp_path: Path) -> Iterator[Team]:
    if not store_url.startswith("postgresql"):
        pytest.skip("roles are PostgreSQL's (SQLite: file permissions, see test_sqlite_permissions)")
    schema = unquote(store_url).split("search_path=", 1)[1].split("&")[0]
    prefix = "tt" + uuid.uuid4().hex[:10]
    made = Team(prefix, schema, store_url)
    try:
        run = cli("--db", store_url, "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml"))
        assert run.code == 0, run.err
        run = cli("--db", store_url, "roles", "setup", "--prefix", prefix)
        assert run.code == 0, run.err
        assert f"created role {prefix}_analyst" in run.out
        with psycopg.connect(store_url.partition("?")[0], autocommit=True) as conn:
            for kind in KINDS:
                conn.execute(f'CREATE ROLE "{made.user(kind)}" LOGIN IN ROLE "{prefix}_{kind}"')
        yield made
    finally:
        _drop_roles(store_url.partition("?")[0], schema, prefix)


def _refused(team: Team, kind: str, statement: str, params: tuple[Any, ...] = ()) -> str:
    """Run `statement` as a member of `kind`; it must fail. Returns the server's message."""
    with team.connect(kind) as conn:
        with pytest.raises(psycopg.Error) as caught:
            conn.execute(statement, params)
        conn.rollback()
    return str(caught.value)


def _head(team: Team) -> tuple[int, str]:
    with team.connect() as conn:
        row = conn.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1").fetchone()
    assert row is not None
    return row[0], row[1]


# What must stay impossible for anyone but an owner, whatever the client: raw SQL through the driver.
EVERY_ROLE_FORBIDDEN = [
    "UPDATE events SET payload = payload",
    "DELETE FROM events WHERE position = 1",
    "TRUNCATE events",
    "ALTER TABLE events DISABLE TRIGGER USER",
    "ALTER TABLE events DISABLE TRIGGER events_no_change",
    "DROP TRIGGER events_no_change ON events",
    "DROP TRIGGER events_recorded_by ON events",
    "DROP TABLE events",
    "DROP TABLE snapshots",
    "ALTER TABLE events ADD COLUMN x int",
    "ALTER TABLE events RENAME TO old_events",
    "DROP FUNCTION tracker_events_append_only() CASCADE",
    "CREATE OR REPLACE FUNCTION tracker_events_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END; $$ "
    "LANGUAGE plpgsql",
    "CREATE TABLE events_copy (x int)",
    "DELETE FROM snapshots",
    "TRUNCATE snapshots",
    "UPDATE snapshots SET state = state",
    "DELETE FROM streams",
    "UPDATE streams SET version = 1",
    "UPDATE tracker_meta SET value = '1' WHERE key = 'schema_version'",
    "UPDATE alembic_version SET version_num = '0001'",
    "DROP TABLE alembic_version",
    "DELETE FROM parties",
    "DELETE FROM party_aliases",
]


class TestReader:
    def test_reads_everything_with_the_tracker(self, team: Team, cli: Cli) -> None:
        status = cli("--db", team.url("reader"), "status", "--json")
        assert status.code == 0, status.err
        assert [p["id"] for p in status.json()["proposals"]] == ["truce-2025"]
        assert cli("--db", team.url("reader"), "timeline", "truce-2025").code == 0
        assert cli("--db", team.url("reader"), "verify").code == 0

    def test_cannot_append_with_the_tracker(self, team: Team, cli: Cli) -> None:
        before = _head(team)
        run = cli("--db", team.url("reader"), "append", str(FIXTURES / "episode" / "01-proposal.yaml"))
        assert run.code == 1 and "permission denied" in run.err and len(run.err.strip().splitlines()) == 1
        assert _head(team) == before

    @pytest.mark.parametrize("statement", EVERY_ROLE_FORBIDDEN + [
        "INSERT INTO events (position) VALUES (999)",
        "INSERT INTO parties (id, name, aliases) VALUES ('XX', 'X', '[]')",
        "INSERT INTO snapshots (proposal_id, valid_from, rec_from, rec_to, state) VALUES ('p', 1, 1, 2, 's')",
    ])
    def test_every_write_is_refused(self, team: Team, statement: str) -> None:
        message = _refused(team, "reader", statement)
        assert "permission denied" in message or "must be owner" in message, message


class TestAnalyst:
    def test_appends_through_the_tracker_recorded_under_their_login(self, team: Team, cli: Cli,
                                                                     tmp_path: Path) -> None:
        late = tmp_path / "late.yaml"
        late.write_text(LATE.format(n=1))
        run = cli("--db", team.url("analyst"), "append", str(late))
        assert run.code == 0, run.err
        with team.connect() as conn:
            who = conn.execute("SELECT recorded_by FROM events ORDER BY position DESC LIMIT 1").fetchone()
        assert who == (team.user("analyst"),)
        status = cli("--db", team.url("analyst"), "status", "--json").json()
        assert status["proposals"][0]["positions"]["RU"]["position"] == "rejected"
        assert cli("--db", team.url("reader"), "verify", "--deep").code == 0

    @pytest.mark.parametrize("statement", EVERY_ROLE_FORBIDDEN)
    def test_cannot_rewrite_history_or_the_schema(self, team: Team, statement: str) -> None:
        message = _refused(team, "analyst", statement)
        # UPDATE on the projections is granted for the append path; the guard refuses it anywhere else.
        assert any(m in message for m in ("permission denied", "must be owner",
                                          "written only by an append through the tracker")), message

    def test_cannot_record_an_event_under_another_name(self, team: Team) -> None:
        with team.connect() as conn:
            row = conn.execute("SELECT * FROM events ORDER BY position DESC LIMIT 1").fetchone()
            names = [d.name for d in conn.execute("SELECT * FROM events LIMIT 0").description]
        fresh = dict(zip(names, row))
        fresh.update(position=fresh["position"] + 1, event_id="forged", stream_version=99,
                     recorded_by=team.user("owner"))
        columns = ", ".join(fresh)
        message = _refused(team, "analyst", f"INSERT INTO events ({columns}) VALUES ({', '.join(['%s'] * len(fresh))})",
                           tuple(fresh.values()))
        assert "recorded_by must name the database user" in message

    def test_writes_projections_only_in_its_own_append(self, team: Team) -> None:
        position, _ = _head(team)
        for statement in (
            f"INSERT INTO snapshots (proposal_id, valid_from, rec_from, rec_to, state, checksum) "
            f"VALUES ('truce-2025', 800000, {position}, {OPEN}, 'x', '')",
            f"UPDATE snapshots SET rec_to = {position} WHERE rec_to = {OPEN}",
            "UPDATE streams SET version = version + 1",
            "INSERT INTO streams (stream_id, version) VALUES ('made-up', 1)",
        ):
            message = _refused(team, "analyst", statement)
            assert "written only by an append through the tracker" in message, message

    def test_even_within_an_append_only_rows_at_its_own_head(self, team: Team, tmp_path: Path) -> None:
        """Raw SQL after appending an event: closing an older row or adding one elsewhere is refused."""
        tracker = open_tracker(team.url("analyst"))
        try:
            late = tmp_path / "late.yaml"
            late.write_text(LATE.format(n=2))
            assert not tracker.services.append_paths([late])[0].refusals
        finally:
            tracker.close()
        position, _ = _head(team)
        message = _refused(team, "analyst",
                           f"INSERT INTO snapshots (proposal_id, valid_from, rec_from, rec_to, state, checksum) "
                           f"VALUES ('truce-2025', 800000, {position - 1}, {OPEN}, 'x', '')")
        assert "written only by an append" in message  # the head was appended by another transaction


class TestOwner:
    def test_rebuilds_and_verifies(self, team: Team, cli: Cli) -> None:
        assert cli("--db", team.url("owner"), "rebuild").code == 0
        assert cli("--db", team.url("owner"), "verify", "--deep").code == 0

    def test_upgrades_an_older_store_that_an_analyst_may_not(self, team: Team, cli: Cli) -> None:
        with team.connect() as conn:
            conn.execute("UPDATE tracker_meta SET value = '3' WHERE key = 'schema_version'")
            conn.execute("DROP TABLE alembic_version")  # a version-3 store, from before the Alembic revisions
            conn.commit()
        for kind, command in (("analyst", "upgrade"), ("analyst", "status"), ("reader", "status")):
            refused = cli("--db", team.url(kind), command)
            assert refused.code == 1 and "ask an owner of the store to run `tracker upgrade`" in refused.err
            assert len(refused.err.strip().splitlines()) == 1
        done = cli("--db", team.url("owner"), "upgrade")
        assert done.code == 0 and f"from schema version 3 to {SCHEMA_VERSION}" in done.err
        with team.connect() as conn:
            owners = conn.execute("SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n "
                                  "ON n.oid = p.pronamespace WHERE n.nspname = %s", (team.schema,)).fetchall()
        assert owners == [(f"{team.prefix}_owner",)]  # what the upgrade made belongs to the owners' role
        assert cli("--db", team.url("reader"), "verify").code == 0
