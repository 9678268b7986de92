"""Files the folder watch refused, each problem with its file:line:col; hidden when there are none."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tracker.application.refusals import Refusal
from tracker.text import inert


class ErrorPanel(Static):
    """Refusals of the folder watch, newest file first."""

    DEFAULT_CSS = """
    ErrorPanel { display: none; height: auto; max-height: 8; border-top: solid $error; padding: 0 1;
                 overflow-y: auto; }
    ErrorPanel.-shown { display: block; }
    """

    def show_refusals(self, by_file: dict[str, tuple[Refusal, ...]]) -> None:
        if not by_file:
            self.remove_class("-shown")
            self.update("")
            return
        text = Text()
        text.append(f"{len(by_file)} file(s) refused, nothing appended from them (x hides)\n", style="bold red")
        for name, refusals in by_file.items():
            for refusal in refusals:
                text.append(inert(str(refusal)) + "\n")
        text.rstrip()
        self.update(text)
        self.add_class("-shown")
