"""kernel.threads-max: copy_process refuses a task once nr_threads reaches
max_threads (-EAGAIN, before alloc_pid), read and written through
/proc/sys/kernel/threads-max (tools/sizes/threads-max*.sh, their recordings)."""
from __future__ import annotations

import errno
import os

import pytest

from memcgsim import Kernel
from memcgsim.shell.interp import run_script

TOOLS = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes")
TM = "/proc/sys/kernel/threads-max"


@pytest.mark.parametrize("design,boot", [("5.10", 7605), ("6.1", 7550)])
def test_boot_value_and_bounds(design, boot):
    k = Kernel(design=design, cgroup="v2")
    sh = k.spawn("bash")
    assert k.read(TM, sh) == f"{boot}\n"
    for bad in ("0", "1073741824", "x", "-5"):
        with pytest.raises(OSError) as e:
            k.write(TM, bad, sh)
        assert e.value.errno == errno.EINVAL
    k.write(TM, "1073741823\n", sh)
    assert k.read(TM, sh) == "1073741823\n"


def test_fork_past_max_threads_fails_before_its_pid():
    k = Kernel(design="6.1", cgroup="v2")
    sh = k.spawn("bash")
    k.write(TM, str(len(k.tasks) + 1), sh)
    k.fork(sh, "sleep")
    last = k.procs.last_pid()
    with pytest.raises(OSError) as e:
        k.fork(sh, "sleep")
    assert e.value.errno == errno.EAGAIN and k.procs.last_pid() == last
    k.write(TM, "7550", sh)
    assert k.fork(sh, "sleep").pid == last + 1


def test_background_sleeps_fork_until_the_limit():
    """The probe the 5.10 guest ran: four sleeps past the threads there were, then
    bash's retries and its failure (the guest's fifth forked after a retry: a thread
    of its own exited meanwhile, recording threads-max-fork--5.10.txt)."""
    with open(os.path.join(TOOLS, "threads-max-fork.sh")) as f:
        text = f.read()
    r = run_script(Kernel(design="5.10", cgroup="v1"), text, "threads-max-fork.sh")
    assert r.stdout == "threads-max 7605\n" + "".join(f"started {i}\n" for i in range(1, 5))
    assert r.stderr == ("threads-max-fork.sh: fork: retry: Resource temporarily unavailable\n" * 4
                        + "threads-max-fork.sh: fork: Resource temporarily unavailable\n")
    assert r.status == 254
