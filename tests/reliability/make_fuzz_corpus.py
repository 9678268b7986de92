"""(Re)write the fuzz corpus: valid event files (the bundled journal and the worked examples) and every hostile
input small enough to keep in the repository. Run from the repository root:

    python tests/reliability/make_fuzz_corpus.py
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = HERE / "fuzz_corpus"
MAX_SEED_BYTES = 64 * 1024


def seeds() -> dict[str, bytes]:
    sys.path.insert(0, str(HERE.parent))
    from reliability._hostile import CASES  # noqa: PLC0415 - a script: the package path is set just above
    from reliability._support import big_file, seed_file

    out: dict[str, bytes] = {}
    for path in sorted([*(REPO / "events").glob("*.yaml"), *(REPO / "events" / "examples").glob("*.yaml"),
                        *(REPO / "seeds").glob("*.yaml")]):
        data = path.read_bytes()
        if len(data) <= MAX_SEED_BYTES:
            out[f"valid-{path.parent.name}-{path.name}"] = data
    out["valid-seed.yaml"] = seed_file(["host"])
    out["valid-every-type.yaml"] = big_file("fz", 16, n_proposals=2)
    for case in CASES:
        if case.make is not None:
            data = case.make()
            if len(data) <= MAX_SEED_BYTES:
                out[f"hostile-{case.slug}.yaml"] = data
    return out


def main() -> None:
    if CORPUS.exists():
        for old in CORPUS.glob("*.yaml"):
            if not old.name.startswith("found-"):  # inputs the fuzzer found are kept as regression seeds
                old.unlink()
    CORPUS.mkdir(exist_ok=True)
    for name, data in seeds().items():
        (CORPUS / name).write_bytes(data)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(CORPUS.glob("*.yaml")))).hexdigest()[:12]
    print(f"{len(list(CORPUS.glob('*.yaml')))} files in {CORPUS.relative_to(REPO)} ({digest})")


if __name__ == "__main__":
    shutil.rmtree(CORPUS / "__pycache__", ignore_errors=True)
    main()
