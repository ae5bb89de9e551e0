"""A background job's calls in the guests' bash arena, in bash 5.2's order around its
forks (jobs.c make_child, add_process, stop_pipeline; docs/fidelity.md item 347)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell import interp, run_script
from memcgsim.shell.malloc import JOB_SIZE, PROCESS_SIZE, Heap


def _calls(script: str, monkeypatch) -> list:
    """The script's bash's mallocs (their sizes) and forks, in order."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    log: list = []
    malloc, make_child = Heap.malloc, interp.Shell.make_child

    def my_malloc(self, n, *a, **kw):
        log.append(n)
        return malloc(self, n, *a, **kw)

    def my_make_child(self, *a, **kw):
        log.append("fork")
        return make_child(self, *a, **kw)

    monkeypatch.setattr(Heap, "malloc", my_malloc)
    monkeypatch.setattr(interp.Shell, "make_child", my_make_child)
    run_script(k, script, "t.sh")
    return log


def test_a_background_job_makes_a_text_and_process_a_process_then_one_job(monkeypatch):
    """``a &`` and ``a | b &``: each process's command text before its fork
    (execute_simple_command's ``make_child (savestring (...))``), its ``PROCESS``
    after it (add_process), then stop_pipeline's ``JOB`` and wd
    (``job_working_directory``: ``$PWD``'s copy)."""
    log = _calls("cd /tmp; sleep 1 & kill %1\nsleep 1 | cat & kill %2\n", monkeypatch)
    forks = [i for i, c in enumerate(log) if c == "fork"]
    wd = len("/tmp") + 1
    assert log[forks[0] - 1:forks[0] + 4] == [len("sleep 1") + 1, "fork", PROCESS_SIZE, JOB_SIZE, wd]
    assert log[forks[1] - 1:forks[1] + 7] == [len("sleep 1") + 1, "fork", PROCESS_SIZE,
                                               len("cat") + 1, "fork", PROCESS_SIZE, JOB_SIZE, wd]
