"""``xargs -P N``: up to N commands at once, each started without waiting
(shell/commands/procutils.py ``_XargsProcs``, interp.py ``Shell._spawn_job``);
docs/fidelity.md item 276."""
import pytest

import memcgsim


def _run(script: str, userland: str = "busybox") -> list[str]:
    r = memcgsim.run(script, kernel="6.1", cgroup="v2", init="busybox", userland=userland)
    assert r.status == 0, r.stderr
    return r.stdout.splitlines()


@pytest.mark.parametrize("userland", ["busybox", "gnu"])
def test_sleepers_run_side_by_side(userland):
    """Six one-second sleepers under -P 3 end in two seconds; three run at once."""
    out = _run("s=$EPOCHSECONDS\nseq 6 | xargs -P 3 -n 1 sh -c 'echo $0 >> /tmp/st; sleep 1' &\n"
               "x=$!\nsleep 0.5\nwc -l < /tmp/st\n"
               "wait $x; echo \"status $? seconds $((EPOCHSECONDS - s))\"\n", userland)
    assert out == ["3", "status 0 seconds 2"]


def test_serial_without_p_and_failures_give_123():
    """-P 1 is the serial path; a failing command under -P makes the status 123 and
    xargs goes on with the rest."""
    out = _run("s=$EPOCHSECONDS\nseq 2 | xargs -n 1 sleep; echo \"serial $((EPOCHSECONDS - s))\"\n"
               "printf '%s\\n' 0 1 0 | xargs -P 2 -n 1 sh -c 'exit $0'; echo \"status $?\"\n"
               "printf 'a\\nb\\nc\\n' | xargs -P 0 -n 1 echo | sort | tr '\\n' ' '; echo\n")
    assert out == ["serial 3", "status 123", "a b c "]


def test_parallel_commands_dying_of_sigpipe_stop_xargs():
    """``yes | xargs -P 2 -n1 echo | head -2`` ends: once head has gone, a command dies
    of SIGPIPE and xargs starts no more (125), waiting for the other."""
    out = _run("yes | xargs -P 2 -n1 echo 2>/dev/null | head -2\necho \"${PIPESTATUS[*]}\"\n")
    assert out == ["y", "y", "141 125 0"]


def test_busybox_xargs_statuses_and_messages():
    """As the 6.1 guest's busybox printed them (calibration/xargs-messages.sh): a
    signal's death in quotes, 255's abort, -P 0, a -P that is no number."""
    r = memcgsim.run("echo x | xargs sh -c 'kill -9 $$'; echo \"signal $?\"\n"
                     "printf '1\\n2\\n' | xargs -P 2 -n 1 sh -c 'exit 255'; echo \"255 $?\"\n"
                     "printf '1\\n2\\n3\\n' | xargs -P 0 -n 1 sh -c 'exit $0'; echo \"P0 $?\"\n"
                     "echo x | xargs -P x echo; echo \"bad P $?\"\n",
                     kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
    assert r.stdout.splitlines() == ["signal 125", "255 124", "P0 123", "bad P 1"]
    assert r.stderr.splitlines() == ["xargs: 'sh' terminated by signal 9",
                                     "xargs: sh: exited with status 255; aborting",
                                     "xargs: invalid number 'x'"]
