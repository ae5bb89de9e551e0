"""Commands that read no more than they need: od, hexdump, xxd and cmp no more
than their -N/-n/-l (and -j/-s) ask for, awk no further than its ``exit``; of an
endless device (/dev/zero, /dev/urandom) they end, printing what the host's tools
print."""
import os
import subprocess
import tempfile

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
