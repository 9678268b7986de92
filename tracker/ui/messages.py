"""App-wide messages: widgets and workers tell the app, the app decides."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tracker.application.services import FileOutcome


@dataclass
class OpenProposal(Message):
    """Show one proposal's view."""

    proposal: str


@dataclass
class OpenEvent(Message):
    """Show one event's view."""

    event_id: str


@dataclass
class StoreMoved(Message):
    """The store's head moved (another process, or the folder watch, appended)."""

    head: int


@dataclass
class FilesAppended(Message):
    """The folder watch appended (or refused) changed files."""

    outcomes: list[FileOutcome]
