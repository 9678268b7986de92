"""Whole-process start-up of the command line: `python -m benchmarks.startup [--runs N] [--output NAME]`.

What an analyst waits for when typing a command: the interpreter, the imports and the work, measured as
the wall time of a fresh process (like /usr/bin/time), on the bundled store (the default store, created
once before the runs). Beside them, the floor a command that reads through SQLAlchemy cannot go under:
a bare `python -c 'import sqlalchemy'` on the same machine, measured interleaved with the commands so
that the machine's load falls on all alike. Prints one JSON line and writes it to
benchmarks/results/startup.json; `--table FILE` prints the markdown table of the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

# label -> argv after the interpreter
COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import sqlalchemy'": ["-c", "import sqlalchemy"],
    "tracker --help": ["-m", "tracker", "--help"],
    "tracker schema": ["-m", "tracker", "schema"],
    "tracker status": ["-m", "tracker", "status"],
    "tracker status --json": ["-m", "tracker", "status", "--json"],
    "tracker timeline black-sea-2025": ["-m", "tracker", "timeline", "black-sea-2025"],
    "tracker verify": ["-m", "tracker", "verify"],
    "tracker template accepted": ["-m", "tracker", "template", "accepted"],
}
# target: (measure, limit in seconds, relative to this measure or None)
TARGETS: dict[str, tuple[str, float, str | None]] = {
    "tracker --help <= 0.15 s": ("tracker --help", 0.15, None),
    "tracker status <= import sqlalchemy + 0.15 s": ("tracker status", 0.15, "python -c 'import sqlalchemy'"),
    "tracker status < 0.4 s": ("tracker status", 0.40, None),
}


def _env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRACKER_DB", "COLUMNS")}
    env.update({"XDG_DATA_HOME": home, "PYTHONPATH": str(ROOT)})
    return env


def _wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds user + system) of one fresh process, as /usr/bin/time reports them."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *argv], stdout=subprocess.DEVNULL, stderr=err, env=env,
                                cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed: {err.read().decode()[-300:]}")
    return took, usage.ru_utime + usage.ru_stime


def measure(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tracker-startup-") as home:
        env = _env(home)
        _wall(["-m", "tracker", "status"], env)  # creates the default store from the bundled data, once
        samples: dict[str, list[float]] = {label: [] for label in COMMANDS}
        cpu: dict[str, list[float]] = {label: [] for label in COMMANDS}
        load = [os.getloadavg()[0]]
        for _ in range(2):  # warm the file cache
            for argv in COMMANDS.values():
                _wall(argv, env)
        for _ in range(runs):  # interleaved: a burst of load on the machine hits every command alike
            for label, argv in COMMANDS.items():
                wall, used = _wall(argv, env)
                samples[label].append(wall)
                cpu[label].append(used)
        load.append(os.getloadavg()[0])
    figures = {label: {"median_s": round(statistics.median(s), 3), "min_s": round(min(s), 3),
                       "max_s": round(max(s), 3), "cpu_median_s": round(statistics.median(cpu[label]), 3),
                       "runs": len(s)} for label, s in samples.items()}
    return {"figures": figures, "targets": evaluate(figures), "loadavg_1m": [round(x, 2) for x in load],
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def evaluate(figures: dict[str, dict[str, float]]) -> dict[str, dict[str, Any]]:
    """Each target on the medians of wall time (what the analyst waits for) and of CPU time (the same work,
    independent of what else the shared machine runs: on an idle machine the two are nearly equal)."""
    out: dict[str, dict[str, Any]] = {}
    for name, (label, limit, base) in TARGETS.items():
        wall = figures[label]["median_s"] - (figures[base]["median_s"] if base else 0.0)
        cpu = figures[label]["cpu_median_s"] - (figures[base]["cpu_median_s"] if base else 0.0)
        out[name] = {"value_s": round(wall, 3), "cpu_s": round(cpu, 3), "limit_s": limit, "met": wall <= limit,
                     "met_on_cpu": cpu <= limit}
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = ["| command (whole process) | wall median s | wall min s | CPU median s |", "|---|---:|---:|---:|"]
    for label, f in result["figures"].items():
        lines.append(f"| `{label}` | {f['median_s']:.3f} | {f['min_s']:.3f} | {f['cpu_median_s']:.3f} |")
    lines += ["", "| target | wall s | met (wall) | CPU s | met (CPU) |", "|---|---:|:---:|---:|:---:|"]
    for name, t in evaluate(result["figures"]).items():
        lines.append(f"| {name} | {t['value_s']:.3f} | {'yes' if t['met'] else 'no'} | {t['cpu_s']:.3f} | "
                     f"{'yes' if t['met_on_cpu'] else 'no'} |")
    lines.append(f"\nload average (1 min) before and after: {result['loadavg_1m']}; {result['when']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--output", default="startup.json", help="file name under benchmarks/results/")
    parser.add_argument("--table", metavar="FILE", help="print the markdown table of a result file and stop")
    args = parser.parse_args(argv)
    if args.table:
        print(markdown(json.loads(Path(args.table).read_text())))
        return 0
    result = measure(args.runs)
    line = json.dumps(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / args.output).write_text(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
