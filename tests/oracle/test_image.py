"""The initramfs writer and module ordering (no qemu needed)."""
import os
import stat
import subprocess
import shutil

import pytest

from memcgsim.oracle.image import Cpio, INIT, RUN_PREFIX, build_initramfs, module_depends, \
    modules_in_order, read_cpio


def test_cpio_round_trip():
    c = Cpio()
    c.dir("bin")
    c.file("bin/hello", b"#!/bin/sh\necho hi\n", 0o755)
    c.symlink("bin/sh", "busybox")
    c.chardev("dev/console", 5, 1)
    data = c.bytes()
    assert len(data) % 512 == 0
    got = read_cpio(data)
    assert got["bin/hello"] == (stat.S_IFREG | 0o755, b"#!/bin/sh\necho hi\n")
    assert got["bin/sh"] == (stat.S_IFLNK | 0o777, b"busybox")
    assert stat.S_ISDIR(got["bin"][0])
    assert stat.S_ISCHR(got["dev/console"][0])


def test_cpio_newc_header_layout():
    c = Cpio()
    c.file("a", b"xyz")
    data = c.bytes()
    assert data[:6] == b"070701"
    assert int(data[6 + 8 * 6: 6 + 8 * 7], 16) == 3        # filesize
    assert int(data[6 + 8 * 11: 6 + 8 * 12], 16) == 2      # namesize with NUL
    assert data[110:112] == b"a\0"
    assert data[112:115] == b"xyz"                         # 110+2 is 4-aligned


def test_cpio_rejects_duplicates():
    c = Cpio()
    c.dir("x")
    with pytest.raises(ValueError):
        c.dir("x")


@pytest.mark.skipif(shutil.which("cpio") is None, reason="no cpio(1)")
def test_cpio_readable_by_gnu_cpio(tmp_path):
    c = Cpio()
    c.dir("d")
    c.file("d/f", b"data\n")
    c.symlink("l", "d/f")
    r = subprocess.run(["cpio", "-t"], input=c.bytes(), capture_output=True)
    assert r.returncode == 0
    assert r.stdout.decode().split() == ["d", "d/f", "l"]


def test_initramfs_contents(tmp_path):
    bb = tmp_path / "busybox"
    bb.write_bytes(b"\x7fELFbusybox")
    bash = tmp_path / "bash"
    bash.write_bytes(b"\x7fELFbash")
    mod = tmp_path / "ext4.ko"
    mod.write_bytes(b"\0depends=jbd2\0")
    got = read_cpio(build_initramfs(str(bb), str(bash), "echo hi\n", "v2", [str(mod)],
                                    disk=True, applets=["sh", "ls", "bash", "sleep", "head"]))
    assert got["init"][1] == INIT.encode()
    assert got["init"][0] & 0o111
    assert got["bin/bash"][1] == b"\x7fELFbash"              # bash-static, not busybox
    assert got["bin/ls"][1] == b"busybox" and got["bin/sleep"][1] == b"busybox"
    assert "getconf" in got["bin/getconf"][1].decode()
    assert "busybox head" in got["bin/head"][1].decode()      # GNU size suffixes
    assert got["oracle/bin/script"][1] == (RUN_PREFIX + "echo hi\n").encode()
    assert b"NAME=script" in got["oracle/env"][1]
    assert b"CGROUP=v2" in got["oracle/env"][1] and b"DISK=1" in got["oracle/env"][1]
    assert got["oracle/modules"][1] == b"ext4.ko\n"
    assert "lib/modules/ext4.ko" in got


@pytest.mark.skipif(not shutil.which("bash"), reason="no bash")
def test_script_runs_as_bash_name_in_its_workdir(tmp_path):
    """The guest runs ``bash NAME`` from /oracle/bin; the prefixed first line goes to
    the working directory, and bash's messages name the script as for ``bash NAME``
    (under ``bash -c`` a function's would say "environment"); line numbers hold."""
    bindir, work = tmp_path / "bin", tmp_path / "work"
    bindir.mkdir()
    work.mkdir()
    script = ('#!/bin/bash\necho "$PWD $0 $LINENO ${OLDPWD-none} ${ORACLE_WORKDIR-none}"\n'
              'f() { ls /nonexistent-dir 2>/dev/null; echo "${BASH_SOURCE[0]} $LINENO"; }\nf\n')
    (bindir / "t.sh").write_text(RUN_PREFIX + script)
    r = subprocess.run(["bash", "t.sh"], cwd=bindir, capture_output=True, text=True,
                       env={"PATH": os.environ["PATH"], "ORACLE_WORKDIR": str(work)})
    assert r.stdout.splitlines() == [f"{work} t.sh 2 none none", "t.sh 3"]


def test_init_mounts_and_runs():
    assert "mount -t cgroup -o memory memory /sys/fs/cgroup/memory" in INIT
    assert "mount -t cgroup2 cgroup2 /sys/fs/cgroup" in INIT
    assert '/bin/bash "$NAME" </dev/null >/dev/ttyS1 2>/dev/ttyS2' in INIT and 'echo "rc=$rc" >$CTL' in INIT


def _ko(path, deps):
    path.write_bytes(b"\x7fELF\0license=GPL\0depends=" + ",".join(deps).encode() + b"\0vermagic=x\0")


def test_modules_in_dependency_order(tmp_path):
    d = tmp_path / "kernel" / "fs"
    d.mkdir(parents=True)
    _ko(d / "ext4.ko", ["mbcache", "jbd2", "crc16"])
    _ko(d / "jbd2.ko", [])
    _ko(d / "mbcache.ko", [])
    _ko(d / "crc16.ko", [])
    _ko(d / "virtio_blk.ko", ["virtio", "virtio_ring"])
    _ko(d / "virtio.ko", [])
    _ko(d / "virtio_ring.ko", [])
    assert module_depends(str(d / "ext4.ko")) == ["mbcache", "jbd2", "crc16"]
    order = [os.path.basename(p)[:-3] for p in modules_in_order(str(tmp_path))]
    assert set(order) == {"ext4", "jbd2", "mbcache", "crc16", "virtio_blk", "virtio",
                          "virtio_ring"}
    for a, b in [("jbd2", "ext4"), ("mbcache", "ext4"), ("virtio", "virtio_blk")]:
        assert order.index(a) < order.index(b)


@pytest.mark.skipif(not os.path.exists("/bin/busybox"), reason="no busybox")
def test_head_shim_takes_gnu_suffixes(tmp_path):
    from memcgsim.oracle.guestbin import HEAD
    shim = tmp_path / "head"
    shim.write_text(HEAD)
    shim.chmod(0o755)
    for arg in (["-c", "2M"], ["-c2K"], ["-c", "3"]):
        r = subprocess.run([str(shim), *arg, "/dev/zero"], capture_output=True)
        assert len(r.stdout) == {"2M": 2 << 20, "-c2K": 2048, "3": 3}[arg[-1]]
