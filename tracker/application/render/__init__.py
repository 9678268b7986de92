"""Briefings written out: Markdown (forges), HTML (one self-contained, printable file) and CSV (long format)."""

from __future__ import annotations

from collections.abc import Callable

from tracker.application.brief import Briefing

FORMATS = ("md", "html", "csv")


def render(briefing: Briefing, fmt: str) -> bytes:
    """The briefing as bytes: UTF-8, `\\n` line ends (CSV: `\\r\\n`, as RFC 4180 asks), the same every time."""
    from tracker.application.render import csv_format, html, markdown

    writers: dict[str, Callable[[Briefing], str]] = {"md": markdown.render, "html": html.render,
                                                     "csv": csv_format.render}
    return writers[fmt](briefing).encode("utf-8")
