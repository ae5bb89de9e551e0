"""Write src/memcgsim/fs/proc_sys_tree.py, the sysctls of /proc/sys/{vm,kernel,fs,user}
as the oracle guests list and read them, from the probe's recordings
(tools/sizes/proc-sys.sh run in each guest):

    python3 tools/proc_sys_tree.py > src/memcgsim/fs/proc_sys_tree.py

By release: each directory's mode, each file's mode and the text it read at the
script's start; /proc/sys's own names as the guests list them (the first line of
the conformance case userland-sysctl's recordings: abi, crypto, debug, dev and net
besides, their contents not recorded). Left out: what 5.10's kernel/sched_domain holds
(a directory per CPU, each domain's ``max_newidle_lb_cost`` measured at run time:
kernel/sched/topology.c ``sd_alloc_ctl_*``; 6.1 moved it to debugfs)."""
from __future__ import annotations

import pathlib
import sys

REC = pathlib.Path(__file__).resolve().parent / "sizes" / "recordings"
CASES = pathlib.Path(__file__).resolve().parents[1] / "tests" / "conformance" / "recordings"
RELEASES = ("5.10", "6.1")
LEFT_OUT = ("kernel/sched_domain/",)


def unescape(v: str) -> str:
    """The probe's value with its \\n, \\t and \\\\ made back."""
    out, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[v[i + 1]])
            i += 2
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


def release_table(release: str) -> tuple[dict, dict]:
    """(directories: path -> mode, files: path -> (mode, text)) of a release."""
    dirs, files = {}, {}
    for line in (REC / f"proc-sys--{release}-v2.txt").read_text().splitlines():
        if line[:2] not in ("d|", "f|"):
            continue
        kind, path, mode, *rest = line.split("|", 3)
        if path.startswith(LEFT_OUT):
            continue
        if kind == "d":
            dirs[path] = int(mode, 8)
        else:
            files[path] = (int(mode, 8), unescape(rest[0]))
    text = (CASES / f"userland-sysctl--{release}-v2.txt").read_text()
    for name in text.split("#--- stdout\n", 1)[1].splitlines()[0].split():
        dirs.setdefault(name, 0o555)
    return dirs, files


def module_text(doc: list[str], what: str, tabs: dict) -> str:
    """The generated module: ``doc`` (its docstring's lines), then ``DIRS`` and
    ``FILES`` by release (``what``: the files' noun in the comments)."""
    out = [*doc, "", "#: the " + ("sysctl directories" if what == "sysctl" else "directories")
           + "' modes", "DIRS = {"]
    for r, (dirs, _) in tabs.items():
        out.append(f"    {r!r}: {{")
        out += [f"        {p!r}: 0o{m:o}," for p, m in sorted(dirs.items())]
        out.append("    },")
    out += ["}", "", f"#: the {what} files: (mode, the text read)", "FILES = {"]
    for r, (_, files) in tabs.items():
        out.append(f"    {r!r}: {{")
        out += [f"        {p!r}: (0o{m:o}, {v!r})," for p, (m, v) in sorted(files.items())]
        out.append("    },")
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> None:
    doc = ['"""/proc/sys\'s vm, kernel, fs and user sysctls as the oracle guests list and',
           "read them (written by ``python3 tools/proc_sys_tree.py`` from",
           "tools/sizes/recordings/proc-sys--K-v2.txt, tools/sizes/proc-sys.sh run in each",
           "guest, 1 GiB, 2 CPUs; do not edit): by release, each directory's mode",
           '(``DIRS``) and each file\'s mode and the text it read at boot (``FILES``)."""']
    sys.stdout.write(module_text(doc, "sysctl", {r: release_table(r) for r in RELEASES}))

if __name__ == "__main__":
    main()
