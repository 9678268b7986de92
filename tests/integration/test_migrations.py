"""Migrations: a store of every earlier schema version, built from that release's tables (tests/old_stores.py),
is upgraded on open with a notice or by `tracker upgrade`, keeps its events, hashes and answers, verifies,
and ends with the schema of a new store; the revisions run from nothing give each release's tables.
Both databases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import old_stores
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from journal_kit import Run
from sqlalchemy import text

from tracker.application.bootstrap import open_tracker
from tracker.config import redact
from tracker.store.migrations import SCRIPTS, config_for
from tracker.store.versions import HEAD, SCHEMA_VERSION, revision

Cli = Callable[..., Run]
AS_OF = ("--as-of", "2025-06-01")
LATE = """events:
  - {id: ru-rejects-truce-late, type: rejected, proposal: truce-2025, date: 2025-03-20, party: RU,
     reason: conditions not met, sources: [src-daily]}
"""


@dataclass(frozen=True)
class Source:
    url: str
    rows: dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    """The rows the old stores are filled with: a current store's, made once."""
    url = old_stores.make_source(tmp_path_factory.mktemp("source"))
    return Source(url, old_stores.rows_of(url))


def _hashes(url: str) -> list[tuple[int, str]]:
    engine = old_stores.engine_for(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text("SELECT position, hash FROM events ORDER BY position"))]
    finally:
        engine.dispose()


class TestEveryEarlierVersion:
    # Every version upgraded by the first command that opens it; `tracker upgrade` runs the same path.
    @pytest.mark.parametrize(("version", "how"), [*((v, "opened") for v in old_stores.VERSIONS), (1, "tracker upgrade")])
    def test_upgraded_once_with_its_events_hashes_and_answers_intact(
            self, cli: Cli, store_url: str, source: Source, version: int, how: str) -> None:
        old = old_stores.build(store_url, version, source.rows)
        expected = cli("--db", source.url, "status", *AS_OF, "--json")
        assert expected.code == 0, expected.err
        first = cli("--db", store_url, *(("status", *AS_OF, "--json") if how == "opened" else ("upgrade",)))
        assert first.code == 0, first.err
        assert first.err == (f"tracker: upgraded the store at {redact(store_url)} from schema version {version} "
                             f"to {SCHEMA_VERSION}\n")
        if how == "opened":
            assert first.out == expected.out
        else:
            assert f"is at schema version {SCHEMA_VERSION}" in first.out
        again = cli("--db", store_url, "status", *AS_OF, "--json")
        assert again.code == 0 and again.err == "" and again.out == expected.out  # once in the store's life
        verified = cli("--db", store_url, "verify", "--deep", "--json")
        assert verified.code == 0, verified.out + verified.err
        assert verified.json()["events"] == len(old["events"])
        assert _hashes(store_url) == [(r["position"], r["hash"]) for r in sorted(old["events"],
                                                                                key=lambda r: r["position"])]
        stamps = old_stores.schema_of(store_url)["stamps"]
        assert stamps == {"tracker_meta": [("schema_version", str(SCHEMA_VERSION))], "alembic_version": [(HEAD,)]}

    def test_appends_after_the_upgrade_record_who_and_verify(self, cli: Cli, store_url: str, source: Source,
                                                              tmp_path: Path) -> None:
        old_stores.build(store_url, 1, source.rows)
        late = tmp_path / "late.yaml"
        late.write_text(LATE, encoding="utf-8")
        run = cli("--db", store_url, "append", str(late))
        assert run.code == 0 and "from schema version 1 to" in run.err, run.out + run.err
        events = cli("--db", store_url, "timeline", "truce-2025", "--json").json()
        events = events["events"] if isinstance(events, dict) else events
        assert events[0]["recorded_by"] is None and events[-1]["recorded_by"]
        assert cli("--db", store_url, "verify", "--deep").code == 0


class TestTheSchemaAfterwards:
    @pytest.mark.parametrize("version", old_stores.VERSIONS)
    def test_an_upgraded_store_has_the_schema_of_a_new_one(self, store_url: str, source: Source,
                                                           version: int) -> None:
        old_stores.build(store_url, version, source.rows)
        open_tracker(store_url).close()
        fresh = old_stores.sibling_url(store_url, "fresh")
        open_tracker(fresh).close()
        assert old_stores.schema_of(store_url) == old_stores.schema_of(fresh)

    @pytest.mark.parametrize("version", [*old_stores.VERSIONS, SCHEMA_VERSION])
    def test_the_revisions_from_nothing_give_each_releases_tables(self, store_url: str, version: int) -> None:
        """Revision N run on an empty database makes what release N made (the last one: what a new store is)."""
        engine = old_stores.engine_for(store_url)
        try:
            with engine.begin() as conn:
                command.upgrade(config_for(conn), revision(version))
        finally:
            engine.dispose()
        reference = old_stores.sibling_url(store_url, "reference")
        if version == SCHEMA_VERSION:
            open_tracker(reference).close()
        else:
            old_stores.build(reference, version, {})
        migrated, made = old_stores.schema_of(store_url), old_stores.schema_of(reference)
        assert migrated["stamps"].pop("alembic_version") == [(revision(version),)]
        made["stamps"].pop("alembic_version", None)
        migrated["tables"].pop("alembic_version")
        made["tables"].pop("alembic_version", None)
        assert migrated == made


def test_the_revisions_are_one_line_from_0001_to_the_schema_version() -> None:
    scripts = ScriptDirectory(str(SCRIPTS))
    assert scripts.get_heads() == [HEAD]
    chain = [s.revision for s in scripts.walk_revisions()]
    assert chain == [revision(v) for v in range(SCHEMA_VERSION, 0, -1)]
