"""Every reproducer in ../shared/reproducers runs unchanged and gives the result its
header expects (issue 3 acceptance)."""
import os
import re

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

REPRO = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "reproducers")
pytestmark = pytest.mark.skipif(not os.path.isdir(REPRO), reason="shared/ not beside the project")


def run(name, design, cgroup):
    with open(os.path.join(REPRO, name)) as f:
        text = f.read()
    k = Kernel(design=design, cgroup=cgroup, nr_cpus=2)
    return k, run_script(k, text, name)


def memory_counts(out):
    return [int(l.split("\t")[2]) for l in out.splitlines() if l.startswith("memory\t")]


def dying_counts(out):
    return [int(x) for x in re.findall(r"^nr_dying_descendants (\d+)$", out, re.M)]


@pytest.mark.parametrize("design,expect_pinned", [("5.12", True), ("5.13", False)])
def test_muchun2021_kmem_stack_pin(design, expect_pinned):
    _, r = run("muchun2021_kmem_stack_pin.sh", design, "v1")
    assert r.status == 0 and "unsupported" not in r.stderr
    before, after = memory_counts(r.stdout)
    assert before == 1
    assert after == 501 if expect_pinned else after <= 3


@pytest.mark.parametrize("design", ["5.12", "5.13"])
def test_muchun2021_lru_rfc_sleep60_is_a_negative_control(design):
    """No charge moving: the sleeps' anon pages pin every removed cgroup while they
    live, with or without the kmem series."""
    k, r = run("muchun2021_lru_rfc_sleep60.sh", design, "v1")
    # a few sleeps may exec only after their move back (the tail of the fork race,
    # kernel/sched.py): their pages charge the root (6.1 read 485 once)
    first, after = memory_counts(r.stdout)
    assert first == 1 and 491 <= after <= 501
    k.advance(61)  # the sleeps end: their anon pages no longer pin
    assert k.memory_cgroup_count() <= 1 + k.nr_cpus


@pytest.mark.parametrize("design", ["5.12", "5.13"])
def test_derived_v2_kmem_stack_pin(design):
    _, r = run("derived_v2_kmem_stack_pin.sh", design, "v2")
    assert r.stderr == ""
    # after the kill, the looping shell's own pages (heap growth and COW copies it
    # faulted in kmem_test, kernel/mmap.py) still pin some: the v2 cover-letter loop
    # left 38-47 of 500 on the real kernels (tests/conformance/scripts/v2-kmem_test-kill.sh)
    before, loop, after = dying_counts(r.stdout)
    assert (before, loop) == (0, 100) and 2 <= after <= 20


SELFTESTS = ["selftest_kmem_kernel_stacks.sh", "selftest_kmem_proc_kpagecgroup.sh",
             "selftest_memcg_max.sh", "selftest_memcg_oom_events.sh",
             "selftest_memcg_subtree_control.sh", "selftest_kmem_basic.sh"]


# kmem_basic's 100,000 stat()s take ~25 s of CPU a design: 5.12 charges the dentries
# as 5.13 does (the slab objcg of v5.9), so its run is slow-only; its 5.13 pass is
# checked by tests/analysis/test_explain.py's walk of every reproducer (the same
# run), so this one is slow-only too; the conformance suite runs the script on
# 5.10 and 6.1 against the real kernels
@pytest.mark.parametrize("design,name", [
    pytest.param(d, n, id=f"{d}-{n}",
                 marks=[pytest.mark.slow] if n == "selftest_kmem_basic.sh" else [])
    for d in ("5.12", "5.13") for n in SELFTESTS])
def test_selftests_pass(name, design):
    _, r = run(name, design, "v2")
    test = "test_" + name[len("selftest_"):-3]
    if name == "selftest_memcg_oom_events.sh":
        # head goes on meeting the limit while tail exits (kernel/oom_victim.py):
        # oom above 1, as in 15 of the 16 runs on the 6.1 guest (2..11), so the
        # selftest's "oom == 1" fails there and here
        m = re.fullmatch(rf"not ok {test} # procs='' oom=(\d+) oom_kill=1",
                         r.stdout.splitlines()[-1])
        assert m and 2 <= int(m.group(1)) <= 11 and r.status == 1, r.stdout + r.stderr
        return
    assert r.stdout.splitlines()[-1] == f"ok {test}", r.stdout + r.stderr
    assert r.status == 0
    assert "unsupported" not in r.stderr and "Traceback" not in r.stderr


def test_kmem_basic_fails_under_nokmem():
    with open(os.path.join(REPRO, "selftest_kmem_basic.sh")) as f:
        text = f.read()
    # nokmem charges no dentry whatever their number: 1,000 stat()s instead of the
    # script's 100,000 (test_selftests_pass runs it whole; ~25 s of the suite's CPU)
    assert text.count("alloc_dcache 100000") == 1
    text = text.replace("alloc_dcache 100000", "alloc_dcache 1000")
    k = Kernel(design="5.13", cgroup="v2", boot="cgroup.memory=nokmem")
    r = run_script(k, text, "selftest_kmem_basic.sh")
    assert r.stdout.startswith("not ok test_kmem_basic # slab0=0")
