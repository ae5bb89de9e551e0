"""The model's output of every recorded conformance case, one md5 a run: two trees
whose lists are the same gave the same bytes (status, signal, stdout, stderr) on every
case (bench/README.md, session 30).

``PYTHONPATH=TREE/src python bench/conform_digest.py OUT`` (TREE with its
``tests/conformance``, as ``load_suite`` finds the suite beside ``src``): each case and
kernel with a recording, run as tests/conformance runs it (``oracle.cli.run_model``:
the guest's boot, at each recorded run's pace for a case that sets ``pace``, else
once); a line ``NAME KERNEL RUN MD5`` each. Compare with ``cmp``.
"""
from __future__ import annotations

import hashlib
import os
import sys

from memcgsim.api import read_script
from memcgsim.oracle.cli import run_model
from memcgsim.oracle.conform import Rules
from memcgsim.oracle.record import load_suite, read_recording

with open(sys.argv[1], "w") as out:
    for case in load_suite():
        for kernel in case.kernels:
            path = case.recording(kernel)
            if not os.path.exists(path):
                continue
            rec = read_recording(path)
            rules = Rules.parse(rec.conform)
            text = read_script(case.script)[0]
            for i, run in enumerate(rec.runs if rules.pace else rec.runs[:1]):
                try:
                    res = run_model(text, os.path.basename(case.script), rec.design,
                                    rec.header.get("cgroup", case.cgroup),
                                    int(rec.header.get("cpus", 2)), rec.header.get("boot", ""),
                                    guest_run_s=run.run_s if rules.pace else None,
                                    mem=rec.header.get("mem", case.mem))
                    blob = repr((res.status, res.signal, res.stdout, res.stderr))
                except Exception as e:      # the same failure on both trees is the same
                    blob = "exception " + repr(e)
                out.write(f"{case.name} {kernel} {i} {hashlib.md5(blob.encode()).hexdigest()}\n")
                out.flush()
