"""``chmod`` modes against the host's coreutils chmod (on files of a temporary
directory), and scripts run by their path."""
import os
import shutil
import stat
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.shell.commands.fileutils import chmod_mode
from memcgsim.shell.interp import run_script

CHMOD = shutil.which("chmod")
CLAUSE = st.builds(lambda w, o, p: w + o + p, st.sampled_from(["", "u", "g", "o", "a", "ug", "go"]),
                   st.sampled_from(["+", "-", "="]),
                   st.sampled_from(["", "r", "w", "x", "rx", "rwx", "X", "s", "t", "u", "g", "o"]))
SPEC = st.one_of(st.lists(CLAUSE, min_size=1, max_size=3).map(",".join),
                 st.integers(0, 0o7777).map(lambda m: f"{m:o}"))


@pytest.mark.skipif(CHMOD is None, reason="no chmod on this machine")
@settings(max_examples=300, deadline=None)
@given(st.integers(0, 0o777), SPEC)
def test_modes_as_coreutils(tmp_path_factory, start, spec):
    f = tmp_path_factory.mktemp("c") / "f"
    f.write_text("")
    os.chmod(f, start)
    p = subprocess.run([CHMOD, "--", spec, str(f)], capture_output=True,
                       env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    if b"invalid mode" in p.stderr:
        with pytest.raises(ValueError):
            chmod_mode(spec, start)
        return
    assert chmod_mode(spec, start) == stat.S_IMODE(os.stat(f).st_mode)


def test_scripts_run_by_their_path():
    """``#!`` runs the interpreter (``/usr/bin/env NAME`` too) with the path, comm the
    script's name; no ``#!``: the shell runs it; a file not executable: 126."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), r"""cd /tmp
printf '#!/bin/bash\necho "$0 $* $(cat /proc/$$/comm)"; exit 3\n' > s1.sh
./s1.sh a; echo "rc=$?"; chmod +x s1.sh; ./s1.sh a b; echo "rc=$?"
printf '#!/usr/bin/env bash\necho "env $1"\n' > s2; chmod 755 s2; /tmp/s2 z
printf 'echo "plain $#"\n' > s3; chmod u+x s3; ./s3 1 2
printf '#!/usr/bin/awk -f\nBEGIN { print "awk" }\n' > s5; chmod +x s5; ./s5
printf '#!/usr/bin/python3\n' > s4; chmod +x s4; ./s4; echo "rc=$?"
""", "t")
    assert r.stdout.splitlines() == ["rc=126", "./s1.sh a b s1.sh", "rc=3", "env z", "plain 2",
                                     "awk", "rc=126"]
    assert r.stderr.splitlines() == [
        "t: line 3: ./s1.sh: Permission denied",
        "t: line 7: ./s4: /usr/bin/python3: bad interpreter: No such file or directory"]


def test_chmod_verbose_and_mode_operands_as_coreutils():
    """-v reports every file, -c only changes; "-w" and "-u" are modes, not options."""
    script = ("cd /tmp && touch m1 && chmod 644 m1 && chmod -v 600 m1 && chmod -v 600 m1 && "
              "chmod -c 644 m1 && chmod -c 644 m1 && chmod -w m1 && stat -c %a m1 && "
              "chmod g-u m1 && stat -c %a m1; rm -f m1")
    r = run_script(Kernel(design="6.1", cgroup="v2"), script, "c")
    host = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    assert (r.stdout, r.stderr) == (host.stdout, host.stderr)
    assert "retained as 0600 (rw-------)" in r.stdout
