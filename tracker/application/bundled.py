"""The bundled dataset: where it lives, and bringing a store up to date with it.

A store remembers, beside its log, which bundled files it has (by name and content hash). When the
tracker ships new journal files (corrections are always new files, never edits of published ones), a
store that lacks them gets them appended: an ordinary, idempotent append of each file as one batch, so
the first edition stays visible with `--known-on` and the correction is recorded when it was picked up.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.application.services import FileOutcome, Services
    from tracker.store import Store

MANIFEST_KEY = "bundled_files"


def bundled_root() -> Path:
    packaged = Path(str(resources.files("tracker"))) / "_bundled"
    if (packaged / "events").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def bundled_files(root: Path | None = None) -> list[Path]:
    """The source registry first, then the event journal, each in name order."""
    root = root or bundled_root()
    files: list[Path] = []
    for folder in ("seeds", "events"):
        files += sorted(p for p in (root / folder).glob("*.y*ml") if p.is_file())
    return files


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_manifest(store: Store) -> dict[str, str]:
    """Bundled file name -> hash of the content the store has (a refused file's hash is kept as 'refused:HASH')."""
    with store.session() as session:
        text = session.meta_value(MANIFEST_KEY)
    return json.loads(text) if text else {}


def missing_files(store: Store, root: Path | None = None) -> list[Path]:
    """The bundled files whose current content the store has not been given yet."""
    have = stored_manifest(store)
    wanted = []
    for path in bundled_files(root):
        digest = _digest(path)
        if have.get(_name(path)) not in (digest, f"refused:{digest}"):
            wanted.append(path)
    return wanted


def bring_up_to_date(services: Services, everything: bool = False, root: Path | None = None) -> list[FileOutcome]:
    """Append the bundled files the store lacks (every bundled file when `everything`); return their outcomes.

    Appending is idempotent, so a file the store already holds (a store loaded before it kept a manifest)
    comes back `unchanged`. A refused file is remembered as refused, so that opening the default store does
    not try it again on every command until it changes; `tracker init --bundled` always tries every file.
    """
    files = bundled_files(root) if everything else missing_files(services.store, root)
    if not files:
        return []
    outcomes = services.append_paths(files)
    _remember(services, files, outcomes)
    return outcomes


def _remember(services: Services, files: Sequence[Path], outcomes: Sequence[FileOutcome]) -> None:
    with services.store.session(write=True) as session:
        text = session.meta_value(MANIFEST_KEY)
        have = json.loads(text) if text else {}
        for path, outcome in zip(files, outcomes):
            digest = _digest(path)
            have[_name(path)] = f"refused:{digest}" if outcome.outcome == "refused" else digest
        session.save_meta(MANIFEST_KEY, json.dumps(have, sort_keys=True))


def notice(outcomes: Sequence[FileOutcome]) -> str | None:
    """One line telling the user what an update brought, or None when it brought nothing new."""
    added = [o for o in outcomes if o.outcome == "appended"]
    refused = [o for o in outcomes if o.outcome == "refused"]
    if not added and not refused:
        return None
    journal = [o for o in added if o.appended]
    events = sum(o.appended for o in journal)
    line = f"tracker: bundled dataset updated: {events} event(s) added from {len(journal)} file(s)"
    if journal:
        first = Path(journal[0].file).name
        line += f" ({first}" + (f" and {len(journal) - 1} more)" if len(journal) > 1 else ")")
    if len(journal) < len(added):
        line += "; source registry updated"
    if refused:
        line += (f"; {len(refused)} bundled file(s) refused ({', '.join(Path(o.file).name for o in refused)}):"
                 " run `tracker init --bundled` to see why")
    return line
