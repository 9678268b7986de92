"""The layers point one way: the domain knows no database, YAML or screen; the application, the command
line and the dashboard name the store only through its interface (`tracker.store`), never a backend."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tracker"
BACKENDS = ("tracker.store.sql", "tracker.store.sqlite", "tracker.store.postgres", "tracker.store.backend")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("domain", "projections"), ids=lambda p: p.name)
def test_the_domain_imports_no_database_yaml_or_screen(path: Path) -> None:
    bad = {m for m in _imports(path) if m.split(".")[0] in {"sqlalchemy", "yaml", "textual"}
           or m.startswith(("tracker.store", "tracker.ui", "tracker.application"))}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("application", "commands", "ui"), ids=lambda p: p.name)
def test_the_application_and_its_faces_name_no_backend(path: Path) -> None:
    bad = {m for m in _imports(path) if m.startswith(BACKENDS) or m.split(".")[0] == "sqlalchemy"}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}: use tracker.store's interface"


@pytest.mark.parametrize("path", _modules("ui"), ids=lambda p: p.name)
def test_the_dashboard_talks_to_the_application_only(path: Path) -> None:
    bad = {m for m in _imports(path) if m.startswith("tracker.store")}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"
