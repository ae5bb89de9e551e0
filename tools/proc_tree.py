"""Write src/memcgsim/fs/proc_tree.py, /proc's names as the oracle guests list them,
from the probe's recordings (tools/sizes/proc-tree.sh run in each guest, v1 and v2):

    python3 tools/proc_tree.py > src/memcgsim/fs/proc_tree.py

By release: /proc's top-level entries but the pids (fs/proc/root.c, the
``proc_create``s and ``proc_mkdir``s of the boot, ``proc_symlink`` of mounts and
net), a process's (fs/proc/base.c ``tgid_base_stuff``) and a thread's
(``tid_base_stuff``), each with its type, mode, links and size as ``stat`` shows
them; the two recordings of a release (v1, v2) must agree. The links that name a
process (self, thread-self, cwd, exe, root) keep no target: the model makes it."""
from __future__ import annotations

import pathlib
import sys

REC = pathlib.Path(__file__).resolve().parent / "sizes" / "recordings"
RELEASES = ("5.10", "6.1")
KINDS = {"directory": "d", "regular file": "f", "regular empty file": "f",
         "symbolic link": "l"}
#: links whose target is the reader's or the process's (made by the model)
DYNAMIC = ("self", "thread-self", "cwd", "exe", "root")


from guest_tree import sections  # noqa: E402  (the same probe format; tools/ is sys.path[0])


def rows(lines: list[str], prefix: str) -> dict[str, tuple]:
    """The entries under ``prefix``: name -> (type, mode, links, size, link target)."""
    out = {}
    for line in lines:
        path, kind, mode, links, size, target = line.split("|")
        if not path.startswith(prefix):
            continue
        name = path[len(prefix):]
        if name in DYNAMIC:
            target = ""
        out[name] = (KINDS[kind], int(mode, 8), int(links), int(size), target)
    return out


def release_tables(release: str) -> tuple[dict, dict, dict, dict]:
    """(top-level entries, a process's, a thread's, the directories' own) of a release,
    v1 and v2 checked."""
    got = []
    for cg in ("v1", "v2"):
        s = sections((REC / f"proc-tree--{release}-{cg}.txt").read_text())
        root = rows(s["proc"], "/proc/")
        pid = rows(s["pid"], "/proc/PID/")
        tid = rows(s["task"], "/proc/PID/task/PID/")
        dirs = {**rows(s["pid"], "/proc/"), **rows(s["task"], "/proc/")}
        dirs = {"PID": dirs["PID"], "PID/task": dirs["PID/task"],
                "PID/task/PID": dirs["PID/task/PID"]}
        got.append((root, pid, tid, dirs))
    if got[0] != got[1]:
        sys.exit(f"proc_tree: the {release} guests' v1 and v2 recordings differ")
    return got[0]


def table(name: str, doc: str, by_release: dict) -> list[str]:
    out = [f"#: {doc}", f"{name} = {{"]
    for release, entries in by_release.items():
        out.append(f"    {release!r}: {{")
        for n, (kind, mode, links, size, target) in sorted(entries.items()):
            out.append(f"        {n!r}: ({kind!r}, 0o{mode:o}, {links}, {size}, {target!r}),")
        out.append("    },")
    out.append("}")
    return out


def main() -> None:
    tabs = {r: release_tables(r) for r in RELEASES}
    out = ['"""/proc\'s names as the oracle guests list them (written by',
           "``python3 tools/proc_tree.py`` from tools/sizes/recordings/proc-tree--K-V.txt,",
           "tools/sizes/proc-tree.sh run in each guest; do not edit): by release, /proc's",
           "top-level entries but the pids, a process's (fs/proc/base.c ``tgid_base_stuff``)",
           "and a thread's (``tid_base_stuff``). An entry: (type, mode, links, size, link",
           'target); type "d" directory, "f" file, "l" symbolic link; a link naming a',
           'process keeps no target (the model makes it)."""', ""]
    out += table("ROOT", "/proc's top-level entries but the pids", {r: t[0] for r, t in tabs.items()})
    out.append("")
    out += table("TGID", "/proc/PID's entries (``tgid_base_stuff``)", {r: t[1] for r, t in tabs.items()})
    out.append("")
    out += table("TID", "/proc/PID/task/TID's entries (``tid_base_stuff``)",
                 {r: t[2] for r, t in tabs.items()})
    out.append("")
    out += table("DIRS", "the per-process directories themselves: /proc/PID, its task "
                 "directory and a thread's", {r: t[3] for r, t in tabs.items()})
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
