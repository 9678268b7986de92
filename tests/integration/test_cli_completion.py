"""`tracker completion bash|zsh|fish`: scripts the shells accept, completing commands, options, types and ids."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def env(tmp_path: Path) -> dict[str, str]:
    """`tracker` on PATH (the scripts call it for ids), this tree's code, a private default store."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "tracker"
    launcher.write_text(f"#!/bin/sh\nexec {sys.executable} -m tracker \"$@\"\n")
    launcher.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO),
            "XDG_DATA_HOME": str(tmp_path / "xdg")}


def script(shell: str, tmp_path: Path) -> Path:
    run = subprocess.run([sys.executable, "-m", "tracker", "completion", shell], capture_output=True, text=True,
                         env=env(tmp_path), timeout=60)
    assert run.returncode == 0, run.stderr
    path = tmp_path / f"tracker.{shell}"
    path.write_text(run.stdout)
    return path


def bash_complete(tmp_path: Path, words: list[str]) -> list[str]:
    path = script("bash", tmp_path)
    line = " ".join(f"'{w}'" for w in words)
    program = f"source {path}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _tracker; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    run = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env(tmp_path), timeout=60)
    assert run.returncode == 0, run.stderr
    return [w for w in run.stdout.split("\n") if w]


@pytest.fixture
def store(bundled_sqlite: Path, tmp_path: Path) -> str:
    target = tmp_path / "copy.db"
    shutil.copy(bundled_sqlite, target)
    return str(target)


class TestBash:
    def test_commands(self, tmp_path: Path) -> None:
        assert bash_complete(tmp_path, ["tracker", "ti"]) == ["timeline"]
        assert {"status", "append", "completion", "--db"} <= set(bash_complete(tmp_path, ["tracker", ""]))

    def test_options_of_the_command_being_typed(self, tmp_path: Path) -> None:
        assert bash_complete(tmp_path, ["tracker", "replay", "--f"]) == ["--from"]
        assert "--known-on" in bash_complete(tmp_path, ["tracker", "status", "--"])

    def test_event_types(self, tmp_path: Path) -> None:
        assert bash_complete(tmp_path, ["tracker", "template", "viol"]) == ["violation_reported"]

    def test_proposal_ids_of_the_store_named_on_the_line(self, tmp_path: Path, store: str) -> None:
        assert bash_complete(tmp_path, ["tracker", "--db", store, "timeline", "black"]) == ["black-sea-2025"]
        assert bash_complete(tmp_path, ["tracker", "--db", store, "status", "--proposal", "ener"]) == [
            "energy-strike-pause-2025"]

    def test_a_missing_store_completes_nothing_and_creates_nothing(self, tmp_path: Path) -> None:
        assert bash_complete(tmp_path, ["tracker", "--db", str(tmp_path / "none.db"), "timeline", ""]) == []
        assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_commands_types_and_ids(tmp_path: Path, store: str) -> None:
    path = script("fish", tmp_path)
    e = env(tmp_path)
    program = (f"source {path}; complete -C 'tracker ti'; echo ---; complete -C 'tracker template acc'; "
               f"echo ---; complete -C 'tracker --db {store} timeline black'")
    run = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, env=e, timeout=60)
    assert run.returncode == 0, run.stderr
    parts = [[line.split("\t")[0] for line in chunk.strip().splitlines()] for chunk in run.stdout.split("---")]
    assert parts == [["timeline"], ["accepted"], ["black-sea-2025"]]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script_and_registers_the_completion(tmp_path: Path) -> None:
    path = script("zsh", tmp_path)
    program = f"autoload -U compinit && compinit -u; source {path}; print -r -- ${{_comps[tracker]}}"
    run = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True, env=env(tmp_path), timeout=60)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert "_tracker" in run.stdout or "_bash_complete" in run.stdout
