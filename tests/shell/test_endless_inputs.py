"""Commands that read no more than they need: od, hexdump, xxd and cmp no more
than their -N/-n/-l (and -j/-s) ask for, awk no further than its ``exit``; of an
endless device (/dev/zero, /dev/urandom) they end, printing what the host's tools
print."""
import os
import subprocess
import tempfile

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

SCRIPT = """od -An -tx1 -N4 /dev/zero; echo "od $?"
printf abcdefghijklmnopqrstuvwxyz > f; od -c -j 2 -N 3 f; od -An -tx1 -N2 f /dev/zero
xxd -l 4 /dev/zero; echo "xxd $?"
hexdump -n 4 /dev/zero; echo "hexdump $?"
hexdump -C -s 2 -n 20 /dev/zero
xxd -s 3 -l 10 f; hexdump -C -n 5 f f; xxd -p f | xxd -r -p
cmp -n 4 /dev/zero /dev/zero; echo "cmp $?"; cmp -n 3 f /dev/zero; echo "cmp $?"
awk 'NR==1{exit}' /dev/urandom; echo "awk $?"; printf 'a\\nb\\n' > g; awk 'NR==3{exit} 1' g /dev/urandom | head -2
"""


def test_dumps_of_an_endless_device_end_as_the_hosts():
    r = run_script(Kernel(design="6.1", cgroup="v2"), SCRIPT, "d.sh")
    host = subprocess.run(["bash", "-c", SCRIPT], capture_output=True, text=True, timeout=30,
                          cwd=tempfile.mkdtemp(), env={**os.environ, "LC_ALL": "C"})
    assert r.stdout.startswith(" 00 00 00 00\nod 0\n0000002   c   d   e\n")
    assert (r.stdout, r.stderr) == (host.stdout, host.stderr)


#: endless reads to an end that never comes, and writes that go nowhere: under
#: ``timeout`` they end at its alarm as the host's do (124), without reading a byte
#: per simulated nanosecond
TIMED = """timeout 1 wc -c /dev/zero; echo "wc $?"
timeout 1 md5sum /dev/zero; echo "md5sum $?"
timeout 1 cat /dev/zero > /dev/null; echo "cat $?"
timeout 1 yes > /dev/null; echo "yes $?"
timeout 1 grep x < /dev/zero; echo "grep $?"
timeout -s INT 1 sha1sum /dev/urandom; echo "sha1sum $?"
"""


def test_endless_reads_under_timeout_end_at_its_alarm():
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, TIMED + 'echo "$SECONDS"\n', "t.sh")
    assert r.stdout.splitlines()[:6] == ["wc 124", "md5sum 124", "cat 124", "yes 124", "grep 124",
                                         "sha1sum 124"]
    # six alarms of one second each, the clock moved by them alone
    assert r.stdout.splitlines()[6] == "6"
    assert (r.stderr, r.status) == ("", 0)


@pytest.mark.slow
def test_endless_reads_under_timeout_as_the_hosts():
    """The host's coreutils under the same script (6 s of its time)."""
    host = subprocess.run(["bash", "-c", TIMED], capture_output=True, text=True, timeout=60,
                          cwd=tempfile.mkdtemp(), env={**os.environ, "LC_ALL": "C"})
    r = run_script(Kernel(design="6.1", cgroup="v2"), TIMED, "t.sh")
    assert (r.stdout, r.stderr) == (host.stdout, host.stderr)


@pytest.mark.parametrize("line, what", [
    ("wc -c /dev/zero", "wc: reads /dev/zero without end"),
    ("wc -l < /dev/zero", "wc: reads its standard input without end"),
    ("md5sum /dev/urandom", "md5sum: reads /dev/urandom without end"),
    ("cat /dev/zero > /dev/null", "cat: reads /dev/zero without end"),
    ("yes > /dev/null", "yes: writes to a device that discards it without end"),
    ("grep -q x /dev/zero", "grep: reads /dev/zero without end"),
    ("sleep 2 & wc -c /dev/zero", "wc: reads /dev/zero without end"),
    ("cat /dev/zero > /dev/null | true", "cat: reads /dev/zero without end"),
    # a job that only spins, or waits for what never comes, cannot end it either
    ("cat /dev/zero > /dev/null | true & sleep 1; wc -c /dev/zero", "wc: reads /dev/zero without end"),
    ("mkfifo p; read x < p & wc -c /dev/zero", "wc: reads /dev/zero without end"),
])
def test_an_endless_read_nothing_can_end_would_run_forever(line, what):
    """Nothing can end it (no timer armed, no job left: a job's sleep ends first,
    the clock moving to it): the run stops with the line, status 2."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), f"echo a\n{line}\necho b\n", "f.sh")
    assert (r.stdout, r.stderr, r.status) == ("a\n", f"memcgsim: f.sh:2: {what}: would run forever\n", 2)


def test_an_endless_read_in_a_job_is_killed_by_the_script():
    r = run_script(Kernel(design="6.1", cgroup="v2"),
                   "wc -c /dev/zero & sleep 1; kill $!; wait $!; echo $? $SECONDS\n"
                   "(sleep 1; kill $$) & exec md5sum /dev/zero\n", "j.sh")
    assert (r.stdout, r.stderr, r.status) == ("143 1\n", "", 143)
    r = run_script(Kernel(design="6.1", cgroup="v2"),
                   "yes > /dev/null & (sleep 2; kill $$) & wc -c /dev/zero; echo never\n", "k.sh")
    assert (r.stdout, r.status) == ("", 143)
