"""Live updates: other sessions' appends pushed to the dashboard, and a folder watched for YAML files.

The store's change feed (LISTEN/NOTIFY on PostgreSQL, `PRAGMA data_version` on SQLite) wakes a thread
worker when another session commits; the folder is watched with `watchfiles` (inotify), and scanned only
when something changed in it or a changed file is waiting out its quiet period.
"""

from __future__ import annotations

import threading
from threading import Lock
from typing import Any

from tracker.application.refusals import Refusal
from tracker.application.services import FileOutcome, refused_file
from tracker.text import one_line
from tracker.ui.messages import FilesAppended, StoreMoved
from tracker.ui.watcher import FolderWatch

# How long a worker blocks before looking whether the app is leaving (it must not keep the exit waiting).
_WAKE = 0.2


class LiveUpdates:
    """Mixed into the App: one thread follows the store's head, another the watched folder.

    Plain daemon threads, not Textual workers: they live as long as the app (a worker that never ends
    would keep `workers.wait_for_complete` waiting), and stop when it unmounts. Messages posted from them
    are thread-safe.
    """

    queries: Any
    services: Any
    folder: FolderWatch | None
    refusals: dict[str, tuple[Refusal, ...]]

    def start_polling(self, interval: float) -> None:
        """`interval`: the fallback, when the change feed fails (a lost connection), between head checks."""
        self._poll_lock = Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._follow_head, args=(interval,), name="tracker-head", daemon=True).start()
        if self.folder is not None:
            threading.Thread(target=self._watch_folder, args=(interval,), name="tracker-folder", daemon=True).start()

    def stop_live_updates(self) -> None:
        stop = getattr(self, "_stop", None)
        if stop is not None:
            stop.set()

    def on_unmount(self) -> None:
        self.stop_live_updates()

    def _follow_head(self, interval: float) -> None:
        feed = None
        while not self._stop.is_set():
            try:
                if feed is None:
                    feed = self.queries.change_feed()
                    self._check_head()  # an append between the first read and the feed's start
                if feed.wait(_WAKE):
                    self._check_head()
            except Exception:  # noqa: BLE001 - a lost connection: check the head every interval, retry the feed
                if feed is not None:
                    try:
                        feed.close()
                    except Exception:  # noqa: BLE001 - already broken
                        pass
                feed = None
                if self._stop.wait(interval):
                    break
                try:
                    self._check_head()
                except Exception:  # noqa: BLE001 - the server is still away; try again later
                    pass
        if feed is not None:
            feed.close()

    def _check_head(self) -> None:
        head = self.queries.head()
        if head != self.head:  # type: ignore[attr-defined]
            self.post_message(StoreMoved(head))  # type: ignore[attr-defined]

    def _watch_folder(self, interval: float) -> None:
        from watchfiles import watch

        assert self.folder is not None
        try:
            # yield_on_timeout: an empty set every _WAKE seconds, the quiet period's timer.
            for changes in watch(self.folder.folder, stop_event=self._stop, yield_on_timeout=True,
                                 rust_timeout=int(_WAKE * 1000), debounce=50, step=20, raise_interrupt=False):
                if changes or self.folder.waiting:
                    self._take_files()
        except (FileNotFoundError, OSError):
            # A folder that does not exist (yet) or cannot be watched: look at it every interval instead.
            while not self._stop.wait(interval):
                self._take_files()

    def _take_files(self) -> None:
        assert self.folder is not None
        with self._poll_lock:
            outcomes = [refused_file(str(link), "a link to a file outside the watched folder: not followed")
                        for link in self.folder.take_links_outside()]
            outcomes += [self._append_watched(path) for path in self.folder.changed()]
            if outcomes:
                self.post_message(FilesAppended(outcomes))  # type: ignore[attr-defined]
                self._check_head()

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
