"""churn → store → runs list/show/export → plot, through ``memcgsim.cli.main``."""
import csv
import io
import json

import pytest

from memcgsim.cli import main
from memcgsim.workload.store import Store


@pytest.fixture
def db(tmp_path, monkeypatch):
    p = tmp_path / "runs.sqlite"
    monkeypatch.setenv("MEMCGSIM_DB", str(p))
    return p


def test_churn_two_kernels_stored_and_plotted(db, tmp_path, capsys):
    rc = main(["churn", "--preset", "k8s-node", "--hours", "0.5", "--kernel", "5.12",
               "--kernel", "5.13", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["design"] for o in out] == ["5.12", "5.13"]
    with Store(str(db)) as st:
        runs = st.list()
        assert [r["design"] for r in runs] == ["5.12", "5.13"]
        r = st.get(runs[0]["id"])
        assert r["series"][0]["t"] == 0.0 and r["series"][-1]["t"] == 1800.0
        assert len(r["series"]) == len(r["pins"]) == 7
        assert r["params"]["name"] == "k8s-node" and r["seed"] == 0
    png, svg, html = tmp_path / "a.png", tmp_path / "a.svg", tmp_path / "r.html"
    assert main(["plot", "1", "2", "-o", str(png), "--report", str(html)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = html.read_text()
    assert "<svg" in page and "k8s-node/5.12/s0" in page and "<img" not in page
    assert main(["plot", "k8s-node/5.13/s0", "-o", str(svg), "--metric", "dying",
                 "--metric", "pinned_bytes"]) == 0
    first = svg.read_bytes()
    main(["plot", "k8s-node/5.13/s0", "-o", str(svg), "--metric", "dying",
          "--metric", "pinned_bytes"])
    assert svg.read_bytes() == first          # same runs, same bytes


def test_runs_list_show_export(db, tmp_path, capsys):
    main(["churn", "--preset", "seed-loop", "--hours", "0.2", "--kernel", "5.12",
          "--kernel", "5.12,cgroup.memory=nokmem", "--no-progress", "--set",
          "jobs.0.max_instances=50"])
    capsys.readouterr()
    main(["runs", "list", "--json"])
    runs = json.loads(capsys.readouterr().out)
    assert [(r["design"], r["boot"]) for r in runs] == [("5.12", ""),
                                                        ("5.12", "cgroup.memory=nokmem")]
    assert runs[0]["summary"]["dying_final"] == 50
    assert runs[1]["summary"]["dying_final"] <= 2
    main(["runs", "show", "1", "--series"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["series"][-1]["dying"] == 50
    main(["runs", "export", "1", "2", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2 * 13 and rows[-1]["boot"] == "cgroup.memory=nokmem"
    # each sleeper: 4 kernel-stack + 5 page-table + 5 PGD/PUD pages; and the PGD (2
    # pages) of a task that exited in a kmem_test, kept with its mm as an idle CPU's
    # lazy TLB mm (kernel/fork.py LazyMm, docs/fidelity.md item 215)
    assert int(rows[12]["dying"]) == 50 and int(rows[12]["pins_kmem page"]) == 50 * 14 + 2
    # the host's Percpu (meminfo) keeps the 50 dying memcgs' per-CPU data; with
    # nokmem they are freed and it falls back to where both runs started
    pcpu = [[int(r["percpu_bytes"]) for r in rows[i:i + 13]] for i in (0, 13)]
    assert pcpu[0][0] == pcpu[1][0] and pcpu[1][-1] - pcpu[1][0] < pcpu[0][-1] - pcpu[0][0]
    assert pcpu[0][-1] - pcpu[0][0] >= 50 * 2 * 1024
    assert runs[0]["summary"]["percpu_bytes_max"] == max(pcpu[0])
    assert all(int(r["slab_bytes"]) > 1 << 20 for r in rows)
    out = tmp_path / "x.json"
    main(["runs", "export", "1", "--format", "json", "-o", str(out)])
    data = json.loads(out.read_text())
    assert data[0]["summary"]["dying_final"] == 50
    pq = pytest.importorskip("pyarrow.parquet")
    pf = tmp_path / "x.parquet"
    main(["runs", "export", "1", "2", "--format", "parquet", "-o", str(pf)])
    t = pq.read_table(str(pf))
    assert t.num_rows == 26 and "dying" in t.column_names


def test_store_from_before_meminfo_samples_gains_them(db, capsys):
    """A store written before the Slab/Percpu samples: opening it adds the columns,
    its old samples read None (a gap in plots), new runs store them."""
    import sqlite3
    from memcgsim.workload.metrics import COLUMNS, LATER_COLUMNS
    main(["churn", "--preset", "seed-loop", "--hours", "0.1", "--kernel", "5.13",
          "--no-progress"])
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE s2 AS SELECT * FROM samples")
    con.execute("DROP TABLE samples")
    old = [c for c in COLUMNS if c not in LATER_COLUMNS]
    con.execute(f"CREATE TABLE samples (run_id INTEGER NOT NULL, {', '.join(old)}, "
                "pins TEXT NOT NULL, PRIMARY KEY (run_id, t))")
    con.execute(f"INSERT INTO samples SELECT run_id, {', '.join(old)}, pins FROM s2")
    con.execute("DROP TABLE s2")
    con.commit()
    con.close()
    main(["churn", "--preset", "seed-loop", "--hours", "0.1", "--kernel", "5.13",
          "--no-progress"])
    capsys.readouterr()
    with Store(str(db)) as st:
        before, after = st.get(1)["series"], st.get(2)["series"]
    assert {s["percpu_bytes"] for s in before} == {None}
    assert [s["percpu_bytes"] for s in after][0] > 0
    assert [s["dying"] for s in before] == [s["dying"] for s in after]


def test_churn_errors(db, capsys):
    assert main(["churn", "--preset", "nope", "--no-progress"]) == 2
    assert main(["churn", "--kernel", "4.19", "--no-progress"]) == 2
    assert main(["runs", "show", "99"]) == 2
    main(["churn", "--list-presets"])
    assert "k8s-node" in capsys.readouterr().out
