"""Plots in any format matplotlib writes, curves that stay distinguishable when
they coincide, human headers and units in the HTML report."""
import pytest

from memcgsim.cli import main
from memcgsim.workload import plot
from memcgsim.workload.store import Store
from memcgsim.workload.units import human_bytes

MAGIC = {"jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "pdf": b"%PDF-",
         "tiff": b"II*\x00", "webp": b"RIFF", "eps": b"%!PS-Adobe", "gif": b"GIF89a",
         "png": b"\x89PNG\r\n\x1a\n", "svgz": b"\x1f\x8b"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Four runs of the seed loop: 5.12 pins its cgroups, nokmem does not, and 5.13
    and seed-v1 (the series as first posted: its remote charging differs, unused
    here) give the same curves."""
    p = tmp_path_factory.mktemp("plot") / "runs.sqlite"
    assert main(["churn", "--preset", "seed-loop", "--hours", "0.3", "--no-progress",
                 "--set", "jobs.0.max_instances=30", "--kernel", "5.12",
                 "--kernel", "5.12,cgroup.memory=nokmem", "--kernel", "5.13",
                 "--kernel", "seed-v1", "--db", str(p)]) == 0
    return p


@pytest.mark.parametrize("ext", sorted(MAGIC))
def test_any_matplotlib_format(db, tmp_path, capsys, ext):
    out = tmp_path / f"x.{ext}"
    assert main(["plot", "1", "2", "-o", str(out), "--db", str(db)]) == 0
    assert out.read_bytes().startswith(MAGIC[ext])


@pytest.mark.parametrize("name,msg", [
    ("x.foo", "matplotlib cannot write .foo files; formats: "),
    ("x", "give the image file an extension to pick its format"),
])
def test_unknown_format_refused(db, tmp_path, capsys, name, msg):
    out = tmp_path / name
    assert main(["plot", "1", "-o", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert msg in err and "png" in err and "Traceback" not in err
    assert not out.exists()


def test_unknown_metric_refused(db, capsys):
    assert main(["plot", "1", "-o", "x.png", "--metric", "dyin", "--db", str(db)]) == 2
    assert "unknown metric 'dyin'" in capsys.readouterr().err


def test_coinciding_curves_stay_distinguishable(db):
    with Store(str(db)) as st:
        runs = [st.get(i) for i in (1, 2, 3, 4)]
    assert runs[2]["series"] == runs[3]["series"] != runs[0]["series"]
    fig = plot.figure(runs, ["dying", "pinned_bytes"])
    try:
        for ax in fig.axes:
            lines = ax.get_lines()
            styles = {(ln.get_linestyle(), ln.get_marker()) for ln in lines}
            assert len(styles) == len(lines) == 4
            # markers of the two identical curves sit on different samples
            assert lines[2].get_markevery() != lines[3].get_markevery()
            assert ax.get_title(loc="right") == "identical curves: 5.13 = seed-v1"
            assert [t.get_text() for t in ax.get_legend().get_texts()] == \
                ["5.12", "5.12+nokmem", "5.13", "seed-v1"]
        assert fig.axes[1].get_ylabel() == "memory pinned by dying cgroups (MiB)"
        # the y values of pinned_bytes are MiB
        y = fig.axes[1].get_lines()[0].get_ydata()
        assert max(y) == pytest.approx(runs[0]["summary"]["pinned_bytes_max"] / 2**20)
    finally:
        plot._plt().close(fig)


def test_report_headers_and_units(db, tmp_path):
    out = tmp_path / "r.html"
    assert main(["plot", "1", "2", "3", "--report", str(out), "--db", str(db)]) == 0
    page = out.read_text()
    for header in ("dying cgroups at the end", "memory pinned, most", "jobs started",
                   "what pins them at the end (references)", "run 1", "5.12+nokmem"):
        assert header in page
    assert "pinned_bytes_max" not in page.split("<h2>Parameters</h2>")[0]
    with Store(str(db)) as st:
        r1 = st.get(1)
    assert f"<td>{human_bytes(r1['summary']['pinned_bytes_max'])}</td>" in page
    assert "MiB" in human_bytes(r1["summary"]["pinned_bytes_max"])


@pytest.mark.parametrize("n,text", [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KiB"),
                                    (5 * 2**20 + 2**19, "5.5 MiB"), (3 * 2**30, "3.00 GiB")])
def test_human_bytes(n, text):
    assert human_bytes(n) == text
