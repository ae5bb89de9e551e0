"""bash's saved statuses of background jobs (``bgpids``) as the guests' bash 5.2
writes them at the first deleted job (shell/bashmem.py ``bgp_add``;
tools/sizes/shell-heap-trace.sh, docs/fidelity.md item 133); an array's elements:
tests/shell/test_arrays.py."""
import memcgsim
from memcgsim.shell.bashmem import PIDSTAT_SIZE, bgpids_nalloc

_READ = ('a() { while read -r k v; do [ "$k" = anon ] && echo "$1 $v"; done '
         '< /sys/fs/cgroup/j/memory.stat; }\n')


def _anon(out: str) -> dict:
    return {k: int(v) for k, v in (line.split() for line in out.splitlines())}


def test_bgpids_sized_by_the_child_limit():
    # BGPIDS_TABLE_SZ doubled while below js.c_childmax (the guests' RLIMIT_NPROC
    # 3775-3802), DEFAULT_CHILD_MAX when unlimited, MAX_CHILD_MAX at most
    assert bgpids_nalloc(3775) == bgpids_nalloc(None) == 4096
    assert bgpids_nalloc(100) == 512 and bgpids_nalloc(513) == 1024
    assert bgpids_nalloc(10 ** 6) == 32768
    assert PIDSTAT_SIZE * bgpids_nalloc(3802) == 65536


def _j_anon(delete: bool) -> int:
    """j's anon once the shell, which entered j after ``sleep 100 &``, left it
    again, read after 6.1's periodic statistics flush (2 s: a read before it may
    still miss the job's writes, ``stats_flush_threshold``); the sleep killed and
    its job deleted while the shell was in j, or not."""
    script = ("C=/sys/fs/cgroup\necho +memory > $C/cgroup.subtree_control\nmkdir $C/j\n"
              + _READ + "sleep 100 &\necho $$ > $C/j/cgroup.procs\n"
              + ("kill %1\nwait\n" if delete else "")
              + "echo $$ > $C/cgroup.procs\nsleep 2.1\na after\n"
              + ("true\n" if delete else "kill %1\n"))
    r = memcgsim.run(script, kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
    assert r.status == 0, r.stderr
    return _anon(r.stdout)["after"]


def test_the_first_deleted_background_job_writes_the_bgpids_table_where_the_shell_is():
    # the sleep is charged to the root; the shell enters j, kills it and waits:
    # delete_job -> bgp_add -> bgp_resize writes pidstat_table's .bss pages and a
    # 64 KiB storage (the guests: 3 .bss and 16 heap pages new, in the job)
    assert 65536 + 3 * 4096 <= _j_anon(True) - _j_anon(False) <= 65536 + 6 * 4096

