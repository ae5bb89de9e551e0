"""A followed file held open and busybox's ``tail -f`` loop (shell/commands/textutils.py
``_bb_follow``, _util.py ``HeldFiles``); busybox timeout's watcher (procutils.py
``_bb_timeout_watcher``). docs/fidelity.md items 249 to 251."""
import memcgsim

_SETUP = ("C=/sys/fs/cgroup\necho '+memory +pids' > $C/cgroup.subtree_control\n"
          "mkdir $C/app\nW=/mnt/disk/work\n")


def _run(script: str) -> str:
    r = memcgsim.run(_SETUP + script, kernel="6.1", cgroup="v2", init="busybox",
                     userland="busybox")
    assert r.status == 0, r.stderr
    return r.stdout


def test_a_followed_log_keeps_its_removed_memcg_until_tail_ends():
    """The log's page cache (charged to app; the file made by the root cgroup's shell,
    so its ext4 metadata is not app's) stays while tail -f holds the unlinked file,
    and goes with the memcg once tail is killed (iput_final at the last fput)."""
    out = _run(": > $W/a.log\n( echo $BASHPID > $C/app/cgroup.procs; seq 1 20000 >> $W/a.log )\n"
               "tail -f $W/a.log > /dev/null & t=$!\nsleep 0.5\nrmdir $C/app\n"
               "rm $W/a.log\nsleep 0.5\ngrep dying $C/cgroup.stat\n"
               "kill $t; wait $t\nsleep 0.5\ngrep dying $C/cgroup.stat\n")
    assert out.splitlines() == ["nr_dying_descendants 1", "nr_dying_descendants 0"]


def test_busybox_tail_follows_appends_and_a_truncation():
    """What is appended is copied at the next one-second wake-up; a file truncated
    below tail's offset is read again from its start."""
    out = _run("echo one > $W/l\ntail -f $W/l > $W/out & t=$!\nsleep 0.5\n"
               "echo two >> $W/l\nsleep 1.2\ncat $W/out | tr '\\n' ' '; echo\n"
               ": > $W/l\necho three >> $W/l\nsleep 1.2\ncat $W/out | tr '\\n' ' '; echo\n"
               "kill $t\n")
    assert out.splitlines() == ["one two ", "one two three "]


def test_busybox_timeout_leaves_its_watcher_in_the_cgroup_for_a_second():
    """The command returned in time: the watcher (a grandchild of timeout) stays in
    the cgroup until its next one-second wake-up finds the command reaped."""
    out = _run("( echo $BASHPID > $C/app/cgroup.procs; exec timeout 5 sleep 0.2 )\n"
               "echo $? $(cat $C/app/pids.current)\nrmdir $C/app 2>/dev/null; echo $?\n"
               "sleep 1\necho $(cat $C/app/pids.current)\nrmdir $C/app; echo $?\n")
    assert out.splitlines() == ["0 1", "1", "0", "0"]


def test_busybox_timeout_watcher_goes_with_its_signal():
    """At the deadline the watcher signals the command and exits."""
    out = _run("( echo $BASHPID > $C/app/cgroup.procs; exec timeout 1 sleep 5 ) 2>/dev/null\n"
               "echo $? $(cat $C/app/pids.current)\n")
    assert out.splitlines() == ["143 0"]
