"""Write src/memcgsim/fs/guest_tree.py, the oracle guests' file tree, from the probe's
recordings (tools/sizes/guest-tree.sh run in each guest, v1 and v2):

    python3 tools/guest_tree.py > src/memcgsim/fs/guest_tree.py

The rootfs (the initramfs oracle/image.py builds, as the guests show it to depth 3)
and devtmpfs' nodes; the two recordings of a release (v1, v2) must agree on both.
Left out: what the mounts cover (a mount point is a bare directory), and the files
of one run (the script in /oracle/bin, /oracle/env naming it)."""
from __future__ import annotations

import pathlib
import sys

REC = pathlib.Path(__file__).resolve().parent / "sizes" / "recordings"
RELEASES = ("5.10", "6.1")
#: where the guests' init mounts a filesystem (oracle/image.py INIT)
MOUNT_POINTS = ("proc", "sys", "dev", "tmp", "mnt/disk")
#: the files of one run
PER_RUN = ("oracle/bin/", "oracle/env")
KINDS = {"directory": "d", "regular file": "f", "regular empty file": "f",
         "symbolic link": "l", "character special file": "c", "block special file": "b"}


def sections(text: str) -> dict[str, list[str]]:
    """The probe's output by section name (the word after "--- ")."""
    out: dict[str, list[str]] = {}
    cur: list[str] = []
    for line in text.splitlines():
        if line.startswith("--- "):
            cur = out.setdefault(line[4:].split()[0], [])
        else:
            cur.append(line)
    return out


def rows(lines: list[str]) -> dict[str, tuple]:
    """path (no leading slash) -> (type, mode, size, target, major, minor)."""
    out = {}
    for line in lines:
        path, kind, mode, _links, _uid, _gid, size, dev, target = line.split("|")
        major, minor = (int(x, 16) for x in dev.split(":"))
        out[path.strip("/")] = (KINDS[kind], int(mode, 8), int(size), target, major, minor)
    return out


def release_tree(release: str) -> tuple[dict, dict, dict]:
    """(rootfs entries, devtmpfs entries, /etc contents) of a release, v1 and v2 checked."""
    got = []
    for cg in ("v1", "v2"):
        s = sections((REC / f"guest-tree--{release}-{cg}.txt").read_text())
        root = {}
        for p, (kind, mode, size, target, _ma, _mi) in rows(s["root"]).items():
            if not p or any(p.startswith(x) for x in PER_RUN):
                continue
            root[p] = ("d", 0o755, 0, "") if p in MOUNT_POINTS else (kind, mode, size, target)
        dev = {p[len("dev/"):]: (kind, mode, ma, mi)
               for p, (kind, mode, _s, _t, ma, mi) in rows(s["dev"]).items() if p != "dev"}
        etc, name = {}, None
        for line in s["etc"]:
            if line.startswith("== /"):
                name = line[4:]
                etc[name] = ""
            else:
                etc[name] += line + "\n"
        got.append((root, dev, etc))
    if got[0] != got[1]:
        sys.exit(f"{release}: the v1 and v2 guests' trees differ")
    return got[0]


def entry(v: tuple) -> str:
    """A row written with its mode in octal."""
    return "(" + ", ".join(oct(x) if i == 1 else repr(x) for i, x in enumerate(v)) + ")"


def main() -> None:
    trees = {r: release_tree(r) for r in RELEASES}
    common = {p: v for p, v in trees[RELEASES[0]][0].items()
              if all(t[0].get(p) == v for t in trees.values())}
    links = sorted(p for p, v in common.items() if v[0] == "l")
    if any(p.rpartition("/")[0] != "bin" or common[p] != ("l", 0o777, 7, "busybox")
           for p in links):
        sys.exit("a link that is not /bin/NAME -> busybox")
    for p in links:
        del common[p]
    if any(t[2] != trees[RELEASES[0]][2] for t in trees.values()):
        sys.exit("the releases' /etc differ")
    w = sys.stdout.write
    w('"""The oracle guests\' file tree as their scripts see it (written by\n'
      "``python3 tools/guest_tree.py`` from tools/sizes/recordings/guest-tree--K-V.txt,\n"
      "tools/sizes/guest-tree.sh run in each guest; do not edit): the initramfs' rootfs\n"
      "(oracle/image.py ``build_initramfs``: busybox's applets as links to it in /bin, no\n"
      "/usr) and devtmpfs' nodes. Mount points are bare directories; the files of one\n"
      'run (the script in /oracle/bin, /oracle/env) are left out."""\n\n')
    w("#: rootfs entries of every guest: path -> (type, mode, size, link target); type\n"
      '#: "d" directory, "f" regular file, "l" symbolic link\n')
    w("ROOTFS = {\n")
    for p in sorted(common):
        w(f"    {p!r}: {entry(common[p])},\n")
    w("}\n\n#: the links of /bin, each to busybox (its applets but those /bin has as files)\n")
    w("BIN_LINKS = (\n")
    names = [p[4:] for p in links]
    for i in range(0, len(names), 8):
        w("    " + " ".join(f"{n!r}," for n in names[i:i + 8]) + "\n")
    w(")\n\n#: the entries that differ by release (the disk's modules, their list)\n")
    w("ROOTFS_BY_RELEASE = {\n")
    for r in RELEASES:
        w(f"    {r!r}: {{\n")
        for p, v in sorted(trees[r][0].items()):
            if p not in common and p not in links:
                w(f"        {p!r}: {entry(v)},\n")
        w("    },\n")
    w("}\n\n#: devtmpfs' nodes by release: path -> (type, mode, major, minor); type \"c\"\n"
      '#: character device, "b" block device, "d" directory\n')
    w("DEVTMPFS = {\n")
    for r in RELEASES:
        w(f"    {r!r}: {{\n")
        for p, v in sorted(trees[r][1].items()):
            w(f"        {p!r}: {entry(v)},\n")
        w("    },\n")
    texts = {p.strip("/"): v for p, v in trees[RELEASES[0]][2].items()}
    sys.path.insert(0, str(REC.parents[2] / "src"))
    from memcgsim.oracle.image import INIT
    texts["init"] = INIT
    from memcgsim.oracle.guestbin import SCRIPTS      # read by the model as they are
    for p, v in [*texts.items(), *((f"bin/{n}", t) for n, t in SCRIPTS.items())]:
        if len(v.encode()) != common[p][2]:
            sys.exit(f"/{p}: {len(v.encode())} bytes, the guests' {common[p][2]}")
    w("}\n\n#: what the text files hold (/etc's as recorded; /init: oracle/image.py INIT,\n"
      "#: its size checked against the recordings')\n")
    w("TEXTS = {\n")
    for p, v in sorted(texts.items()):
        w(f"    {p!r}: {v!r},\n")
    w("}\n")


if __name__ == "__main__":
    main()
