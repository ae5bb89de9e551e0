"""What the recorded busybox sh and dash cases share (ash_cases/, dash_cases/): each
recorder runs a script in a fresh directory holding it and stores its stdout, stderr
and status; each test file runs the script in the model as the guests' bash runs
``sh``: it writes the file to /tmp, then execs ``sh NAME.sh``."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile


def run_in_temp(argv: list[str], here: str, name: str, env: dict, **kw) -> dict:
    """``argv`` run from a fresh directory holding ``here/NAME.sh``."""
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(os.path.join(here, name + ".sh"), d)
        r = subprocess.run(argv, cwd=d, env=env, capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL, **kw)
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
