"""Which store a command opens, and every way that can fail: one line, exit 1, nothing created or changed."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import old_stores
import pytest
from journal_kit import FIXTURES, Run
from sqlalchemy import create_engine, text

from tracker.application.bootstrap import open_tracker
from tracker.application.faults import explain
from tracker.store import sql
from tracker.store.sql import SCHEMA_VERSION

Cli = Callable[..., Run]

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")


@pytest.fixture
def pg_url(store_url: str) -> str:
    """A new, empty PostgreSQL schema (the SQLite run of a PostgreSQL-only test is skipped)."""
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    return store_url


READERS = [["status"], ["timeline", "black-sea-2025"], ["diff", "2025-01", "2025-06"], ["replay", "--to", "2025-04"],
           ["verify"], ["validate", str(FIXTURES / "truce.yaml")], ["dashboard"], []]


def one_line(run: Run) -> str:
    assert run.code == 1, (run.code, run.out, run.err)
    assert run.out == "" and run.err.count("\n") == 1 and run.err.startswith("tracker: "), run.err
    assert "Traceback" not in run.err
    return run.err.removeprefix("tracker: ").strip()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pg_engine(url: str):  # noqa: ANN201 - a test helper
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


class TestAMissingStore:
    @pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:1]) or "(no command)")
    def test_a_read_on_a_path_that_does_not_exist_creates_nothing(self, cli: Cli, tmp_path: Path, args: list[str]) -> None:
        missing = tmp_path / "typo.db"
        message = one_line(cli("--db", str(missing), *args))
        assert message == f"no store at {missing}; create it with `tracker init`"
        assert list(tmp_path.iterdir()) == [tmp_path / "xdg"] or list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("command", ["upgrade", "rebuild"])
    def test_a_command_that_alters_a_store_never_creates_one(self, cli: Cli, tmp_path: Path, command: str) -> None:
        missing = tmp_path / "typo.db"
        message = one_line(cli("--db", str(missing), command))
        assert message == f"no store at {missing}; create it with `tracker init`"
        assert not missing.exists()

    def test_init_and_append_create_the_store(self, cli: Cli, tmp_path: Path) -> None:
        assert cli("--db", str(tmp_path / "a.db"), "init").code == 0
        assert cli("--db", str(tmp_path / "b.db"), "append", str(FIXTURES / "registry.yaml")).code == 0
        for name in ("a.db", "b.db"):
            assert cli("--db", str(tmp_path / name), "verify").code == 0

    def test_a_new_store_is_in_wal_mode_so_that_readers_never_wait(self, cli: Cli, tmp_path: Path) -> None:
        cli("--db", str(tmp_path / "a.db"), "init")
        assert sqlite3.connect(tmp_path / "a.db").execute("PRAGMA journal_mode").fetchone() == ("wal",)

    def test_a_missing_folder_is_named(self, cli: Cli, tmp_path: Path) -> None:
        target = tmp_path / "no-such-folder" / "x.db"
        assert one_line(cli("--db", str(target), "init")) == (
            f"cannot create a store at {target}: the folder {target.parent} does not exist")
        assert not target.parent.exists()

    def test_a_folder_given_as_the_store(self, cli: Cli, tmp_path: Path) -> None:
        assert "is a folder, not a store file" in one_line(cli("--db", str(tmp_path), "status"))
        assert "is a folder, not a store file" in one_line(cli("--db", str(tmp_path), "append", str(FIXTURES / "registry.yaml")))

    def test_a_file_that_is_not_a_database(self, cli: Cli, tmp_path: Path) -> None:
        junk = tmp_path / "notes.db"
        junk.write_text("these are my notes, not a database\n" * 100)
        before = digest(junk)
        for args in (["status"], ["append", str(FIXTURES / "registry.yaml")], ["init"]):
            assert "not a SQLite database" in one_line(cli("--db", str(junk), *args))
        assert digest(junk) == before


class TestTheDefaultStore:
    def test_the_first_run_creates_it_with_the_bundled_dataset(self, cli: Cli, tmp_path: Path) -> None:
        run = cli("status", "--json")
        assert run.code == 0 and "black-sea-2025" in [p["id"] for p in run.json()["proposals"]]
        folder = tmp_path / "xdg" / "tracker"
        assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["tracker.db"]

    def test_an_interrupted_first_run_leaves_no_half_loaded_store(self, cli: Cli, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
        from tracker.application import services

        real = services.Services.append_paths
        calls = []

        def interrupted(self: services.Services, paths: list[Path], dry_run: bool = False) -> list:  # type: ignore[type-arg]
            calls.append(1)
            real(self, list(paths)[:1])  # the first file is committed, then Ctrl-C
            raise KeyboardInterrupt

        monkeypatch.setattr(services.Services, "append_paths", interrupted)
        assert cli("status").code == 130 and calls
        assert not (tmp_path / "xdg" / "tracker" / "tracker.db").exists()
        monkeypatch.setattr(services.Services, "append_paths", real)
        run = cli("status", "--json")
        assert run.code == 0 and len(run.json()["proposals"]) >= 6


class TestAForeignDatabase:
    def test_a_sqlite_file_of_another_application_is_refused_and_left_byte_for_byte(self, cli: Cli, tmp_path: Path) -> None:
        other = tmp_path / "other.db"
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)")
            conn.execute("INSERT INTO events (what) VALUES ('a birthday')")
        before = digest(other)
        for args in (["status"], ["verify"], ["init"], ["append", str(FIXTURES / "registry.yaml")]):
            message = one_line(cli("--db", str(other), *args))
            assert message.startswith(f"{other} is not a tracker store (it holds events); the tracker leaves it untouched")
        assert digest(other) == before
        assert sqlite3.connect(other).execute("SELECT what FROM events").fetchall() == [("a birthday",)]

    def test_a_postgresql_schema_of_another_application_is_refused_and_left_untouched(self, cli: Cli, pg_url: str) -> None:
        url = pg_url
        engine = pg_engine(url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE events (id serial PRIMARY KEY, what text)"))
        for args in (["status"], ["init"], ["append", str(FIXTURES / "registry.yaml")]):
            assert "is not a tracker store (it holds events)" in one_line(cli("--db", url, *args))
        with engine.begin() as conn:
            tables = conn.execute(text("SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = current_schema()")).scalars().all()
            triggers = conn.execute(text("SELECT count(*) FROM information_schema.triggers "
                                         "WHERE event_object_schema = current_schema()")).scalar()
        engine.dispose()
        assert (tables, triggers) == (["events"], 0)


class TestSchemaVersions:
    # A store keeps its version as Alembic's revision (alembic_version), or, made by a release from before
    # the migrations moved to Alembic, in tracker_meta alone: both are read, and both refused alike.
    @pytest.mark.parametrize(("table", "stamp", "expected"), [
        ("alembic_version", f"{SCHEMA_VERSION + 1:04d}", f"has schema version {SCHEMA_VERSION + 1}, newer than this tracker's {SCHEMA_VERSION}: upgrade the tracker to read it"),
        ("alembic_version", "banana", "has schema version 'banana', which no tracker wrote"),
        ("alembic_version", "0000", "has schema version '0000', which no tracker wrote"),
        ("tracker_meta", str(SCHEMA_VERSION + 1), f"has schema version {SCHEMA_VERSION + 1}, newer than this tracker's {SCHEMA_VERSION}: upgrade the tracker to read it"),
        ("tracker_meta", "banana", "has schema version 'banana', which no tracker wrote"),
        ("tracker_meta", "0", "has schema version '0', which no tracker wrote"),
    ])
    def test_a_store_stamped_with_a_version_this_tracker_cannot_read(self, cli: Cli, store_url: str, table: str,
                                                                      stamp: str, expected: str) -> None:
        open_tracker(store_url).close()
        if table == "tracker_meta":
            old_stores.stamp_as_released(store_url, stamp)
        else:
            engine = pg_engine(store_url) if store_url.startswith("postgresql") else create_engine(store_url)
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": stamp})
            engine.dispose()
        for args in (["status"], ["append", str(FIXTURES / "registry.yaml")]):
            assert expected in one_line(cli("--db", store_url, *args))

    def test_an_older_store_is_upgraded_once_by_whoever_opens_it_with_a_notice(self, cli: Cli, store_url: str) -> None:
        open_tracker(store_url).close()
        engine = pg_engine(store_url) if store_url.startswith("postgresql") else create_engine(store_url)

        def version() -> tuple[str, str]:
            with engine.begin() as conn:
                return (conn.execute(text("SELECT value FROM tracker_meta WHERE key = 'schema_version'")).scalar(),
                        conn.execute(text("SELECT version_num FROM alembic_version")).scalar())

        old_stores.stamp_as_released(store_url, 2)
        first = cli("--db", store_url, "status", "--json")
        assert first.code == 0 and "upgraded the store" in first.err and f"from schema version 2 to {SCHEMA_VERSION}" in first.err
        assert first.json()["proposals"] == []  # stdout stays clean JSON
        assert version() == (str(SCHEMA_VERSION), f"{SCHEMA_VERSION:04d}")
        again = cli("--db", store_url, "status", "--json")
        assert again.code == 0 and "upgraded" not in again.err  # once in the store's life
        assert cli("--db", store_url, "verify").code == 0
        engine.dispose()

    def test_a_store_of_the_last_release_before_alembic_is_read_as_it_is(self, cli: Cli, store_url: str) -> None:
        """At the current version it needs no migration: it is read and written without being stamped (the
        first migration to run on it stamps it)."""
        open_tracker(store_url).close()
        old_stores.stamp_as_released(store_url, SCHEMA_VERSION)
        for args in (["status"], ["append", str(FIXTURES / "registry.yaml")], ["verify"]):
            run = cli("--db", store_url, *args)
            assert run.code == 0 and "upgraded" not in run.err, run.err
        assert "alembic_version" not in old_stores.schema_of(store_url)["tables"]

    def test_upgrade_is_a_command_too(self, cli: Cli, store_url: str) -> None:
        open_tracker(store_url).close()
        run = cli("--db", store_url, "upgrade")
        assert run.code == 0 and f"schema version {SCHEMA_VERSION}" in run.out

    def test_an_empty_postgresql_schema_is_not_a_store_until_init(self, cli: Cli, store_url: str) -> None:
        if not store_url.startswith("postgresql"):
            pytest.skip("PostgreSQL only")
        assert one_line(cli("--db", store_url, "status")).startswith("no tracker store at postgresql://")
        assert cli("--db", store_url, "init").code == 0
        assert cli("--db", store_url, "status", "--json").json()["proposals"] == []


class TestUrls:
    def test_postgres_and_postgresql_urls_both_work(self, cli: Cli, pg_url: str) -> None:
        url = pg_url
        assert cli("--db", url, "init").code == 0
        short = url.replace("postgresql://", "postgres://", 1)
        assert cli("--db", short, "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml")).code == 0
        assert cli("--db", url, "verify", "--json").json()["events"] == 2

    def test_a_missing_postgresql_database_is_named(self, cli: Cli) -> None:
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL not configured")
        base = POSTGRES_URL.rsplit("/", 1)[0]
        assert one_line(cli("--db", f"{base}/no_such_db_here", "status")) == (
            "the PostgreSQL server has no database 'no_such_db_here'; create it (createdb no_such_db_here) or fix the URL")

    @pytest.mark.parametrize(("url", "expected"), [
        ("postgresql://postgres@127.0.0.1:1/test", "no PostgreSQL server answers at that address (connection refused)"),
        ("postgresql://postgres@host.invalid/test", "unknown host in the database URL"),
        ("mysql://me@host/db", "unsupported database URL 'mysql://me@host/db'"),
        ("oracle://me:secret@host/db", "unsupported database URL 'oracle://me:***@host/db'"),
        ("postgresql://postgres@127.0.0.1:notaport/test", "the database URL 'postgresql://postgres@127.0.0.1:notaport/test' has a malformed port"),
    ])
    def test_a_wrong_or_unreachable_url_is_one_line(self, cli: Cli, url: str, expected: str) -> None:
        message = one_line(cli("--db", url, "status"))
        assert message.startswith(expected), message
        assert "secret" not in message


class TestEnvironmentAndFaults:
    def test_a_malformed_max_file_size_is_one_line_for_every_command(self, cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
        monkeypatch.setenv("TRACKER_MAX_FILE_BYTES", "abc")
        for args in (["status"], ["validate", "x.yaml"], ["schema"]):
            assert one_line(cli(*args)).startswith("TRACKER_MAX_FILE_BYTES is 'abc': expected a positive whole number")

    def test_a_malformed_number_of_rebuild_processes_is_one_line(self, cli: Cli,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
        for value in ("two", "0", "-1", "100"):
            monkeypatch.setenv("TRACKER_REBUILD_WORKERS", value)
            assert one_line(cli("rebuild")).startswith(f"TRACKER_REBUILD_WORKERS is '{value}': expected a whole "
                                                       "number of processes from 1 to 64")

    def test_ctrl_c_during_start_up_ends_quietly(self, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
        from tracker import config

        def interrupted() -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(config, "check_environment", interrupted)
        run = cli("status")
        assert run.code == 130 and "Traceback" not in run.err and run.out == ""

    def test_ctrl_c_while_modules_load_ends_the_process_quietly(self, tmp_path: Path) -> None:
        """The signal arrives inside the import of the command's module: exit 130, no traceback."""
        program = (
            "import os, signal, time\n"
            "import tracker.cli as cli\n"
            "def interrupted_load(target):\n"
            "    os.kill(os.getpid(), signal.SIGINT)\n"
            "    time.sleep(5)\n"
            "    raise AssertionError('the interrupt did not end the process')\n"
            "cli._load = interrupted_load\n"
            "raise SystemExit(cli.main(['status']))\n"
        )
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "XDG_DATA_HOME": str(tmp_path)}
        run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=60)
        assert (run.returncode, run.stdout, run.stderr) == (130, "", "\n")

    def test_an_unwritable_data_directory_is_one_line(self, cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # the data directory would be inside a file
        message = one_line(cli("status"))
        assert message.startswith(f"cannot create the default store's folder {blocker / 'tracker'}")
        assert "set TRACKER_DB or pass --db" in message

    def test_a_read_only_store_reads_and_says_so_when_written(self, cli: Cli, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "store.db"
        assert cli("--db", str(path), "append", str(FIXTURES / "registry.yaml"), str(FIXTURES / "truce.yaml")).code == 0
        real_access = sql.os.access
        # Tests may run as root, whom permissions do not stop: the store is told it may not write.
        monkeypatch.setattr(sql.os, "access", lambda p, mode: real_access(p, mode) and not (mode & sql.os.W_OK))
        before = digest(path)
        assert [p["id"] for p in cli("--db", str(path), "status", "--json").json()["proposals"]] == ["truce-2025"]
        assert cli("--db", str(path), "verify").code == 0
        assert one_line(cli("--db", str(path), "append", str(FIXTURES / "truce.yaml"))) == (
            f"the store at sqlite:///{path} is read-only (no write permission); nothing was written")
        assert digest(path) == before

    def test_a_full_disk_is_one_line(self, tmp_path: Path) -> None:
        conn = sqlite3.connect(tmp_path / "small.db")
        conn.execute("PRAGMA max_page_count = 2")
        with pytest.raises(sqlite3.OperationalError) as caught:
            conn.execute("CREATE TABLE t (x TEXT)")
            conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
        assert explain(caught.value).startswith("the disk holding the store is full")

    def test_an_unknown_fault_is_one_line_that_says_how_to_see_more(self) -> None:
        assert explain(ZeroDivisionError("division by zero")) == (
            "unexpected error (ZeroDivisionError: division by zero); run again with TRACKER_DEBUG=1 for the details")

    def test_a_killed_postgresql_connection_is_one_line_without_the_statement(self, pg_url: str) -> None:
        url = pg_url
        tracker = open_tracker(url)
        try:
            with tracker.store.engine.connect() as victim:
                pid = victim.execute(text("SELECT pg_backend_pid()")).scalar()
                with pg_engine(POSTGRES_URL).begin() as killer:
                    killer.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})  # noqa: E501
                with pytest.raises(Exception) as caught:
                    victim.execute(text("SELECT 'a long payload' FROM tracker_meta"))
        finally:
            tracker.close()
        message = explain(caught.value)
        assert "PostgreSQL" in message and "payload" not in message and "\n" not in message


class TestPooledConnections:
    """A long-running process (the dashboard, `serve`) keeps connections; one the server has cut since its
    last use is replaced before it is used, without the caller seeing an error."""

    def test_a_connection_cut_while_idle_is_replaced_unseen(self, pg_url: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
        from tracker.store import postgres

        tracker = open_tracker(pg_url)
        try:
            tracker.services.append_paths([FIXTURES / "registry.yaml", FIXTURES / "truce.yaml"])
            with tracker.services.store.session() as session:
                pid = session.conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with create_engine(POSTGRES_URL or "").connect() as admin:  # the server cuts that connection
                assert admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar_one()
            monkeypatch.setattr(postgres, "IDLE_PING_SECONDS", 0.0)  # as if it had been idle a while
            with tracker.services.store.session() as session:
                assert session.head() == 2
                assert session.conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() != pid
        finally:
            tracker.close()
