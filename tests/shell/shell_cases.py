"""What the recorded busybox sh and dash cases share (ash_cases/, dash_cases/): each
recorder runs a script in a fresh directory holding it and stores its stdout, stderr
and status; each test file runs the script in the model as the guests' bash runs
``sh``: it writes the file to /tmp, then execs ``sh NAME.sh``."""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile


#: a host's shell run for a recording runs in a PID namespace of its own (a script's
#: ``kill -1`` or ``kill 0`` reaches nothing outside it: in session 43 a snippet's
#: ``kill -- -1`` killed every process of the machine), not as its PID 1 (signals
#: without a handler would not reach that): PID 1 runs ``PROGRAM`` as ``ARGV0`` in a
#: child, reaps every process left (as the pipes' readers would wait for them) and
#: exits with the child's status (128 + its signal: a PID 1 cannot die of one), silent
SANDBOX_INIT = """import os, signal, sys
pid = os.fork()
if pid == 0:
    for sig in (signal.SIGPIPE, signal.SIGXFSZ):    # Python ignores them (restore_signals)
        signal.signal(sig, signal.SIG_DFL)
    os.execv(sys.argv[2], [sys.argv[1]] + sys.argv[3:])
status = 0
while True:
    try:
        p, st = os.wait()
    except ChildProcessError:
        break
    if p == pid:
        status = os.waitstatus_to_exitcode(st)
sys.exit(status if status >= 0 else 128 - status)
"""
SANDBOX = ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc", sys.executable, "-c",
           SANDBOX_INIT]


@functools.cache
def sandbox_works() -> bool:
    """Whether this machine lets :data:`SANDBOX` run (a PID namespace needs
    CAP_SYS_ADMIN): where it does not, the host's shells run as they are."""
    try:
        return subprocess.run([*SANDBOX, "true", shutil.which("true") or "/bin/true"],
                              capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def sandboxed(argv: list[str], program: str | None = None) -> list[str]:
    """``argv`` (``program``, else its first word found by PATH) to run in
    :data:`SANDBOX` where it works."""
    if not sandbox_works():
        return argv
    return [*SANDBOX, argv[0], program or shutil.which(argv[0]) or argv[0], *argv[1:]]


def run_in_temp(argv: list[str], here: str, name: str, env: dict, executable: str | None = None) -> dict:
    """``argv`` (``executable`` the program, ``argv[0]`` its name) run in
    :data:`SANDBOX` from a fresh directory holding ``here/NAME.sh``."""
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(os.path.join(here, name + ".sh"), d)
        r = subprocess.run(sandboxed(argv, executable), cwd=d, env=env, capture_output=True,
                           text=True, timeout=120, stdin=subprocess.DEVNULL)
    return {"stdout": r.stdout, "stderr": r.stderr, "status": r.returncode}


def cases(here: str) -> list[str]:
    """The scripts' names in ``here``."""
    return sorted(f[:-3] for f in os.listdir(here) if f.endswith(".sh"))


def record(here: str, run, names: list[str], log) -> int:
    """Store ``run(NAME)`` as ``here/NAME.json`` for each name (all when none)."""
    for name in names or cases(here):
        with open(os.path.join(here, name + ".json"), "w") as f:
            json.dump(run(name), f, indent=1)
            f.write("\n")
        print(name, file=log)
    return 0


def load_recorder(here: str, modname: str):
    """``here/record.py`` as a module of its own name (bash_cases/record.py is
    imported as ``record`` by test_bash_cases)."""
    spec = importlib.util.spec_from_file_location(modname, os.path.join(here, "record.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def expected(here: str, name: str) -> dict:
    """The stored outputs of ``here/NAME.sh``."""
    with open(os.path.join(here, name + ".json")) as f:
        return json.load(f)


def model(here: str, name: str, kernel) -> dict:
    """The model's ``sh`` on ``kernel`` running ``here/NAME.sh`` from /tmp (the
    status is sh's)."""
    from memcgsim.shell import run_script
    with open(os.path.join(here, name + ".sh")) as f:
        text = f.read()
    assert "\nSH_CASE_EOF\n" not in text
    if text.endswith("\n"):
        wrapper = f"cd /tmp\ncat > {name}.sh <<'SH_CASE_EOF'\n{text}SH_CASE_EOF\nexec sh {name}.sh\n"
    else:       # a script without its last newline: written as it is
        quoted = "'" + text.replace("'", "'\\''") + "'"
        wrapper = f"cd /tmp\nprintf %s {quoted} > {name}.sh\nexec sh {name}.sh\n"
    r = run_script(kernel, wrapper, "bash")
    return {"stdout": r.stdout, "stderr": r.stderr, "status": r.status}
