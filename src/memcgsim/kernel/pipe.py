"""fs/pipe.c: what a pipe charges to memory cgroups.

``alloc_pipe_info`` allocates the ``pipe_inode_info`` and its ring of
``PIPE_DEF_BUFFERS`` (16) ``pipe_buffer`` slots with GFP_KERNEL_ACCOUNT, charged to
the task that calls ``pipe()``. ``pipe_write`` puts data in pages of their own,
``alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT)``, charged to the writer: Linux commit
d86133bd396f ("pipe: account to kmemcg") (in v4.5). A write's part past whole
pages merges into the last buffer if it fits there, then each page is
``pipe->tmp_page`` if one is kept, else a new one. ``pipe_read`` releases a buffer once it is read to its end
(``anon_pipe_buf_release``): the page becomes ``tmp_page`` if none is kept, else its
last reference goes with ``put_page``, which uncharges it straight from the counters
(``mem_cgroup_uncharge``, no per-CPU stock). ``free_pipe_info`` frees what is left
when the last end closes: ``pipe_buf_release`` of each buffer in the ring's slot
order (``pipe->bufs + i``, i from 0), which is ``anon_pipe_buf_release`` again, so
that when no page is kept the first slot's page becomes ``tmp_page``; then
``__free_page(tmp_page)``: into the closing CPU's stock (fs/pipe.c
``free_pipe_info``, ``anon_pipe_buf_release``: read at torvalds/linux 00a7d398;
the head/tail ring of v5.5 on, so v5.10 and v6.1 alike).
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from . import file_table, fork
from .page_alloc import PG_KMEM
from .vmstat import PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Task

PIPE_DEF_BUFFERS = 16
PIPE_INODE_INFO_SIZE = 184      # struct pipe_inode_info, x86-64 (pahole, 5.10/6.1)
PIPE_BUFFER_SIZE = 40           # struct pipe_buffer
#: A reader asleep on an empty pipe is placed when the last write end closes at
#: its writer's exit (``pipe_release``: ``if (!pipe->readers != !pipe->writers)``
#: → ``wake_up_interruptible_all(&pipe->rd_wait)``, no ``WF_SYNC``; fs/pipe.c,
#: 6551d5c56eb0 in v5.6, v5.10 and v6.1 alike), in ``do_exit``'s ``exit_files``
#: before ``exit_notify`` wakes the writer's parent: a pipeline's reader so takes
#: an idle CPU before the shell's wake-up looks at it (machine.py
#: ``Kernel.pipe_release_wake``, shell/interp.py ``_pipe_release_wakes``). Off by
#: default: judged in session 44 (docs/fidelity.md item 441).
PIPE_RELEASE_WAKES = False
#: A command substitution's reader asleep from its first read, woken by the
#: writer's first write (session 45, docs/fidelity.md item 470): bash's
#: ``read_comsub`` reads the pipe right after the fork, before the child has run,
#: and sleeps (``pipe_read``: empty, writers left → ``wait_event_interruptible_
#: exclusive(pipe->rd_wait, pipe_readable(pipe))``); a write into the empty pipe
#: wakes it (``pipe_write``'s ``was_empty`` → ``wake_up_interruptible_sync_poll``:
#: ``WF_SYNC``, ``wake_affine`` toward the live writer's CPU), and it stays on the
#: runqueue where it was placed until it runs and blocks again: a wake-up meanwhile
#: (the writer's exit: ``pipe_release``, ``exit_notify``) does not place it again
#: (``ttwu_runnable``). fs/pipe.c, kernel/sched/core.c ``try_to_wake_up``, v5.10 and
#: v6.1. Guests: the shell asleep before the first write in 116 of 120 substitutions,
#: the write's wake-up sync in all (calibration/comsub-reader-sleep.sh,
#: tools/sizes/comsub_reads.py). Modelled in shell/pipes.py ``run_stages`` (the
#: ``Deferred`` reader's sleep begun before its writer runs), ``PipeOut.write``,
#: machine.py ``Kernel.pipe_write_wake`` and kernel/sched.py ``Sched.queued``.
#: Off by default (judged in session 45, item 472).
PIPE_WRITE_WAKES = False


def _file_free_rcu() -> None:
    """``file_free_rcu`` of a pipe's last file (fs/file_table.c, v5.10 and v6.1):
    the pipe's files are not the model's objects; what it models of their frees is
    the grace period they ask for (docs/fidelity.md item 351)."""


class PipeInodeInfo:
    """``struct pipe_inode_info``: its buffers as [pfn, bytes], oldest first; the
    count of buffers read to their end (``pipe->tail``: ``bufs[0]`` sits in slot
    ``tail & (ring_size - 1)``); the kept page; the slab objects of the struct and
    of its buffer ring; with kernel/file_table.py ``FILE_LIFE``, its two files'
    filps (``create_pipe_files``), else None."""
    __slots__ = ("id", "bufs", "tail", "tmp_page", "slab", "files")

    def __init__(self, pipe_id: int) -> None:
        self.id = pipe_id
        self.bufs: deque[list[int]] = deque()
        self.tail = 0
        self.tmp_page = 0
        self.slab: list = []
        self.files: list | None = None

    @property
    def pages(self) -> list[int]:
        return [b[0] for b in self.bufs] + ([self.tmp_page] if self.tmp_page else [])


class Pipes:
    __slots__ = ("k", "live", "_next")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: every pipe not yet freed (for the self-checks)
        self.live: dict[int, PipeInodeInfo] = {}
        self._next = 1

    def alloc_pipe_info(self, task: "Task") -> PipeInodeInfo:
        k = self.k
        pipe = PipeInodeInfo(self._next)
        self._next += 1
        slab = k.slab
        with k.running(task):
            pipe.slab = slab.kmem_cache_alloc_lists(
                [(slab.kmalloc_cache(PIPE_INODE_INFO_SIZE), 1),
                 (slab.kmalloc_cache(PIPE_DEF_BUFFERS * PIPE_BUFFER_SIZE), 1)])
            if file_table.FILE_LIFE:
                # create_pipe_files: alloc_file_pseudo's file and alloc_file_clone's,
                # each a filp charged to the creator (fs/pipe.c, fs/file_table.c,
                # v5.10 and v6.1; docs/fidelity.md item 370)
                specs = k.procs._file_specs()
                pipe.files = [slab.kmem_cache_alloc_held(specs)[0],
                              slab.kmem_cache_alloc_held(specs)[0]]
        self.live[pipe.id] = pipe
        return pipe

    def pipe_write(self, pipe: PipeInodeInfo, task: "Task", nbytes: int) -> tuple[int, bool]:
        """One ``write()`` of ``nbytes``: (bytes taken, whether a page's charge
        failed). The part past whole pages merges into the last buffer if it fits
        there (PIPE_BUF_FLAG_CAN_MERGE), the rest goes in pages while slots last."""
        k = self.k
        bufs = pipe.bufs
        done = 0
        chars = nbytes & (PAGE_SIZE - 1)
        if chars and bufs and bufs[-1][1] + chars <= PAGE_SIZE:
            bufs[-1][1] += chars
            done = chars
        if done == nbytes:
            return done, False
        mc = k.memcg
        with k.running(task):
            while done < nbytes and len(bufs) < PIPE_DEF_BUFFERS:
                pfn = pipe.tmp_page
                if pfn:
                    pipe.tmp_page = 0
                else:
                    pfn = k.mem_map.alloc(PG_KMEM, task.pid, k.clock.now_ns)
                    if not mc.memcg_kmem_charge_pages((pfn,)):
                        k.mem_map.free(pfn)
                        return done, True
                n = min(PAGE_SIZE, nbytes - done)
                bufs.append([pfn, n])
                done += n
        return done, False

    @staticmethod
    def room(pipe: PipeInodeInfo) -> int:
        """Bytes a write could take now: free slots, and the last buffer's space."""
        bufs = pipe.bufs
        last = PAGE_SIZE - bufs[-1][1] if bufs else 0
        return (PIPE_DEF_BUFFERS - len(bufs)) * PAGE_SIZE + last

    def pipe_read(self, pipe: PipeInodeInfo, task: "Task", nbytes: int) -> None:
        """``nbytes`` consumed: the buffers read to their end are released."""
        bufs = pipe.bufs
        with self.k.running(task):
            while nbytes > 0 and bufs:
                b = bufs[0]
                n = min(nbytes, b[1])
                b[1] -= n
                nbytes -= n
                if b[1]:
                    break
                bufs.popleft()
                pipe.tail += 1
                self._release(pipe, b[0])

    def _release(self, pipe: PipeInodeInfo, pfn: int) -> None:
        """``anon_pipe_buf_release``: keep the page as ``tmp_page``, or free it."""
        if not pipe.tmp_page:
            pipe.tmp_page = pfn
            return
        self._put_page(pfn)

    def _put_page(self, pfn: int) -> None:
        """``put_page`` of a buffer's page, its last reference: ``mem_cgroup_uncharge``
        lowers the counters at once (no per-CPU stock), then it is freed."""
        k = self.k
        k.memcg.memcg_kmem_uncharge_pages((pfn,), stock=False)
        k.mem_map.free(pfn)

    def _free_page(self, pfn: int) -> None:
        """``__free_page`` (the kept ``tmp_page``): ``free_pages_prepare`` uncharges
        it into this CPU's stock (``__memcg_kmem_uncharge_page``)."""
        k = self.k
        k.memcg.memcg_kmem_uncharge_pages((pfn,))
        k.mem_map.free(pfn)

    def free_pipe_info(self, pipe: PipeInodeInfo, task: "Task") -> None:
        """The last end closed (by ``task``): every page and the structures go."""
        if self.live.pop(pipe.id, None) is None:
            return
        k = self.k
        with k.running(task):
            # pipe_buf_release of each buffer, slot 0 first: the buffers from the
            # one in slot 0 on, then those before it (the ring wrapped)
            bufs = pipe.bufs
            first = -pipe.tail % PIPE_DEF_BUFFERS
            for b in (bufs if first == 0 or first >= len(bufs)
                      else list(bufs)[first:] + list(bufs)[:first]):
                self._release(pipe, b[0])
            if pipe.tmp_page:
                self._free_page(pipe.tmp_page)
            pipe.bufs.clear()
            pipe.tmp_page = 0
            k.slab.kmem_cache_free_lists(pipe.slab)
            pipe.slab = []
        # the last end's file: __fput → file_free → call_rcu(file_free_rcu), and on
        # 6.1 the pipe inode's LSM blob (security_inode_free →
        # call_rcu(inode_free_by_rcu); pipefs' inode itself goes at once:
        # free_inode_nonrcu) on the closing CPU: their grace period (with
        # kernel/fork.py EXIT_RCU_FREES, docs/fidelity.md item 351)
        files, pipe.files = pipe.files, None
        if files:
            # kernel/file_table.py FILE_LIFE: both files' filps a grace period after
            # the last end's close (each end's own close is not the model's)
            free = k.procs._file_free_rcu
            for objs in files:
                k.clock.call_rcu(free, task.cpu, objs, None, cpu=task.cpu)
        elif fork.EXIT_RCU_FREES:
            k.clock.call_rcu(_file_free_rcu, cpu=task.cpu)
