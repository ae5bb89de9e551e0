"""Sweeps on local processes and on a Dask cluster the test starts: identical
results for identical seeds."""
import json

import pytest

from memcgsim.cli import main
from memcgsim.workload import sweep
from memcgsim.workload.store import Store

GRID = """
workload = "seed-loop"
hours = 0.1
designs = ["5.12", "5.13"]
seeds = [0, 1]
[params]
"jobs.0.max_instances" = [10, 20]
[workload_overrides]
sample_interval = 60
"jobs.0.arrival" = "poisson"
"""


def _strip(results):
    out = []
    for r in results:
        r = dict(r)
        r.pop("wall_seconds", None)
        out.append(json.dumps(r, sort_keys=True))
    return out


def test_grid_points(tmp_path):
    g = tmp_path / "g.toml"
    g.write_text(GRID)
    pts = sweep.points(sweep.load_grid(str(g)))
    assert len(pts) == 2 * 2 * 2
    assert pts[0].label == "5.12/jobs.0.max_instances=10/s0"
    assert pts[0].spec["jobs"][0]["arrival"] == "poisson"


def test_local_processes_equal_serial(tmp_path):
    """Two worker processes give the serial sweep's results, point by point."""
    g = tmp_path / "g.toml"
    g.write_text(GRID)
    pts = sweep.points(sweep.load_grid(str(g)))
    serial = sweep.run_sweep(pts, workers=1)
    local = sweep.run_sweep(pts, workers=2)
    assert _strip(local) == _strip(serial)
    by = {p.label: r["summary"] for p, r in zip(pts, serial)}
    assert by["5.12/jobs.0.max_instances=20/s1"]["dying_final"] == 20
    assert by["5.13/jobs.0.max_instances=20/s1"]["dying_final"] <= 2
    # seeds differ (Poisson arrivals), so the series differ
    assert serial[0]["series"] != serial[2]["series"]


@pytest.mark.slow
def test_dask_equals_serial(tmp_path):
    """A Dask cluster gives the serial sweep's results and stores each point as it
    finishes (slow: a cluster's start-up and two more sweeps)."""
    distributed = pytest.importorskip("distributed")
    g = tmp_path / "g.toml"
    g.write_text(GRID)
    pts = sweep.points(sweep.load_grid(str(g)))
    serial = sweep.run_sweep(pts, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, protocol="tcp") as cluster:
        dask_results = sweep.run_sweep(pts, scheduler=cluster.scheduler_address)
        assert _strip(dask_results) == _strip(serial)
        db = tmp_path / "s.sqlite"
        assert main(["sweep", str(g), "--scheduler", cluster.scheduler_address, "--db", str(db),
                     "--no-progress"]) == 0
    with Store(str(db)) as st:
        runs = st.list(sweep="g")
        assert len(runs) == 8
        # stored as each finished: by name, the serial run's summaries
        assert {r["name"]: r["summary"] for r in runs} == \
            {f"g/{p.label}": r["summary"] for p, r in zip(pts, serial)}
        assert {r["status"] for r in runs} == {"finished"}
