"""The guest's boot files: an initramfs (cpio "newc", written here) holding static
busybox and bash, the kernel modules the disk needs and an /init script; and an ext4
disk image (mkfs.ext4 -d) that scripts run on."""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess

from .guestbin import SCRIPTS
from . import OracleError

# ---------------------------------------------------------------- cpio newc writer


class Cpio:
    """An in-memory cpio archive in the "newc" format the kernel unpacks."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.ino = 1
        self.names: set[str] = set()

    def _entry(self, name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0),
               nlink: int = 1) -> None:
        name = name.strip("/") or "."
        if name in self.names:
            raise ValueError(f"duplicate cpio entry {name!r}")
        self.names.add(name)
        nb = name.encode() + b"\0"
        fields = (self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
                  len(nb), 0)
        self.ino += 1
        hdr = b"070701" + b"".join(b"%08X" % v for v in fields)
        self.parts.append(hdr + nb + b"\0" * (-(110 + len(nb)) % 4))
        self.parts.append(data + b"\0" * (-len(data) % 4))

    def dir(self, name: str, perm: int = 0o755) -> None:
        self._entry(name, stat.S_IFDIR | perm, nlink=2)

    def file(self, name: str, data: bytes, perm: int = 0o644) -> None:
        self._entry(name, stat.S_IFREG | perm, data)

    def symlink(self, name: str, target: str) -> None:
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name: str, major: int, minor: int, perm: int = 0o600) -> None:
        self._entry(name, stat.S_IFCHR | perm, rdev=(major, minor))

    def bytes(self) -> bytes:
        trailer = b"070701" + b"".join(b"%08X" % v for v in
                                       (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0))
        out = b"".join(self.parts) + trailer + b"TRAILER!!!\0" + b"\0" * 3
        return out + b"\0" * (-len(out) % 512)


def read_cpio(data: bytes) -> dict[str, tuple[int, bytes]]:
    """name -> (mode, data) of a newc archive (for tests and debugging)."""
    out, off = {}, 0
    while True:
        if data[off:off + 6] != b"070701":
            raise ValueError(f"bad cpio magic at {off}")
        f = [int(data[off + 6 + 8 * i: off + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = f[1], f[6], f[11]
        name = data[off + 110: off + 110 + namesize - 1].decode()
        off += 110 + namesize
        off += -off % 4
        if name == "TRAILER!!!":
            return out
        out[name] = (mode, data[off: off + size])
        off += size + (-size % 4)


# ---------------------------------------------------------------- kernel modules

#: what the guest needs to mount an ext4 file system on a virtio disk; a module
#: built in (=y) or absent from the package is skipped
DISK_MODULES = ("virtio", "virtio_ring", "virtio_pci_legacy_dev", "virtio_pci_modern_dev",
                "virtio_pci", "virtio_blk", "crc16", "crc32c_generic", "libcrc32c",
                "mbcache", "jbd2", "ext4")


def module_index(moddir: str) -> dict[str, str]:
    idx = {}
    for dp, _, fs in os.walk(moddir):
        for f in fs:
            if f.endswith(".ko"):
                idx[f[:-3].replace("-", "_")] = os.path.join(dp, f)
    return idx


def module_depends(path: str) -> list[str]:
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"\0depends=([^\0]*)\0", data)
    return [d.replace("-", "_") for d in m.group(1).decode().split(",") if d] if m else []


def modules_in_order(moddir: str, wanted=DISK_MODULES) -> list[str]:
    """Module files to insmod, dependencies first."""
    idx = module_index(moddir)
    order: list[str] = []

    def visit(name: str, stack=()) -> None:
        if name in order or name not in idx or name in stack:
            return
        for d in module_depends(idx[name]):
            visit(d, stack + (name,))
        order.append(name)

    for w in wanted:
        visit(w)
    return [idx[n] for n in order]


# ---------------------------------------------------------------- /init

INIT = r"""#!/bin/busybox sh
# memcgsim oracle guest init: mount, run /oracle/script as root, report, power off
export PATH=/bin:/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
CTL=/dev/ttyS3
for p in /dev/ttyS1 /dev/ttyS2 /dev/ttyS3; do stty -F $p raw -echo -opost 2>/dev/null; done
for m in $(cat /oracle/modules); do insmod /lib/modules/$m 2>/dev/null; done
. /oracle/env
if [ "$CGROUP" = v1 ]; then
  mount -t tmpfs cgroup_root /sys/fs/cgroup
  mkdir /sys/fs/cgroup/memory
  mount -t cgroup -o memory memory /sys/fs/cgroup/memory || echo "oracle: no cgroup v1 memory" >$CTL
else
  mount -t cgroup2 cgroup2 /sys/fs/cgroup || echo "oracle: no cgroup2" >$CTL
fi
cd /
if [ -n "$DISK" ]; then
  i=0; while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do usleep 100000; i=$((i+1)); done
  mkdir -p /mnt/disk
  if mount -t ext4 /dev/vda /mnt/disk; then cd /mnt/disk/work
  else echo "oracle: cannot mount the disk" >$CTL; fi
fi
echo "uname=$(uname -r)" >$CTL
echo "start=$(cut -d' ' -f1 /proc/uptime)" >$CTL
# `bash NAME` as a user runs a script: $0 and the name in bash's messages (functions'
# too: under `bash -c` those say "environment") are NAME; the script's first line,
# prefixed with RUN_PREFIX, goes back to the working directory
ORACLE_WORKDIR=$(pwd); export ORACLE_WORKDIR
cd /oracle/bin
/bin/bash "$NAME" </dev/null >/dev/ttyS1 2>/dev/ttyS2
rc=$?
echo "end=$(cut -d' ' -f1 /proc/uptime)" >$CTL
cd /
sync
umount /mnt/disk 2>/dev/null
echo "rc=$rc" >$CTL
poweroff -f
"""

#: put before the script's first line (its line numbers stay): bash opened the script
#: in /oracle/bin by its bare name; this returns to the working directory and leaves
#: no trace in the environment
RUN_PREFIX = 'cd -- "$ORACLE_WORKDIR" && unset ORACLE_WORKDIR OLDPWD; '


def busybox_applets(busybox: str) -> list[str]:
    r = subprocess.run([busybox, "--list"], capture_output=True, text=True)
    if r.returncode != 0:
        raise OracleError(f"{busybox} --list failed")
    return r.stdout.split()


def build_initramfs(busybox: str, bash: str, script: str, cgroup: str,
                    modules: list[str] = (), disk: bool = False, name: str = "script",
                    applets: list[str] | None = None) -> bytes:
    c = Cpio()
    for d in ("bin", "sbin", "dev", "proc", "sys", "tmp", "mnt", "root", "etc", "oracle",
              "lib", "lib/modules", "run", "var"):
        c.dir(d, 0o1777 if d == "tmp" else 0o755)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3, 0o666)
    with open(busybox, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    with open(bash, "rb") as f:
        c.file("bin/bash", f.read(), 0o755)
    skip = {"busybox", "bash", *SCRIPTS}
    for a in applets if applets is not None else busybox_applets(busybox):
        if a not in skip:
            c.symlink(f"bin/{a}", "busybox")
    for prog, text in sorted(SCRIPTS.items()):     # getconf, head
        c.file(f"bin/{prog}", text.encode(), 0o755)
    c.file("etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n")
    c.file("etc/group", b"root:x:0:\n")
    c.file("init", INIT.encode(), 0o755)
    name = re.sub(r"[^\w.+-]", "_", name) or "script"
    c.dir("oracle/bin")
    c.file(f"oracle/bin/{name}", (RUN_PREFIX + script).encode("utf-8", "surrogateescape"),
           0o755)
    env = f"CGROUP={cgroup}\nDISK={'1' if disk else ''}\nNAME={name}\n"
    c.file("oracle/env", env.encode())
    names = []
    for m in modules:
        base = os.path.basename(m)
        with open(m, "rb") as f:
            c.file(f"lib/modules/{base}", f.read())
        names.append(base)
    c.file("oracle/modules", ("\n".join(names) + "\n").encode())
    return c.bytes()


def make_disk(path: str, size_mb: int = 1024, populate: str | None = None) -> None:
    """A sparse ext4 image with an empty /work (or ``populate``'s files in it)."""
    mkfs = shutil.which("mkfs.ext4") or shutil.which("mke2fs")
    if mkfs is None:
        raise OracleError("mkfs.ext4 not found: apt-get install e2fsprogs")
    src = path + ".d"
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(os.path.join(src, "work"))
    os.chmod(os.path.join(src, "work"), 0o1777)
    if populate:
        shutil.copytree(populate, os.path.join(src, "work"), dirs_exist_ok=True)
    cmd = [mkfs, "-q", "-F", "-t", "ext4", "-E", "root_owner=0:0", "-d", src, path,
           f"{size_mb}M"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    shutil.rmtree(src, ignore_errors=True)
    if r.returncode != 0:
        raise OracleError(f"mkfs.ext4 failed: {r.stderr.strip()}")
