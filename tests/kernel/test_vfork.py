"""vfork (CLONE_VM | CLONE_VFORK, kernel/fork.py ``Processes.fork``): the child
runs on its parent's mm until its execve or exit; busybox's ``spawn`` (find
-exec, xargs of a command that is not a NOFORK or NOEXEC applet) uses it."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.kernel.fork import FORKED_BASH_FAULTS, GUEST_IMAGES
from memcgsim.shell import run_script


def _stat(k, path: str) -> dict[str, int]:
    return {a: int(b) for a, b in (l.split() for l in k.read(path, k.init).splitlines())}


def test_vfork_child_borrows_the_mm_and_charges_no_copy():
    """No dup_mm: no VMAs, page tables or COW; the execve (or the exit) drops only
    the child's reference, the parent's pages stay mapped and charged."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    sh = k.spawn("bash")
    pages, pgt = list(sh.mm.anon), list(sh.mm.pgtables)
    child = k.fork(sh, vfork=True)
    assert child.mm is sh.mm and k.procs.vfork_parent[child] is sh
    assert not k.mmap.lazy_children.get(sh.mm)         # no dup_mmap: nothing shared COW
    k.exec(child, "/bin/true", ["/bin/true"])
    assert child.mm is not sh.mm and child not in k.procs.vfork_parent
    assert sh.mm.anon == pages and sh.mm.pgtables == pgt
    other = k.fork(sh, vfork=True)
    k.exit(other)
    assert sh.mm is not None and sh.mm.anon == pages


def test_busybox_find_exec_vforks_a_non_applet():
    """The cgroup's pgfault per ``find -exec /bin/true``: the program's own faults
    (its image's, none of a forked bash's), as the guests count 41.6-42.1 with
    find's own (calibration/recordings/bash-image-areas--*-v2.txt); a full fork
    wrote COW copies on both sides and ran the forked bash's code besides."""
    def per_spawn(cmd: str) -> float:
        k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
        r = run_script(k, "mkdir -p /tmp/v; for i in $(seq 20); do : > /tmp/v/$i; done\n"
                       "cd /sys/fs/cgroup; echo +memory > cgroup.subtree_control; mkdir c\n"
                       "( echo $BASHPID > c/cgroup.procs; sleep 3\n"
                       "  while read -r a b; do [ $a = pgfault ] && echo $b; done < c/memory.stat\n"
                       f"  {cmd}; sleep 3\n"
                       "  while read -r a b; do [ $a = pgfault ] && echo $b; done < c/memory.stat )\n",
                       "t.sh")
        a, b = map(int, r.stdout.split())
        return (b - a) / 20
    vfork = per_spawn("find /tmp/v -type f -exec /bin/true {} ';'")
    nofork = per_spawn("find /tmp/v -type f -exec true {} ';'")
    # (the NOFORK true's window of the binary faulted once in find's mm: 1 of 20)
    assert round(vfork - nofork + 1 / 20, 9) == GUEST_IMAGES["true"].minflt \
        == 67 - FORKED_BASH_FAULTS == 41


def test_invariants_hold_between_the_vfork_and_the_exec():
    """``Kernel(debug=True)`` checks every invariant after each call: the child that
    borrows its parent's mm holds none of its pages."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox", debug=True)
    run_script(k, "mkdir /tmp/v; : > /tmp/v/a; : > /tmp/v/b\n"
               "find /tmp/v -type f -exec /bin/true {} ';'; echo $?\n"
               "ls /tmp/v | xargs -n 1 /bin/true; echo $?\n", "t.sh")
    sh = k.spawn("bash")
    child = k.fork(sh, vfork=True)
    k.exec(child, "/bin/true", ["/bin/true"])
    assert not k.procs.vfork_parent
