"""A process's own kernel objects (kernel/fork.py, docs/fidelity.md item 44): exec's
cred, file and /proc lookups, a forked mm's anon_vma chains, the fdtable of a child of
a shell holding fd 255, an asynchronous command's /dev/null; their bytes from the
guests' slabinfo objsizes (+ 8 for the objcg pointer) and the probe's memory.stat
(tools/sizes/recordings/proc-objects--6.1-v2.txt)."""
from __future__ import annotations

import pytest

from memcgsim import Kernel

CG = "/sys/fs/cgroup"


def _setup(design="6.1"):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    k.write(CG + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(CG + "/a", sh)
    return k, sh


def _stat(k, sh, key: str) -> int:
    """``a``'s memory.stat ``key`` once every CPU's stocks are drained (6.1's obj
    stocks hold up to a page of each slab item back: docs/fidelity.md item 50); the
    file looked up first (its dentry and inode, charged to the reader: item 45)."""
    k.read(CG + "/a/memory.stat", sh)
    with k.running(sh):
        k.memcg.drain_all_stock(k.memcg.root_mem_cgroup)
    k.clock.run_until(k.clock.now_ns + 10_000_000)      # the drain works
    for line in k.read(CG + "/a/memory.stat", sh).splitlines():
        name, value = line.split()
        if name == key:
            return int(value)
    raise KeyError(key)


def _counts(objs) -> dict[str, int]:
    return {c.name: n for c, n in objs.counts()}


def test_exec_of_a_guest_program_charges_its_objects_to_the_task():
    """6.1: a child moved into ``a`` before its exec of busybox sleep is charged there
    for the new mm's mm_struct (``mm_alloc``), 10 VMAs, 4 anon_vmas and 5 chains, the
    executable's filp, the new cred and its security blob and its static start-up's
    /proc/PID and /proc/PID/exe dentries and inodes: 1160 + 1600 + 448 + 360 + 264 +
    200 + 24 unreclaimable (the guest's exec of sleep, traced: 4056,
    tools/sizes/recordings/late-frees-trace--6.1-v2-2cpu.txt), 2 x 200 + 2 x 720
    reclaimable (the guest: 1794-1826 reclaimable a process)."""
    k, sh = _setup()
    child = k.fork(sh)
    k.write(CG + "/a/cgroup.procs", str(child.pid), sh)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    # and the maple tree's one node (a leaf of up to 16 ranges), unaccounted
    assert _counts(child.mm.mm_struct) == {"mm_struct": 1}
    assert _counts(child.mm.slab) == {"vm_area_struct": 10, "anon_vma": 4,
                                      "anon_vma_chain": 5, "maple_node": 1}
    assert _counts(child.mm.exe) == {"filp": 1, "lsm_file_cache": 1}
    assert _counts(child.cred) == {"cred_jar": 1, "kmalloc-cg-16": 1}
    assert _counts(child.proc) == {"dentry": 2, "proc_inode_cache": 2, "lsm_inode_cache": 2}
    mine = 1160 + 1600 + 448 + 360 + 264 + 200 + 24
    assert _stat(k, sh, "slab_unreclaimable") == mine
    assert _stat(k, sh, "slab_reclaimable") == 2 * 200 + 2 * 720
    # a second exec looks /proc/PID/exe up no more; its mm and file replace the
    # first's (freed after a grace period: file_free_rcu), its cred is the task's and
    # the first exec's is the new file's f_cred (commit_creds after do_open_execat)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    k.advance_to(k.now + 0.01)
    assert _stat(k, sh, "slab") == mine + 224 + 2 * 200 + 2 * 720
    k.exit(child)
    k.reap(child)
    k.advance_to(k.now + 1)     # the RCU frees
    k.procs.finish_task_switch(child.cpu)   # its CPU's lazy TLB mm dropped
    assert _stat(k, sh, "slab") == 0


def test_late_frees_keep_the_mm_struct_as_the_cpus_lazy_tlb_mm():
    """Design switch ``late_frees`` (on in 5.10 and 6.1: docs/fidelity.md items 54
    and 59): the exited task's mm_struct stays its CPU's lazy TLB mm until a user
    task runs there (``finish_task_switch``), its task structures go on the
    reaper's CPU."""
    k, sh = _setup()
    assert k.design.late_frees
    child = k.fork(sh)
    k.write(CG + "/a/cgroup.procs", str(child.pid), sh)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    k.exit(child)
    k.reap(child)
    k.advance_to(k.now + 1)     # the RCU frees
    assert k.procs.lazy_mm[child.cpu] is not None
    assert _stat(k, sh, "slab") == 1160     # the mm_struct: its CPU's lazy TLB mm
    k.procs.finish_task_switch(child.cpu)   # a user task runs there: mmdrop
    assert _stat(k, sh, "slab") == 0


def test_gnu_userland_programs_are_dynamic():
    """The host's programs (gnu userland) keep their own images and look nothing up in
    /proc at start-up; the exec's cred and file are the kernel's, for every program."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    child = k.fork(sh)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    assert child.proc is None
    assert _counts(child.mm.slab)["vm_area_struct"] == 22
    assert _counts(child.mm.exe) == {"filp": 1, "lsm_file_cache": 1}
    assert _counts(child.cred) == {"cred_jar": 1, "kmalloc-cg-16": 1}


def test_a_fork_clones_the_parents_anon_vma_chains():
    """``anon_vma_fork`` for each of bash's 5 areas with an anon_vma: the parent's
    chain cloned, a new anon_vma and its chain: 5 anon_vmas and 5 + 5 chains for a
    child of the exec'd bash, 10 + 5 for a grandchild (the guest's subshell of a
    subshell: 5 anon_vmas and 15 chains, 17277 bytes a process, 1661 past the task
    structures and VMAs); each with its mm_struct (``dup_mm``)."""
    k, sh = _setup()
    child = k.fork(sh)
    assert _counts(child.mm.mm_struct) == {"mm_struct": 1}
    assert _counts(child.mm.slab) == {"vm_area_struct": 10, "anon_vma": 5,
                                      "anon_vma_chain": 10, "maple_node": 1}
    grandchild = k.fork(child)
    assert _counts(grandchild.mm.slab) == {"vm_area_struct": 10,
                                           "anon_vma": 5, "anon_vma_chain": 15,
                                           "maple_node": 1}
    assert grandchild.mm.exe is None        # get_file of the parent's exe_file


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_children_of_a_shell_holding_fd_255_get_their_own_fdtable(design):
    """bash's script input at fd 255 gives its files_struct a 256-fd table
    (``expand_files``); each fork copies it (``dup_fd`` → ``alloc_fdtable(255)``:
    the struct fdtable, 2048 bytes of file pointers, 72 of bitmaps, all
    GFP_KERNEL_ACCOUNT: 72 + 2056 + 104 bytes, the 6.1 guest's kmalloc-cg-64/2k/96 per
    sleeper, 5.10's kmalloc-64/2k/96, which have no kmalloc-cg caches: docs/fidelity.md
    items 49, 53; FDSize 256), charged to the parent; a child that closed it (bash's
    ``unset_bash_input``) forks with the embedded table. Freed at exit."""
    k, sh = _setup(design)
    k.install_fd(sh, 255)
    assert k.procs.max_fds(sh) == 256
    k.write(CG + "/a/cgroup.procs", str(sh.pid), sh)
    before = _stat(k, sh, "slab")
    child = k.fork(sh)
    kmalloc = "kmalloc-cg-" if design == "6.1" else "kmalloc-"
    assert _counts(child.fdt) == {kmalloc + "64": 1, kmalloc + "2k": 1, kmalloc + "96": 1}
    task = sum((c.size + 8) * n for objs in child.task_records() for c, n in objs.counts())
    vmas = sum((c.size + 8) * n for objs in (child.mm.mm_struct, child.mm.slab)
               for c, n in objs.counts() if c.account)
    if design == "6.1":     # 5.10's memory.stat leaves each CPU's last 32 pages unflushed
        assert _stat(k, sh, "slab") - before == task + vmas + 72 + 2056 + 104
    k.close_fd(child, 255)
    assert k.procs.max_fds(child) == 256 and k.fork(child).fdt is None
    k.exec(child, "/bin/sleep", ["sleep", "1"])      # close-on-exec: the table stays
    assert child.fdt is not None and child.files_high == 0
    k.exit(child)
    assert child.fdt is None


def test_an_async_command_holds_dev_null():
    """bash's ``async_redirect_stdin``: a background command whose stdin is not
    redirected reads /dev/null, a filp charged to it until it exits (the guest:
    memory.stat slab 18978.6 a ``sleep &``, 18713.3 a ``sleep <&3 &``)."""
    from memcgsim.shell import run_script
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    res = run_script(k, "sleep 100 & sleep 100 <&0 & sleep 1\n"
                        "for p in $(jobs -p); do echo $p; done\n")
    held = [k.tasks[int(p)].files for p in res.stdout.split()]
    assert [len(h or ()) for h in held] == [1, 0]
    assert _counts(held[0][0]) == {"filp": 1, "lsm_file_cache": 1}
