"""The model's dash (shell/dash.py, the gnu userland's ``sh``) against the real one:
each ``dash_cases/NAME.sh``, run by the model's ``sh`` under the gnu userland, prints
what dash 0.5.12 printed for it (``NAME.json``, made by ``dash_cases/record.py``).
Where dash 0.5.12 is installed, the stored outputs are checked against it too."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

HERE = os.path.join(os.path.dirname(__file__), "dash_cases")
# its own name: bash_cases/record.py is imported as "record" by test_bash_cases
_spec = importlib.util.spec_from_file_location("dash_record", os.path.join(HERE, "record.py"))
dash_record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dash_record)
CASES = dash_record.cases()


def _expected(name: str) -> dict:
    with open(os.path.join(HERE, name + ".json")) as f:
        return json.load(f)


def _model(name: str) -> dict:
    """The model's dash running ``NAME.sh`` from /tmp (the guests' bash writes the
    file, then execs ``sh NAME.sh``: the status is sh's)."""
    with open(os.path.join(HERE, name + ".sh")) as f:
        text = f.read()
    assert "\nDASH_CASE_EOF\n" not in text
    wrapper = f"cd /tmp\ncat > {name}.sh <<'DASH_CASE_EOF'\n{text}DASH_CASE_EOF\nexec sh {name}.sh\n"
    r = run_script(Kernel(design="6.1", cgroup="v2", userland="gnu"), wrapper, "bash")
    return {"stdout": r.stdout, "stderr": r.stderr, "status": r.status}


@pytest.mark.parametrize("name", CASES)
def test_model_prints_what_dash_printed(name):
    assert _model(name) == _expected(name)


def _dash_0512() -> bool:
    if not shutil.which("dash"):
        return False
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "dash"], capture_output=True,
                       text=True) if shutil.which("dpkg-query") else None
    return r is not None and r.stdout.startswith("0.5.12")


@pytest.mark.skipif(not _dash_0512(), reason="dash 0.5.12 is not installed")
@pytest.mark.parametrize("name", CASES)
def test_stored_outputs_are_dash_0512s(name):
    """The stored outputs are what the host's dash 0.5.12 prints (checks the
    recordings, not the model)."""
    assert dash_record.run_dash(name) == _expected(name)
