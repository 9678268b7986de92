"""Live updates: poll the store's head, and watch a folder for YAML files to append."""

from __future__ import annotations

from threading import Lock
from typing import Any

from textual import work

from tracker.application.refusals import Refusal
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
                changed = self.folder.changed()
                if changed:
                    outcomes = [self.services.append_file(path) for path in changed]
                    self.post_message(FilesAppended(outcomes))  # type: ignore[attr-defined]
            head = self.queries.head()
            if head != self.head:  # type: ignore[attr-defined]
                self.post_message(StoreMoved(head))  # type: ignore[attr-defined]

    def on_store_moved(self, message: StoreMoved) -> None:
        self.head = message.head  # type: ignore[attr-defined]

    def on_files_appended(self, message: FilesAppended) -> None:
        notify = self.notify  # type: ignore[attr-defined]
        for outcome in message.outcomes:
            if outcome.outcome == "refused":
                self.refusals[outcome.file] = outcome.refusals
                notify(f"refused {outcome.file}: nothing appended (see the error panel)", severity="error",
                       markup=False)
            else:
                self.refusals.pop(outcome.file, None)
                notify(f"{outcome.file}: {outcome.appended} new, {outcome.unchanged} unchanged", title="appended",
                       markup=False)
        self.show_refusals()

    def clear_refusals(self) -> None:
        self.refusals.clear()
        self.show_refusals()

    def show_refusals(self) -> None:
        self.overview.show_refusals(dict(self.refusals))  # type: ignore[attr-defined]
