"""The cftype tables, the kernel's parsers and the kernfs rules. Expected values
are the recorded kernels' (tests/conformance/recordings/probe-cgroupfs-writes*)
or the kernel source's rules (lib/kstrtox.c, lib/cmdline.c)."""
import errno

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.fs.cftypes import CfType, cgroup_files
from memcgsim.fs.cftypes.parse import (kstrtoint, kstrtoll, kstrtoull, memparse,
                                       page_counter_memparse, strstrip)
from memcgsim.shell import run_script

V1 = "/sys/fs/cgroup/memory"
V2 = "/sys/fs/cgroup"
PCM = (2 ** 63 - 1) // 4096


def err(fn, *args):
    with pytest.raises(OSError) as e:
        fn(*args)
    return e.value.errno


# ------------------------------------------------------------------ parsers
@pytest.mark.parametrize("text,value", [
    ("0", 0), ("4096", 4096), ("1k", 1024), ("1K", 1024), ("1E", 1 << 60), ("1e", 1 << 60),
    ("0x10", 16), ("0X1f", 31), ("010", 8), ("", 0), ("k", 0),
    # 23 digits wrap modulo 2**64 (5.10.262 and 6.1.192 read back 200376420520685568)
    ("99999999999999999999999", 99999999999999999999999 % 2 ** 64),
    ("18446744073709551616", 0),
])
def test_memparse_values(text, value):
    n, rest = memparse(text)
    assert (n, rest) == (value, "")


@pytest.mark.parametrize("text", ["-1", "+1", "1kB", "1 k", "0x", "08", "1.5", "MAX", "max"])
def test_page_counter_memparse_refuses(text):
    assert err(page_counter_memparse, text, "", 4096, PCM) == errno.EINVAL


def test_page_counter_memparse_max_word_and_cap():
    assert page_counter_memparse("max", "max", 4096, PCM) == PCM
    assert page_counter_memparse("-1", "-1", 4096, PCM) == PCM
    assert page_counter_memparse("9223372036854775808", "max", 4096, PCM) == PCM
    assert page_counter_memparse("4095", "max", 4096, PCM) == 0


@pytest.mark.parametrize("text,value", [("7", 7), ("7\n", 7), ("+7", 7), ("0x10", 16),
                                        ("010", 8), ("0", 0),
                                        # 19 digits (read at once) and 20 (digit by digit)
                                        ("9999999999999999999", 10 ** 19 - 1),
                                        ("18446744073709551615\n", 2 ** 64 - 1)])
def test_kstrtoull_values(text, value):
    assert kstrtoull(text) == value


@pytest.mark.parametrize("text,code", [(" 7", errno.EINVAL), ("7 ", errno.EINVAL),
                                       ("7\n\n", errno.EINVAL), ("", errno.EINVAL),
                                       ("\n", errno.EINVAL), ("-0", errno.EINVAL),
                                       ("18446744073709551616", errno.ERANGE),
                                       ("0x", errno.EINVAL), ("08", errno.EINVAL),
                                       ("99999999999999999999", errno.ERANGE),
                                       ("12a", errno.EINVAL), ("1\u0663", errno.EINVAL)])
def test_kstrtoull_refuses(text, code):
    assert err(kstrtoull, text) == code


def test_signed_parsers_ranges():
    assert kstrtoll("-9223372036854775808") == -2 ** 63
    assert err(kstrtoll, "9223372036854775808") == errno.ERANGE
    assert kstrtoint("-2147483648") == -2 ** 31
    assert err(kstrtoint, "2147483648") == errno.ERANGE
    assert kstrtoint("-0") == 0


def test_strstrip_is_the_kernels_isspace():
    assert strstrip("\t\v 7 \n\f\r") == "7"
    assert strstrip("\xa07\xa0") == "7"


# ------------------------------------------------------------------ tables
def test_modes_follow_cgroup_file_mode():
    assert CfType("x", read=len).mode == 0o444
    assert CfType("x", write=len).mode == 0o200
    assert CfType("x", read=len, write=len).mode == 0o644
    assert CfType("x").mode == 0


@pytest.mark.parametrize("release", ["5.10", "6.1"])
def test_tables_have_unique_names(release):
    for dfl in (True, False):
        core, mem = cgroup_files(release, dfl)
        names = [c.name for c in core + mem]
        assert len(names) == len(set(names))


def _boot(design, cgroup):
    k = Kernel(design=design, cgroup=cgroup, init="busybox")
    sh = k.spawn("bash")
    base = V1 if cgroup == "v1" else V2
    if cgroup == "v2":
        k.write(V2 + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(base + "/a", sh)
    return k, sh, base


# ------------------------------------------------------------------ kernfs rules
@pytest.mark.parametrize("cgroup", ["v1", "v2"])
def test_kernfs_rules(cgroup):
    k, sh, base = _boot("6.1", cgroup)
    a = base + "/a"
    assert err(k.write, a + "/memory.stat", "0", sh) == errno.EINVAL     # no handler
    assert err(k.write, a + "/newfile", "0", sh) == errno.EACCES        # no ->create
    assert err(k.write, a + "/memory.stat/x", "0", sh) == errno.ENOTDIR
    assert err(k.mkdir, a + "/memory.stat/x", sh) == errno.ENOTDIR
    assert err(k.mkdir, a + "/memory.stat", sh) == errno.EEXIST
    assert err(k.rmdir, a + "/memory.stat", sh) == errno.ENOTDIR
    assert err(k.unlink, a + "/memory.stat", sh) == errno.EPERM
    assert err(k.rmdir, base, sh) == errno.EBUSY
    k.mkdir(a + "/sub", sh)
    assert err(k.rmdir, a, sh) == errno.EBUSY
    # vfs_rename's may_delete of the target comes before the filesystem's rename
    assert err(k.rename, a + "/sub", a + "/memory.stat", sh) == errno.ENOTDIR
    assert err(k.rename, a + "/memory.stat", a + "/sub", sh) == errno.EISDIR
    if cgroup == "v2":
        assert err(k.rename, a + "/sub", a + "/sub2", sh) == errno.EPERM
    else:
        k.rename(a + "/sub", a + "/sub2", sh)
        assert "sub2" in k.listdir(a, sh) and "sub" not in k.listdir(a, sh)
        assert err(k.rename, a + "/sub2", base + "/sub3", sh) == errno.EIO
        assert err(k.rename, a + "/memory.stat", a + "/x", sh) == errno.ENOTDIR
        k.rmdir(a + "/sub2", sh)


def test_v2_hierarchy_limits_on_mkdir():
    k, sh, base = _boot("5.10", "v2")
    a = base + "/a"
    k.write(a + "/cgroup.max.descendants", "1", sh)
    k.mkdir(a + "/b", sh)
    assert err(k.mkdir, a + "/c", sh) == errno.EAGAIN
    k.write(a + "/cgroup.max.depth", "1", sh)
    assert err(k.mkdir, a + "/b/c", sh) == errno.EAGAIN
    k.write(a + "/cgroup.max.depth", "max", sh)
    k.write(a + "/cgroup.max.descendants", "max\n", sh)
    k.mkdir(a + "/b/c", sh)
    assert k.read(a + "/cgroup.max.depth", sh) == "max\n"
    assert err(k.write, a + "/cgroup.max.depth", "-1", sh) == errno.ERANGE


def test_v1_knobs_kept():
    k, sh, base = _boot("6.1", "v1")
    a = base + "/a"
    k.write(a + "/memory.soft_limit_in_bytes", "1M", sh)
    assert k.read(a + "/memory.soft_limit_in_bytes", sh) == "1048576\n"
    k.write(a + "/memory.oom_control", "1", sh)
    assert k.read(a + "/memory.oom_control", sh).startswith("oom_kill_disable 1\nunder_oom 0\n")
    assert err(k.write, base + "/memory.oom_control", "1", sh) == errno.EINVAL   # root
    k.write(a + "/notify_on_release", "7", sh)
    assert k.read(a + "/notify_on_release", sh) == "1\n"
    k.write(a + "/memory.swappiness", "200", sh)
    assert err(k.write, a + "/memory.swappiness", "201", sh) == errno.EINVAL
    # 6.1: accepted and ignored (58056f77502f)
    k.write(a + "/memory.kmem.limit_in_bytes", "1M", sh)
    assert k.read(a + "/memory.kmem.limit_in_bytes", sh) == f"{PCM * 4096}\n"


# ------------------------------------------------------------------ refused writes
WORDS = ["0", "1", "-1", "+1", "max", "1k", "0x10", "010", "08", " 7", "7 ", "abc", "",
         "\n", "99999999999999999999999", "threaded", "+memory", "some 1 1000000",
         "\x01", "\xff"]


def _snapshot(k, sh, base):
    """Every readable file of the root and the child, by path."""
    out = {}
    for d in (base, base + "/a"):
        for name in k.listdir(d, sh):
            p = f"{d}/{name}"
            try:
                out[p] = k.read(p, sh)
            except OSError as e:      # write-only files, directories
                out[p] = e.errno
    return out


@pytest.mark.parametrize("design,cgroup", [("5.10", "v1"), ("6.1", "v1"), ("5.10", "v2"),
                                           ("6.1", "v2")])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_refused_write_changes_nothing(design, cgroup, data):
    """Random writes to every writable file: whenever one fails, every file of the
    tree reads as before (as on the kernels, where a refused write keeps the old
    value). Excluded: writes that reclaim before failing (memory.reclaim's
    EAGAIN, v1 limit EBUSY), as the kernel's do."""
    k, sh, base = _boot(design, cgroup)
    files = [f"{d}/{n}" for d in (base, base + "/a") for n in k.listdir(d, sh)
             if "." in n or n in ("tasks", "notify_on_release", "release_agent")]
    for _ in range(data.draw(st.integers(1, 6))):
        path = data.draw(st.sampled_from(files))
        text = data.draw(st.one_of(st.sampled_from(WORDS),
                                   st.text(st.characters(max_codepoint=255), max_size=12)))
        before = _snapshot(k, sh, base)
        try:
            k.write(path, text, sh)
        except OSError as e:
            if path.endswith("memory.reclaim") or e.errno == errno.EBUSY:
                continue
            assert _snapshot(k, sh, base) == before, (path, text, e)


def test_v2_threaded_rules():
    """cgroup_enable_threaded: refused under a parent with a domain controller
    enabled (the probe's case on both kernels), accepted under one without."""
    k, sh, base = _boot("6.1", "v2")
    a = base + "/a"
    k.mkdir(a + "/t", sh)
    k.mkdir(a + "/d", sh)
    k.write(a + "/cgroup.subtree_control", "+memory", sh)
    assert err(k.write, a + "/t/cgroup.type", "threaded", sh) == errno.EOPNOTSUPP
    assert err(k.write, a + "/t/cgroup.type", "domain", sh) == errno.EINVAL
    k.write(a + "/cgroup.subtree_control", "-memory", sh)
    k.write(a + "/t/cgroup.type", " threaded\n", sh)
    assert k.read(a + "/t/cgroup.type", sh) == "threaded\n"
    assert k.read(a + "/cgroup.type", sh) == "domain threaded\n"
    assert k.read(a + "/d/cgroup.type", sh) == "domain invalid\n"


def test_v2_threaded_loses_domain_controllers():
    """cgroup_enable_threaded → cgroup_apply_control_disable: a child of the root
    turned threaded loses its memory css (dying while its tmpfs pages stay; the
    memory.* files gone), its controllers and the enabling of memory below it
    (-ENOENT, cgroup_control's threaded mask); an empty mask reads as an empty file
    (tests/conformance/scripts/v2-threaded-memory.sh on the guests)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, "echo +memory +pids > /sys/fs/cgroup/cgroup.subtree_control\n"
                      "mkdir /sys/fs/cgroup/a /mnt/m; mount -t tmpfs none /mnt/m\n"
                      "(echo 0 > /sys/fs/cgroup/a/cgroup.procs; head -c 40960 /dev/zero > /mnt/m/f)\n",
                   "t.sh")
    assert r.status == 0, r.stderr
    sh = k.spawn("bash")
    a = V2 + "/a"
    memcg = k.memory_root.cgrp.children["a"].subsys["memory"]
    assert k.read(a + "/cgroup.subtree_control", sh) == ""
    k.write(a + "/cgroup.type", "threaded", sh)
    assert k.read(a + "/cgroup.controllers", sh) == "pids\n"
    assert not [n for n in k.listdir(a, sh) if n.startswith("memory.") and "pressure" not in n]
    assert list(k.memcg.dying_memcgs()) == [memcg]
    assert err(k.write, a + "/cgroup.subtree_control", "+memory", sh) == errno.ENOENT
    assert err(k.write, a + "/cgroup.subtree_control", "-memory +memory", sh) == errno.ENOENT
    k.write(a + "/cgroup.subtree_control", "+memory -memory", sh)



def _outcome(fn, text):
    try:
        return fn(text)
    except OSError as e:
        return ("errno", e.errno)


@pytest.mark.parametrize("text,value", [("0\n", 0), ("7\n", 7), ("010", 8), ("07\n", 7),
                                        ("123456789\n", 123456789), ("2147483647", 2 ** 31 - 1),
                                        ("0x1f\n", 31), ("+1", 1), ("-1", -1)])
def test_kstrtoint_values(text, value):
    assert kstrtoint(text) == value == kstrtoll(text)


@pytest.mark.parametrize("text", ["", "\n", "1\n\n", " 1", "1 ", "1\u0663", "\u0663", "08",
                                  "2147483648", "1a"])
def test_kstrtoint_refuses_as_kstrtoll(text):
    """kstrtoint's quick reading of a plain decimal refuses what kstrtoll refuses
    (or gives -ERANGE past int)."""
    got = _outcome(kstrtoint, text)
    want = _outcome(kstrtoll, text)
    assert got == (want if isinstance(want, tuple) else ("errno", errno.ERANGE))
