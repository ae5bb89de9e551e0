"""The guests' file tree in the model (fs/rootfs.py, fs/guest_tree.py; docs/fidelity.md
items 243 and 244): generated from the recordings, the busybox userland's /bin as
links to busybox, the PATH search through them."""
import pathlib
import subprocess
import sys

import pytest

import memcgsim
from memcgsim.fs import guest_tree, shmem_sb

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUEST = dict(init="busybox", userland="busybox", cgroup="v2")


def test_guest_tree_is_the_generators_output():
    """fs/guest_tree.py is what tools/guest_tree.py writes from the recordings."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "guest_tree.py")],
                         capture_output=True, text=True, check=True).stdout
    assert out == (ROOT / "src" / "memcgsim" / "fs" / "guest_tree.py").read_text()


@pytest.mark.parametrize("release", ["5.10", "6.1"])
def test_devtmpfs_nodes_are_the_guests_inodes(release):
    """devtmpfs' recorded names and its root are the inodes `df -i /dev` counted
    (calibration/guest-layout.sh, shmem_sb.DEVTMPFS_BOOT_INODES)."""
    assert len(guest_tree.DEVTMPFS[release]) + 1 == shmem_sb.DEVTMPFS_BOOT_INODES[release]


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_bin_is_links_to_busybox(kernel):
    r = memcgsim.run("readlink /bin/sh; ls /bin | wc -l; ls /sbin | wc -l; ls /usr; echo rc=$?\n"
                     "[ -L /bin/ls ] && [ -x /bin/ls ] && [ ! -L /bin/busybox ] && echo links\n"
                     "stat -L -c '%s' /bin/cat; stat -c '%s %F' /bin/cat /lib/modules/ext4.ko\n"
                     "/bin/ls -d /etc; command -v cat bash\n", kernel=kernel, **GUEST)
    ext4 = guest_tree.ROOTFS_BY_RELEASE[kernel]["lib/modules/ext4.ko"][2]
    busybox = guest_tree.ROOTFS["bin/busybox"][2]
    assert r.stdout == (f"busybox\n271\n0\nrc=1\nlinks\n{busybox}\n7 symbolic link\n"
                        f"{ext4} regular file\n/etc\n/bin/cat\n/bin/bash\n")
    assert r.stderr == "ls: /usr: No such file or directory\n"


def test_boot_files_read_and_write():
    """/etc's and /init's bytes are there; a write makes a boot file a tmpfs file."""
    r = memcgsim.run("cat /etc/passwd; head -1 /init; echo wheel:x:10: >> /etc/group\n"
                     "cat /etc/group; echo new > /etc/passwd; cat /etc/passwd; wc -c < /bin/bash\n",
                     **GUEST)
    assert r.stdout == ("root:x:0:0:root:/root:/bin/bash\n#!/bin/busybox sh\n"
                        "root:x:0:\nwheel:x:10:\nnew\n0\n")


def test_find_xdev_and_devices():
    r = memcgsim.run("find / -xdev -maxdepth 1 | sort | tr '\\n' ' '; echo\n"
                     "stat -c '%n %t:%T %F' /dev/vda /dev/null /dev/tty1; find /dev -type d\n",
                     **GUEST)
    assert r.stdout == ("/ /bin /dev /etc /init /lib /mnt /oracle /proc /root /run /sbin /sys "
                        "/tmp /var \n/dev/vda fe:0 block special file\n/dev/null 1:3 character "
                        "special file\n/dev/tty1 4:1 character special file\n/dev\n/dev/input\n")


def test_device_without_a_driver():
    """A guest's device node the model has no driver for opens as an absent device."""
    r = memcgsim.run("echo hi > /dev/console; echo rc=$?", **GUEST)
    assert (r.stdout, r.stderr) == ("rc=1\n", "bash: line 1: /dev/console: No such device or address\n")


def test_path_search_through_the_tree():
    """bash finds programs by PATH and its hash table; a hashed file removed fails
    as its execve does; busybox run by a name not its applet's says so."""
    r = memcgsim.run("true; cat /dev/null; rm /bin/cat; cat /dev/null; echo rc=$?\n"
                     "PATH=/sbin; ls; echo rc=$?; PATH=/bin:/sbin\n"
                     "ln -s /bin/busybox /tmp/nosuch; /tmp/nosuch; echo rc=$?\n"
                     "sh -c 'PATH=/x; echo hi | wc -c'\n", **GUEST)
    assert r.stdout == "rc=127\nrc=127\nrc=127\n3\n"
    assert r.stderr == ("bash: line 1: /bin/cat: No such file or directory\n"
                        "bash: line 2: ls: command not found\nnosuch: applet not found\n")


def test_gnu_userland_keeps_usr_bin():
    r = memcgsim.run("ls -d /usr/bin; command -v cat", init="busybox", cgroup="v2")
    assert r.stdout == "/usr/bin\n/usr/bin/cat\n"
