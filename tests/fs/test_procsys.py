"""/proc/sys's sysctls in the model (fs/procsys.py, fs/proc_sys_tree.py written by
tools/proc_sys_tree.py; docs/fidelity.md item 341), against what the guests listed and
read (tools/sizes/recordings/proc-sys--K-v2.txt)."""
import pathlib
import re
import subprocess
import sys

import pytest

import memcgsim
from memcgsim.fs import proc_sys_tree

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUEST = dict(init="busybox", userland="busybox", cgroup="v2")


def test_proc_sys_tree_is_the_generators_output():
    """fs/proc_sys_tree.py is what tools/proc_sys_tree.py writes from the recordings."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "proc_sys_tree.py")],
                         capture_output=True, text=True, check=True).stdout
    assert out == (ROOT / "src" / "memcgsim" / "fs" / "proc_sys_tree.py").read_text()


@pytest.mark.parametrize("kernel,vm,only", [("5.10", 50, "vm/block_dump"),
                                            ("6.1", 50, "vm/hugetlb_optimize_vmemmap")])
def test_sysctls_list_and_read_as_the_guests(kernel, vm, only):
    """vm/ lists the release's 50 sysctls, each with its mode (fs/file-max 0644, a
    mechanism's own: its mode is the guests' too) and the text the guests read; a
    name the release lacks is ENOENT."""
    other = "vm/hugetlb_optimize_vmemmap" if kernel == "5.10" else "vm/block_dump"
    r = memcgsim.run(f"cd /proc/sys; ls vm | wc -l; cat {only} vm/max_map_count\n"
                     f"stat -c '%a %n' fs/file-max vm/compact_memory kernel/random {only}\n"
                     f"cat {other} 2>/dev/null; echo rc=$?\n", kernel=kernel, **GUEST)
    assert vm == sum(1 for p in proc_sys_tree.FILES[kernel] if p.startswith("vm/"))
    assert r.stdout == (f"{vm}\n0\n65530\n644 fs/file-max\n200 vm/compact_memory\n"
                        f"555 kernel/random\n644 {only}\nrc=1\n")


def test_sysctl_writes_read_back_and_their_errors():
    """proc_dointvec: base-0 numbers, a vector's first values replaced, a word not a
    number -EINVAL (the value kept); proc_dostring: the line; root may neither read
    a 0200 sysctl nor write a 0444 one (-EACCES)."""
    r = memcgsim.run("cd /proc/sys; echo 0x10 > vm/page-cluster; cat vm/page-cluster\n"
                     "echo '5 4' > kernel/printk; cat kernel/printk\n"
                     "echo x > vm/page-cluster 2>/dev/null; echo \"rc=$? $(cat vm/page-cluster)\"\n"
                     "echo 'core.%p' > kernel/core_pattern; cat kernel/core_pattern\n"
                     "cat vm/compact_memory 2>/dev/null; echo rc=$?\n"
                     "(echo 1 > kernel/osrelease) 2>/dev/null; echo rc=$?\n", kernel="6.1", **GUEST)
    assert r.stdout == "16\n5\t4\t1\t7\nrc=1 16\ncore.%p\nrc=1\nrc=1\n"


def test_ns_last_pid_hostname_and_utsname():
    """kernel.ns_last_pid is the pid IDR's cursor (a write sets the next pid);
    kernel.hostname is utsname's nodename (``uname -n`` follows a write); ``uname
    -v`` is the guests' build string, as kernel/version reads it."""
    r = memcgsim.run("echo 4999 > /proc/sys/kernel/ns_last_pid; sleep 0 & echo $!; wait\n"
                     "cat /proc/sys/kernel/ns_last_pid\n"
                     "echo box > /proc/sys/kernel/hostname; uname -n; uname -v\n"
                     "cat /proc/sys/user/max_pid_namespaces\n", kernel="5.10", **GUEST)
    assert r.stdout == ("5000\n5001\nbox\n#1 SMP Debian 5.10.262-1 (2026-07-31)\n3802\n")


def test_random_uuids():
    """kernel/random/uuid is a new version-4 UUID at each read, boot_id one UUID for
    the boot; both repeat from run to run (the kernel's seed)."""
    script = "cd /proc/sys/kernel/random; cat uuid uuid boot_id boot_id\n"
    out = memcgsim.run(script, kernel="6.1", **GUEST).stdout.split()
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                            r"[0-9a-f]{12}", u) for u in out)
    assert out[0] != out[1] and out[2] == out[3] != out[0]
    assert memcgsim.run(script, kernel="6.1", **GUEST).stdout.split() == out


def test_sys_mm_tree_is_the_generators_output():
    """fs/sys_mm_tree.py is what tools/sys_mm_tree.py writes from the recordings."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "sys_mm_tree.py")],
                         capture_output=True, text=True, check=True).stdout
    assert out == (ROOT / "src" / "memcgsim" / "fs" / "sys_mm_tree.py").read_text()


@pytest.mark.parametrize("kernel,dirs", [("5.10", "hugepages ksm swap transparent_hugepage"),
                                         ("6.1", "hugepages ksm lru_gen numa swap "
                                                 "transparent_hugepage")])
def test_sys_kernel_mm_as_the_guests(kernel, dirs):
    """/sys/kernel/mm lists the release's directories (kernfs: 0755, 2 links and one
    a subdirectory); a recorded number takes a number (kstrtoul, else -EINVAL, the
    value kept), a text attribute its line; a 0444 one is not writable; THP's
    ``enabled`` stays the model's."""
    r = memcgsim.run("cd /sys/kernel/mm; echo $(ls); stat -c '%a %h' hugepages ksm/run\n"
                     "echo 7 > ksm/pages_to_scan; echo x > ksm/pages_to_scan 2>/dev/null\n"
                     "echo \"rc=$? $(cat ksm/pages_to_scan)\"; echo false > swap/vma_ra_enabled\n"
                     "cat swap/vma_ra_enabled; (echo 1 > ksm/pages_shared) 2>/dev/null\n"
                     "echo rc=$?; echo never > transparent_hugepage/enabled\n"
                     "cat transparent_hugepage/enabled\n", kernel=kernel, **GUEST)
    assert r.stdout == (f"{dirs}\n755 4\n644 1\nrc=1 7\nfalse\nrc=1\n"
                        "always madvise [never]\n")
