"""Summarize the figures the reliability tests recorded (TRACKER_FIGURES_OUT=file.jsonl) as Markdown tables:

    TRACKER_FIGURES_OUT=/tmp/figures.jsonl pytest tests/reliability -q
    python tests/reliability/figures.py /tmp/figures.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import Any


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


def main(path: str) -> None:
    by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            by_area[row["area"]].append(row)
    for area, rows in by_area.items():
        columns = list(dict.fromkeys(k for r in rows for k in r if k != "area"))
        print(f"### {area}\n\n{table(rows, columns)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
