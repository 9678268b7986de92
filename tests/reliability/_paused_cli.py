"""The tracker CLI, paused at one point of an append so that a test can kill -9 it exactly there.

TRACKER_PAUSE_AT names the point: `rows` (the batch's rows are inserted, the transaction is open), `projection`
(the snapshots are updated too, the commit has not happened) or `commit` (the batch is committed, the process
has not reported it). On reaching it the process creates the file TRACKER_PAUSE_FLAG and sleeps.
"""

import os
import sys
import time
from pathlib import Path
from typing import Any


def _pause_after(owner: Any, name: str) -> None:
    original = getattr(owner, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        Path(os.environ["TRACKER_PAUSE_FLAG"]).touch()
        time.sleep(600)
        return result

    setattr(owner, name, paused)


def main() -> int:
    from tracker.application import projector, services
    from tracker.cli import main as cli_main
    from tracker.store import sql

    point = os.environ["TRACKER_PAUSE_AT"]
    owner, name = {"rows": (sql.SqlSession, "append"), "projection": (projector, "update"),
                   "commit": (services.Services, "append_batch")}[point]
    _pause_after(owner, name)
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
