"""v1 ``move_charge_at_immigrate`` bit 1 (``MOVE_FILE``) in the guests' layout: a
task leaving the root takes the charge of its binary's initramfs pages (shmem,
charged to the root at boot) that its VMAs map and it has not COW-copied
(kernel/initramfs.py); a page moves once; bit 0 alone moves none of them."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.initramfs import BINARY_PAGES

M = "/sys/fs/cgroup/memory"


def stat(k, sh, group: str, key: str) -> int:
    """One memory.stat line of ``group``, as a number."""
    for line in k.read(f"{M}/{group}/memory.stat", sh).splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    raise KeyError(key)


def charged(k, memcg) -> int:
    """The binaries' pages charged to ``memcg`` (not through memory.stat, which 5.10
    reads through per-CPU batches)."""
    word = k.memcg.lru_word(memcg)
    data = k.mem_map.memcg_data
    return sum(data[pfn] == word for pfns in k.procs.initramfs.pages.values() for pfn in pfns)


def guest(design: str, init: str = "busybox", userland: str = "busybox"):
    """A v1 kernel booted as the oracle's guest, its shell, groups a and b."""
    k = Kernel(design=design, cgroup="v1", nr_cpus=2, init=init, userland=userland)
    sh = k.spawn("bash")
    for name in ("a", "b"):
        k.mkdir(f"{M}/{name}", sh)
    return k, sh


def sleeper(k, sh):
    """A busybox ``sleep`` forked and exec'd by the shell, in the root."""
    t = k.fork(sh)
    k.exec(t, "/bin/sleep", ["sleep", "30"])
    return t


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_bit1_moves_the_binary_pages_once(design):
    k, sh = guest(design)
    k.write(f"{M}/a/memory.move_charge_at_immigrate", "3\n", sh)
    k.write(f"{M}/b/memory.move_charge_at_immigrate", "3\n", sh)
    t = sleeper(k, sh)
    k.write(f"{M}/a/cgroup.procs", f"{t.pid}\n", sh)
    a = k.task_memcg(t)
    n, cowed = BINARY_PAGES["busybox"]
    assert charged(k, a) == n - cowed
    # memory.stat: 6.1's rstat shows all 479; 5.10's per-CPU batch of the writer's CPU
    # folds every 33rd page moved (MEMCG_CHARGE_BATCH): 462, as the 5.10 guest reads
    # (calibration/recordings/move-file-pages--5.10-v1.txt)
    assert stat(k, sh, "a", "shmem") == (462 if design == "5.10" else 479) * 4096
    # on to b: every page is a's now, so all of them move again
    k.write(f"{M}/b/cgroup.procs", f"{t.pid}\n", sh)
    b = k.task_memcg(t)
    assert charged(k, a) == 0 and charged(k, b) == n - cowed
    # a second sleep leaving the root finds none of the pages there
    t2 = sleeper(k, sh)
    k.write(f"{M}/a/cgroup.procs", f"{t2.pid}\n", sh)
    assert charged(k, a) == 0


@pytest.mark.parametrize("move,shmem", [("1", False), ("2", True)])
def test_bits_apart(move, shmem):
    k, sh = guest("6.1")
    k.write(f"{M}/a/memory.move_charge_at_immigrate", f"{move}\n", sh)
    t = sleeper(k, sh)
    k.write(f"{M}/a/cgroup.procs", f"{t.pid}\n", sh)
    assert (stat(k, sh, "a", "shmem") > 0) is shmem
    assert (stat(k, sh, "a", "rss") > 0) is not shmem


def test_the_shells_binary():
    k, sh = guest("6.1")
    k.write(f"{M}/a/memory.move_charge_at_immigrate", "2\n", sh)
    k.write(f"{M}/a/cgroup.procs", f"{sh.pid}\n", sh)
    n, cowed = BINARY_PAGES["bash"]
    assert stat(k, sh, "a", "shmem") == (n - cowed) * 4096


def test_not_the_hosts_layout():
    """On a host booted from a disk the binaries' page cache is not modelled."""
    k, sh = guest("6.1", init="systemd", userland="gnu")
    k.write(f"{M}/a/memory.move_charge_at_immigrate", "3\n", sh)
    t = sleeper(k, sh)
    k.write(f"{M}/a/cgroup.procs", f"{t.pid}\n", sh)
    assert stat(k, sh, "a", "shmem") == 0


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_bit1_moves_mapped_file_of_the_mapped_pages(design):
    # mem_cgroup_move_account moves NR_FILE_MAPPED of each folio_mapped page: 415 of
    # busybox's 479 moved pages on the 6.1 guest, 396 (12 batches of 33) on 5.10's
    # per-CPU batches (calibration/recordings/move-file-pages--K-v1.txt); on to b they
    # go again, and the root keeps the rest it counted
    k, sh = guest(design)
    k.write(f"{M}/a/memory.move_charge_at_immigrate", "3\n", sh)
    k.write(f"{M}/b/memory.move_charge_at_immigrate", "3\n", sh)
    t = sleeper(k, sh)
    k.write(f"{M}/a/cgroup.procs", f"{t.pid}\n", sh)
    assert stat(k, sh, "a", "mapped_file") == (396 if design == "5.10" else 415) * 4096
    k.write(f"{M}/b/cgroup.procs", f"{t.pid}\n", sh)
    assert stat(k, sh, "b", "mapped_file") == (396 if design == "5.10" else 415) * 4096
    if design == "6.1":
        assert stat(k, sh, "a", "mapped_file") == 0
        assert k.procs.initramfs.count_mapped(k.procs.initramfs.pages["busybox"]) == 415
