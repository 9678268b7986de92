"""Turn a Textual SVG screenshot into a PNG with rsvg-convert, each character at its own cell.

Textual's SVG places a run of text with one `x` and trusts the font to keep every glyph one cell wide;
rsvg-convert, with whatever monospace font the machine has, drifts across long runs. Placing each
character at its cell keeps columns straight in the picture, as they are in the terminal.

    python docs/svg_to_png.py screen.svg screen.png
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from rich.cells import cell_len

_TEXT = re.compile(r'<text (?P<attrs>[^>]*?)x="(?P<x>[\d.]+)"(?P<rest>[^>]*?)textLength="(?P<len>[\d.]+)"'
                   r'(?P<tail>[^>]*)>(?P<body>[^<]*)</text>')


def _split(match: re.Match[str]) -> str:
    body = html.unescape(match["body"])
    cells = cell_len(body)
    if cells <= 1:
        return match[0]
    step = float(match["len"]) / cells
    x = float(match["x"])
    out = []
    for char in body:
        if char.strip():
            out.append(f'<text {match["attrs"]}x="{x:.1f}"{match["rest"]}{match["tail"]}>'
                       f'{html.escape(char)}</text>')
        x += step * cell_len(char)
    return "".join(out)


def svg_to_png(svg: Path, png: Path) -> None:
    text = svg.read_text()
    text = _TEXT.sub(_split, text)
    fixed = svg.with_suffix(".cells.svg")
    fixed.write_text(text)
    try:
        subprocess.run(["rsvg-convert", str(fixed), "-o", str(png)], check=True)
    finally:
        fixed.unlink()


if __name__ == "__main__":
    svg_to_png(Path(sys.argv[1]), Path(sys.argv[2]))
