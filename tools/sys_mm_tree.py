"""Write src/memcgsim/fs/sys_mm_tree.py, /sys/kernel/mm as the oracle guests list and
read it, from the probe's recordings (tools/sizes/sys-kernel-mm.sh run in each guest):

    python3 tools/sys_mm_tree.py > src/memcgsim/fs/sys_mm_tree.py

By release: each directory below /sys/kernel (mm and down) and each attribute file's
mode and the text it read at the script's start (page_idle/bitmap's none: binary)."""
from __future__ import annotations

import pathlib
import sys

from proc_sys_tree import module_text, unescape  # noqa: E402  (the same format; tools/ is sys.path[0])

REC = pathlib.Path(__file__).resolve().parent / "sizes" / "recordings"
RELEASES = ("5.10", "6.1")


def release_table(release: str) -> tuple[dict, dict]:
    """(directories: path -> mode, files: path -> (mode, text)) of a release."""
    dirs, files = {}, {}
    for line in (REC / f"sys-kernel-mm--{release}-v2.txt").read_text().splitlines():
        if line[:2] not in ("d|", "f|"):
            continue
        kind, path, mode, *rest = line.split("|", 3)
        if kind == "d":
            dirs[path] = int(mode, 8)
        else:
            files[path] = (int(mode, 8), unescape(rest[0]))
    return dirs, files


def main() -> None:
    doc = ['"""/sys/kernel/mm as the oracle guests list and read it (written by',
           "``python3 tools/sys_mm_tree.py`` from",
           "tools/sizes/recordings/sys-kernel-mm--K-v2.txt, tools/sizes/sys-kernel-mm.sh",
           "run in each guest, 1 GiB, 2 CPUs; do not edit): by release, each directory's",
           "mode (``DIRS``) and each attribute file's mode and the text it read at boot",
           '(``FILES``), paths below /sys/kernel."""']
    sys.stdout.write(module_text(doc, "attribute", {r: release_table(r) for r in RELEASES}))

if __name__ == "__main__":
    main()
