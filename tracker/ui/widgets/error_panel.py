"""A store that could not be read (one line), and the files the folder watch refused, each problem with its
file:line:col; hidden when there is nothing to say."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tracker.application.refusals import Refusal
from tracker.text import inert


class ErrorPanel(Static):
    """A failed read first, then the refusals of the folder watch, newest file first."""

    DEFAULT_CSS = """
    ErrorPanel { display: none; height: auto; max-height: 8; border-top: solid $error; padding: 0 1;
                 overflow-y: auto; }
    ErrorPanel.-shown { display: block; }
    """

    def show_refusals(self, by_file: dict[str, tuple[Refusal, ...]], failure: str | None = None) -> None:
        if not by_file and not failure:
            self.remove_class("-shown")
            self.update("")
            return
        text = Text()
        if failure:
            text.append(inert(failure) + (" (x hides)" if not by_file else "") + "\n", style="bold red")
        if by_file:
            text.append(f"{len(by_file)} file(s) refused, nothing appended from them (x hides)\n", style="bold red")
        for name, refusals in by_file.items():
            for refusal in refusals:
                text.append(inert(str(refusal)) + "\n")
        text.rstrip()
        self.update(text)
        self.add_class("-shown")
