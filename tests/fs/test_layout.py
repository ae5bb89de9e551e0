"""Filesystem layouts of the two user spaces a model kernel can boot."""
from __future__ import annotations

import os

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

# negative dentries (dentry-state's 5th field) left by 100 failed lookups in /, then
# 100 in the working directory
NEG = """neg() { set -- $(cat /proc/sys/fs/dentry-state); echo $5; }
a=$(neg); for i in $(seq 100); do [ -e /missing-$i ]; done; b=$(neg)
for i in $(seq 100); do [ -e missing-x$i ]; done; c=$(neg)
echo "$PWD $((b-a)) $((c-b))"
grep -E ' (/|/tmp|/mnt/disk) ' /proc/mounts
"""


@pytest.mark.parametrize("init,out", [
    ("systemd", "/ 100 100\n/dev/vda / ext4 rw,relatime 0 0\n"),
    # the oracle's guest: / is the initramfs (tmpfs: no negative dentries kept), the
    # scripts run on the scratch ext4 disk
    # (6.1 shows a tmpfs's inode64: the design's tmpfs_inode64; the rootfs's size is
    # half the RAM of when it was mounted: fs/shmem_sb.py boot_sbinfo)
    ("busybox", "/mnt/disk/work 0 100\n"
                "rootfs / rootfs rw,size=483248k,nr_inodes=120812,inode64 0 0\n"
                "tmpfs /tmp tmpfs rw,relatime,inode64 0 0\n"
                "/dev/vda /mnt/disk ext4 rw,relatime 0 0\n"),
])
def test_layout(init, out):
    k = Kernel(design="6.1", cgroup="v2", init=init)
    r = run_script(k, NEG, "layout.sh")
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


def test_proc_pid_status_fields():
    """/proc/PID/status: the keys in the order the 6.1 guest printed them
    (tests/conformance/recordings/proc-pid-files--6.1-v2.txt); VmRSS is the
    task's anonymous pages, PPid its parent."""
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, 'sleep 10 & p=$!\ncat /proc/$p/status\n'
                      'awk \'/^PPid/ {print ($2 == ppid)}\' ppid=$$ /proc/$p/status\n', "st.sh")
    lines = r.stdout.splitlines()
    rec = open(os.path.join(os.path.dirname(__file__), "..", "conformance", "recordings",
                            "proc-pid-files--6.1-v2.txt")).read()
    keys = next(ln for ln in rec.splitlines() if ln.startswith("status keys: "))
    assert " ".join(ln.split(":")[0] for ln in lines[:-1]) + " " == keys[len("status keys: "):]
    assert lines[0] == "Name:\tsleep" and lines[-1] == "1"
    vm = {ln.split(":")[0]: ln for ln in lines}
    rss = int(vm["VmRSS"].split()[1])
    assert rss > 0 and vm["VmRSS"] == f"VmRSS:\t{rss:8d} kB" and vm["RssAnon"] == f"RssAnon:\t{rss:8d} kB"
