"""What the figures mean against the issue's targets, and the markdown tables of the README."""

from __future__ import annotations

from typing import Any

TARGET_SIZE = 1_000_000
DASHBOARD_SIZE = 100_000
PG_FACTOR = 2.0
MEMORY_LIMIT_MB = 1024.0

# (name, measurement, field, "max" or "min", SQLite limit, at size)
TARGETS = (
    ("append / bare CSafeLoader parse", "append", "ratio_to_bare_parse", "max", 1.5, TARGET_SIZE),
    ("rebuild events/s", "rebuild", "events_per_s", "min", 300_000, TARGET_SIZE),
    ("status as of: median ms", "status_as_of", "median_ms", "max", 20, TARGET_SIZE),
    ("status as of: p95 ms", "status_as_of", "p95_ms", "max", 50, TARGET_SIZE),
    ("status known on: median ms", "status_known_on", "median_ms", "max", 1000, TARGET_SIZE),
    ("status known on: p95 ms", "status_known_on", "p95_ms", "max", 1000, TARGET_SIZE),
    ("dashboard first screen ms", "dashboard", "first_screen_ms", "max", 1000, DASHBOARD_SIZE),
    ("dashboard date step: median ms", "dashboard", "step_day.median_ms", "max", 100, DASHBOARD_SIZE),
    ("brief of everything (HTML): median ms", "brief", "html.median_ms", "max", 2000, DASHBOARD_SIZE),
)
MEASURES = ("build", "status_as_of", "status_known_on", "status_as_of_listed", "status_known_on_listed", "timeline",
            "dashboard", "brief", "rebuild", "append")


def _get(result: dict[str, Any] | None, path: str) -> Any:
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _size_for(sizes: dict[str, Any], wanted: int) -> str | None:
    measured = sorted(int(s) for s in sizes if "error" not in sizes[s])
    if not measured:
        return None
    return str(wanted) if wanted in measured else str(max(measured))


def evaluate(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target on each backend, at its size (or the largest measured, said so), with pass/fail."""
    out = []
    for backend, sizes in results.items():
        factor = PG_FACTOR if backend == "postgres" else 1.0
        for name, measure, field, kind, limit, at in TARGETS:
            size = _size_for(sizes, at)
            value = _get(sizes.get(size or ""), f"{measure}.{field}") if size else None
            bound = limit * factor if kind == "max" else limit / factor
            row: dict[str, Any] = {"backend": backend, "target": name, "limit": bound, "size": size, "value": value}
            if value is None:
                row["ok"] = None
                row["note"] = _get(sizes.get(size or ""), f"{measure}.skipped") or "not measured"
            else:
                row["ok"] = value <= bound if kind == "max" else value >= bound
                if size != str(at):
                    row["note"] = f"target is for {at:,} events; measured at {int(size):,}"  # type: ignore[arg-type]
            out.append(row)
        size = _size_for(sizes, TARGET_SIZE)
        if size:
            peaks = {m: _get(sizes[size], f"{m}.peak_mb") for m in MEASURES if m != "build"}
            peaks = {m: p for m, p in peaks.items() if p is not None}
            if peaks:
                worst = max(peaks, key=lambda m: peaks[m])
                bound = MEMORY_LIMIT_MB * factor
                out.append({"backend": backend, "target": f"peak memory MB (worst: {worst})", "limit": bound,
                            "size": size, "value": peaks[worst], "ok": peaks[worst] < bound,
                            **({} if size == str(TARGET_SIZE) else
                               {"note": f"target is for {TARGET_SIZE:,} events; measured at {int(size):,}"})})
    return out


def flatness(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The as-of latency at each size, and how much it grows from the smallest to the largest."""
    out: dict[str, Any] = {}
    for backend, sizes in results.items():
        rows = {s: {"median_ms": _get(r, "status_as_of.median_ms"), "p95_ms": _get(r, "status_as_of.p95_ms")}
                for s, r in sorted(sizes.items(), key=lambda kv: int(kv[0])) if _get(r, "status_as_of.median_ms")}
        if rows:
            first, last = rows[min(rows, key=int)], rows[max(rows, key=int)]
            out[backend] = {"by_size": rows, "growth_median": round(last["median_ms"] / first["median_ms"], 1)}
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


ROWS = (
    ("build: events/s (batches of 1-10k)", "build.events_per_s"),
    ("store: snapshot rows", "build.store.snapshots"),
    ("store: size MB", "build.store.db_mb"),
    ("append 1 file: events/s", "append.events_per_s"),
    ("append 1 file: bare CSafeLoader parse s", "append.bare_parse_seconds"),
    ("append 1 file: s", "append.seconds"),
    ("append / bare parse (x)", "append.ratio_to_bare_parse"),
    ("append: peak MB", "append.peak_mb"),
    ("rebuild: events/s", "rebuild.events_per_s"),
    ("rebuild: peak MB", "rebuild.peak_mb"),
    ("status as of (positions, statuses): median ms", "status_as_of.median_ms"),
    ("status as of: p95 ms", "status_as_of.p95_ms"),
    ("status as of: samples", "status_as_of.n"),
    ("status as of: peak MB", "status_as_of.peak_mb"),
    ("status known on (positions, statuses): median ms", "status_known_on.median_ms"),
    ("status known on: p95 ms", "status_known_on.p95_ms"),
    ("status known on: samples", "status_known_on.n"),
    ("status known on: peak MB", "status_known_on.peak_mb"),
    ("status as of, every violation listed: median ms", "status_as_of_listed.median_ms"),
    ("status as of, every violation listed: p95 ms", "status_as_of_listed.p95_ms"),
    ("status as of, every violation listed: violations shown (median)", "status_as_of_listed.violations_shown_median"),
    ("status known on, every violation listed: median ms", "status_known_on_listed.median_ms"),
    ("status known on, every violation listed: p95 ms", "status_known_on_listed.p95_ms"),
    ("status, every violation listed: peak MB", "status_known_on_listed.peak_mb"),
    ("timeline, largest proposal: events", "timeline.largest.events"),
    ("timeline, largest proposal: median ms", "timeline.largest.median_ms"),
    ("timeline, median proposal: median ms", "timeline.median.median_ms"),
    ("timeline: peak MB", "timeline.peak_mb"),
    ("dashboard first screen ms", "dashboard.first_screen_ms"),
    ("dashboard ⇧→ day step: median ms", "dashboard.step_day.median_ms"),
    ("dashboard ] next event: median ms", "dashboard.step_next_event.median_ms"),
    ("dashboard: peak MB", "dashboard.peak_mb"),
    ("brief of everything, CSV: median ms", "brief.csv.median_ms"),
    ("brief of everything, Markdown: median ms", "brief.md.median_ms"),
    ("brief of everything, HTML: median ms", "brief.html.median_ms"),
    ("brief of everything, HTML: CPU median ms", "brief.html.cpu_median_ms"),
    ("brief, HTML, as a new process: s", "brief.html.process_s"),
    ("brief, HTML: MB written", "brief.html.mb"),
    ("brief: peak MB", "brief.peak_mb"),
)


def markdown(out: dict[str, Any]) -> str:
    lines = []
    m = out.get("machine", {})
    lines.append(f"Machine: {m.get('nproc')} CPUs ({m.get('cpu')}), {m.get('memory_gb')} GB RAM, Python "
                 f"{m.get('python')}, SQLite {m.get('sqlite')}, PostgreSQL {m.get('postgres')}, SQLAlchemy "
                 f"{m.get('sqlalchemy')}, PyYAML {m.get('pyyaml')} (libyaml: {m.get('libyaml')}). "
                 f"Run{'s' if len(out.get('runs', [])) > 1 else ''} "
                 f"{', '.join(out.get('runs') or [out.get('started')])}, seed {out.get('params', {}).get('seed')}.")
    for backend, sizes in out.get("results", {}).items():
        order = sorted(sizes, key=int)
        lines += ["", f"#### {backend}", "", "| measure | " + " | ".join(f"{int(s):,} events" for s in order) + " |",
                  "|---|" + "---:|" * len(order)]
        for label, path in ROWS:
            cells = []
            for s in order:
                value = _get(sizes[s], path)
                skipped = _get(sizes[s], path.split(".")[0] + ".skipped")
                cells.append("skipped" if value is None and skipped else _fmt(value))
            if any(c != "–" for c in cells):
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
    targets = out.get("targets") or []
    if targets:
        lines += ["", "#### targets", "", "| backend | target | limit | at | measured | ok |", "|---|---|---:|---:|---:|---|"]
        for t in targets:
            ok = {True: "yes", False: "**no**", None: "–"}[t["ok"]]
            note = f" ({t['note']})" if t.get("note") else ""
            at = f"{int(t['size']):,}" if t.get("size") else "–"
            lines.append(f"| {t['backend']} | {t['target']} | {_fmt(t['limit'])} | {at} | {_fmt(t['value'])}{note} "
                         f"| {ok} |")
    return "\n".join(lines)
