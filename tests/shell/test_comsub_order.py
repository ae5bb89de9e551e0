"""A command substitution's pipe read against its subshell's exit (bash 5.2 subst.c
``read_comsub``; fs/pipe.c ``pipe_write``'s wake-up of the reader; kernel/exit.c
``do_exit``: ``exit_mm`` before ``sched_process_exit``): the script's bash has read
the whole output before the subshell that wrote it exits, as in 8 of the 12 takes
traced on the guests (calibration/comsub-pipe-order.sh, docs/fidelity.md item 182),
so the heap pages read_comsub writes are copies while the subshell still maps them."""
from __future__ import annotations

import os
import re

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
TAKE = "v=$(head -c 131072 /dev/zero | tr '\\0' x)\necho ${#v}\n"


@pytest.mark.parametrize("cpus", [1, 2, 8])
def test_the_reader_has_the_whole_output_before_the_subshell_exits(cpus):
    """The substitution's subshell (a bash: ``head | tr``) exits once the reading bash
    has taken all 131072 bytes; its ``tr`` may exit before that."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox")
    events: list[tuple[str, object]] = []
    reader: list = []
    pipe_read, exit_ = k.pipe_read, k.exit

    def my_read(pipe, task, n):
        if reader and task is reader[0]:
            events.append(("read", n))
        return pipe_read(pipe, task, n)

    def my_exit(task, *a, **kw):
        events.append(("exit", task.comm))
        return exit_(task, *a, **kw)

    spawn = k.spawn

    def my_spawn(*a, **kw):
        t = spawn(*a, **kw)
        reader.append(t)
        return t
    k.spawn, k.pipe_read, k.exit = my_spawn, my_read, my_exit
    r = run_script(k, TAKE, "t.sh")
    assert r.stdout == "131072\n"
    # (the first bash to exit: the script's own exits last)
    subshell = events.index(("exit", "bash"))
    assert sum(n for e, n in events[:subshell] if e == "read") == 131072
    assert sum(n for e, n in events[subshell:] if e == "read") == 0


def _after_round_2(text: str) -> int:
    return int(re.search(r"after round 2: ctr1 anon (\d+)", text).group(1))


@pytest.mark.parametrize("cpus", [1, 2, 8])
def test_round_1s_pages_are_copied_out_of_ctr1_in_round_2(cpus):
    """calibration/runtime-cycle-shell-anon.sh: round 2's ``v=$(...)`` writes the heap
    pages round 1 faulted in ctr1 while the substitution's subshell maps them, so
    they are copied into ctr2 and ctr1 keeps about none (the 6.1 guest at 2 CPUs: 2
    pages; 16 in the model when its subshell exited with the pipe's 64 KiB unread)."""
    rec = os.path.join(ROOT, "calibration", "recordings", "runtime-cycle-shell-anon--6.1-v2.txt")
    with open(rec, encoding="utf-8") as f:
        guest = _after_round_2(f.read())
    with open(os.path.join(ROOT, "calibration", "runtime-cycle-shell-anon.sh"), encoding="utf-8") as f:
        text = f.read()
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=cpus, init="busybox", userland="busybox")
    r = run_script(k, text, "runtime-cycle-shell-anon.sh")
    assert abs(_after_round_2(r.stdout) - guest) <= 2, r.stdout
