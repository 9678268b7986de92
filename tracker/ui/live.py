"""Live updates: poll the store's head, and watch a folder for YAML files to append."""

from __future__ import annotations

from threading import Lock
from typing import Any

from textual import work

from tracker.application.refusals import Refusal
from tracker.application.services import FileOutcome, refused_file
from tracker.text import one_line
from tracker.ui.messages import FilesAppended, StoreMoved
from tracker.ui.watcher import FolderWatch


class LiveUpdates:
    """Mixed into the App: one poll every `poll_interval` seconds, in a thread, never two at once."""

    queries: Any
    services: Any
    folder: FolderWatch | None
    refusals: dict[str, tuple[Refusal, ...]]

    def start_polling(self, interval: float) -> None:
        self._poll_lock = Lock()
        self.set_interval(interval, self._poll, name="poll")  # type: ignore[attr-defined]

    def _poll(self) -> None:
        if not self._poll_lock.locked():
            self._poll_worker()

    @work(thread=True, group="poll", exit_on_error=False)
    def _poll_worker(self) -> None:
        with self._poll_lock:
            if self.folder is not None:
                outcomes = [refused_file(str(link), "a link to a file outside the watched folder: not followed")
                            for link in self.folder.take_links_outside()]
                outcomes += [self._append_watched(path) for path in self.folder.changed()]
                if outcomes:
                    self.post_message(FilesAppended(outcomes))  # type: ignore[attr-defined]
            head = self.queries.head()
            if head != self.head:  # type: ignore[attr-defined]
                self.post_message(StoreMoved(head))  # type: ignore[attr-defined]

    def _append_watched(self, path: Any) -> FileOutcome:
        """Every failure is this file's refusal (shown in a toast and the error panel), never a silent drop."""
        try:
            return self.services.append_one(path)
        except Exception as exc:  # noqa: BLE001 - a bug must still be reported for its file, and the watch go on
            return refused_file(str(path), f"not appended: unexpected {type(exc).__name__}: {exc}")

    def on_store_moved(self, message: StoreMoved) -> None:
        self.head = message.head  # type: ignore[attr-defined]

    def on_files_appended(self, message: FilesAppended) -> None:
        notify = self.notify  # type: ignore[attr-defined]
        for outcome in message.outcomes:
            # File names are untrusted text: an escape sequence in one must be shown, never obeyed.
            name = one_line(outcome.file)
            if outcome.outcome == "refused":
                self.refusals[outcome.file] = outcome.refusals
                notify(f"refused {name}: nothing appended (see the error panel)", severity="error", markup=False)
            else:
                self.refusals.pop(outcome.file, None)
                notify(f"{name}: {outcome.appended} new, {outcome.unchanged} unchanged", title="appended",
                       markup=False)
        self.show_refusals()

    def clear_refusals(self) -> None:
        self.refusals.clear()
        self.show_refusals()

    def show_refusals(self) -> None:
        self.overview.show_refusals(dict(self.refusals))  # type: ignore[attr-defined]
