"""Run a command and write its peak RSS (KiB) and CPU seconds to a file: `_measure.py LIMIT OUT COMMAND...`.

A child's ru_maxrss starts from the memory of the process it was forked from (Linux carries the old address
space's high-water mark over exec), so a tracker started straight from a large pytest process would seem to
use what pytest uses. Started from this small process instead, its figure is its own. LIMIT, if not 0, caps
the command's address space, so that a runaway input fails with MemoryError instead of exhausting the machine.
"""

import os
import resource
import sys


def main() -> None:
    limit, out, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    pid = os.fork()
    if pid == 0:
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    with open(out, "w", encoding="ascii") as f:
        f.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}\n")
    code = os.waitstatus_to_exitcode(status)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
