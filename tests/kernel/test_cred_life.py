"""The creds' lives off by default (docs/fidelity.md item 482): bash's `access()` creds
of a command search (kernel/fork.py ``ACCESS_TEMP_CREDS``) and the fork's cred as a
record of its own (``FORK_CRED_APART``), against the 5.10 guest's trace of
drop-caches-files (tools/sizes/recordings/obj-trace-drop-caches-files--5.10-v1-2cpu.txt.gz:
two ``do_faccessat`` creds in a subshell that finds `head`)."""
import gzip
import os

from memcgsim import Kernel
from memcgsim.kernel import fork
from memcgsim.shell.interp import run_script

HERE = os.path.dirname(os.path.abspath(__file__))
REC = os.path.join(HERE, "..", "..", "tools", "sizes", "recordings",
                   "obj-trace-drop-caches-files--5.10-v1-2cpu.txt.gz")
SCRIPT = """mkdir /sys/fs/cgroup/memory/g
( echo $BASHPID > /sys/fs/cgroup/memory/g/cgroup.procs
  for i in 1 2 3; do head -c 10 /dev/zero > /dev/null; done )
"""


def _guest_access_creds_first_subshell() -> int:
    """The cred charges at ``do_faccessat`` in g by the first subshell's bash."""
    with gzip.open(REC, "rt") as f:
        lines = f.read().split("\n")
    n = 0
    for i, line in enumerate(lines[:-1]):
        if " och bash-115 " in line and "size=200" in line \
                and "<prepare_creds <do_faccessat" in lines[i + 1]:
            n += 1
    return n


def _model_access_creds(monkeypatch, on: bool) -> list:
    calls = []
    orig = fork.Processes.access_override_creds

    def spy(self, tsk):
        memcg = tsk.memcg
        calls.append((tsk.comm, getattr(memcg.cgroup, "name", "") if memcg else ""))
        return orig(self, tsk)
    monkeypatch.setattr(fork.Processes, "access_override_creds", spy)
    monkeypatch.setattr(fork, "ACCESS_TEMP_CREDS", on)
    k = Kernel(design="5.10", cgroup="v1", nr_cpus=2, init="busybox", userland="busybox")
    res = run_script(k, SCRIPT, "t.sh")
    assert res.status == 0
    return calls


def test_bashs_search_makes_the_guests_two_access_creds(monkeypatch):
    """A subshell in g that finds `head` once: two creds on the guest, two in the
    model with the switch on, none without (the calls are off in ``Kernel.access``)."""
    assert _guest_access_creds_first_subshell() == 2
    assert [c for c in _model_access_creds(monkeypatch, True) if c[1] == "g"] == [("bash", "g")] * 2
    assert _model_access_creds(monkeypatch, False) == []


def test_the_forks_cred_is_a_record_of_its_own_with_the_switch(monkeypatch):
    """``FORK_CRED_APART``: a forked child's ``cred`` is its fork's (cred_jar's
    object), taken into its exec's executable's ``f_cred`` at the exec."""
    monkeypatch.setattr(fork, "FORK_CRED_APART", True)
    k = Kernel(design="5.10", cgroup="v1", nr_cpus=2, init="busybox", userland="busybox")
    child = k.fork(k.init, "bash")
    assert child.cred is not None
    assert [c.name for c, _ in child.cred.specs][:1] == ["cred_jar"]
    assert "cred_jar" not in [c.name for c, _ in child.slab.specs]
    fork_cred = child.cred
    k.exec(child, "/bin/busybox", ["sleep"])
    assert child.mm.exe_cred is fork_cred and child.cred is not fork_cred
