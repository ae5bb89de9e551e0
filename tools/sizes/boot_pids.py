"""Print kernel/sizes/bootpids.py's table from tools/sizes/recordings/boot-pids--K-C.txt
(tools/sizes/boot-pids.sh on the guests): by release and cgroup mode, each CPU count's
script pids, run by run."""
from __future__ import annotations

import glob
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def table() -> dict:
    """{(release, cgroup): {cpus: (pid of each run, ...)}}"""
    out: dict = {}
    for path in sorted(glob.glob(os.path.join(HERE, "recordings", "boot-pids--*.txt"))):
        rel, cg = re.fullmatch(r"boot-pids--(.+)-(v[12])\.txt", os.path.basename(path)).groups()
        runs = out.setdefault((rel, cg), {})
        cpus = None
        for line in open(path):
            m = re.match(r"== cpus (\d+)", line)
            if m:
                cpus = int(m.group(1))
            elif line.startswith("pid ") and cpus is not None:
                runs[cpus] = runs.get(cpus, ()) + (int(line.split()[1]),)
    return out


if __name__ == "__main__":
    for key, runs in table().items():
        print(f"    (\"{key[0]}\", \"{key[1]}\"): {runs},")
