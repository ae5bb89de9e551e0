"""fs/file_table.c's ``struct file`` of a regular file a task opens: its life from
``alloc_empty_file`` to ``file_free_rcu`` (docs/fidelity.md item 370; switch
:data:`FILE_LIFE`, off by default).

Sources (v5.10 and v6.1 alike): fs/open.c ``do_sys_openat2`` → fs/namei.c
``path_openat`` → fs/file_table.c ``alloc_empty_file`` → ``__alloc_file``: the filp
(``filp_cachep``, SLAB_ACCOUNT: charged to the opener's memcg) and
security/security.c ``security_file_alloc``'s blob (lsm_file_cache, unaccounted); the
last ``fput`` of a task queues ``____fput`` as task work (``task_work_add``, run at its
return to user mode, or in ``do_exit``'s ``exit_task_work`` after ``exit_files``
closed its descriptors), a kernel thread's goes to ``delayed_fput``; ``__fput`` →
``file_free`` → ``call_rcu(file_free_rcu)`` on that CPU: the filp goes a grace period
after the close (the blob at ``__fput``: freed with the filp here, no charge moves).
(Later kernels' ``SLAB_TYPESAFE_BY_RCU`` filp frees at once: v6.7, recalled, not
checked against a tree; no modelled kernel has it.)

Modelled: every file a task opens through the machine's ``open()`` (a redirection's
file, a command's input, a /proc, sysfs or cgroup file, a device): the filp charged
at the open in the opener's context; a regular file's (disk, tmpfs) freed a grace
period after its close (fs/vfs.py ``RegularFile.close``), or after its opener's exit
for one still open then (kernel/fork.py ``Processes.exit_files``), on the closing
CPU; any other's a grace period after the open, as if read or written and closed at
once (the model makes a pseudo file's text at its open: kernel/open_objects.py's
rule, which takes the filp itself when on). Not modelled: a descriptor shared by a
fork outliving its opener's close (the file goes at the opener's close or exit), a
device held open (``cmd > /dev/null``: its filp goes at once, not at the exit), a
pipe's two files (kernel/pipe.py keeps its structures), the executable's file of an
exec (kernel/fork.py's own).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import KernelCore

#: A regular file's ``struct file`` lives from its open to a grace period after its
#: last close (docs/fidelity.md item 370); off: the model keeps none for it.
FILE_LIFE = False


class FileTable:
    """The filps of the open regular files, by the file object the machine's
    ``open()`` returned: ``id(file)`` → (file, its filp record, the opener)."""
    __slots__ = ("k", "open")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.open: dict[int, tuple[Any, Any, Any]] = {}

    def alloc_empty_file(self, f: Any, task: Any) -> None:
        """``alloc_empty_file`` in ``task``'s context for the open file ``f``: its
        filp and LSM blob (kernel/fork.py ``Processes._file_specs``)."""
        k = self.k
        with k.running(task):
            objs, = k.slab.kmem_cache_alloc_held(k.procs._file_specs())
        self.open[id(f)] = (f, objs, task)

    def fput(self, f: Any, task: Any = None) -> None:
        """The last ``fput`` of ``f`` by ``task`` (None: its opener): ``____fput`` on
        that task's CPU, ``file_free_rcu`` a grace period later there."""
        got = self.open.pop(id(f), None)
        if got is None:
            return
        _, objs, opener = got
        cpu = (task if task is not None else opener).cpu
        k = self.k
        k.clock.call_rcu(k.procs._file_free_rcu, cpu, objs, None, cpu=cpu)

    def exit_files(self, task: Any) -> None:
        """``exit_files`` of ``task``: the files it opened and has not closed."""
        for key, (f, _, opener) in list(self.open.items()):
            if opener is task:
                self.fput(f, task)
