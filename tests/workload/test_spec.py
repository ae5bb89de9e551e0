import random

import pytest

from memcgsim.workload.presets import PRESETS, get_preset
from memcgsim.workload.spec import Dist, Workload, load_toml, set_path


def test_dist_parse_and_draw():
    rng = random.Random(1)
    assert Dist.parse(30).draw(rng) == 30.0
    u = Dist.parse("uniform:10:20")
    assert all(10 <= u.draw(rng) <= 20 for _ in range(100))
    e = Dist.parse("exp:600")
    xs = [e.draw(rng) for _ in range(4000)]
    assert 540 < sum(xs) / len(xs) < 660
    ln = Dist.parse("lognormal:100:0.5")
    assert sorted(ln.draw(rng) for _ in range(2001))[1000] == pytest.approx(100, rel=0.1)
    with pytest.raises(ValueError):
        Dist.parse("gamma:1")


def test_toml_roundtrip(tmp_path):
    p = tmp_path / "w.toml"
    p.write_text('''
[workload]
name = "mine"
cgroup = "v1"
parent = "jobs"
drop_caches_every = 600
[[workload.jobs]]
name = "a"
rate_per_hour = 12
lifetime = "uniform:60:120"
cache_pages = 8
[[workload.jobs]]
name = "b"
lifetime = {kind = "exp", value = 30}
''')
    w = load_toml(str(p))
    assert w.name == "mine" and w.cgroup == "v1" and len(w.jobs) == 2
    assert w.jobs[0].lifetime == Dist("uniform", 0.0, 60.0, 120.0)
    assert w.jobs[1].lifetime.kind == "exp"
    assert Workload.from_dict(w.to_dict()).canonical() == w.canonical()


def test_errors():
    with pytest.raises(ValueError, match="unknown workload keys"):
        Workload.from_dict({"nope": 1})
    with pytest.raises(ValueError, match="unknown job keys"):
        Workload.from_dict({"jobs": [{"nope": 1}]})
    with pytest.raises(ValueError, match="bpf"):
        Workload.from_dict({"jobs": [{"bpf_maps": 1}]})
    with pytest.raises(ValueError, match="memory.high"):
        Workload.from_dict({"cgroup": "v1", "jobs": [{"memory_high_pages": 10}]})
    with pytest.raises(ValueError, match="unknown preset"):
        get_preset("nope")


def test_set_path_wildcard():
    d = get_preset("systemd-timers").to_dict()
    set_path(d, "jobs.*.reuse_cgroup", True)
    set_path(d, "jobs.0.lifetime", "exp:5")
    w = Workload.from_dict(d)
    assert all(j.reuse_cgroup for j in w.jobs)
    assert w.jobs[0].lifetime == Dist("exp", 5.0)
    with pytest.raises(ValueError):
        set_path(d, "jobs.0.nope", 1)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_valid(name):
    w = get_preset(name)
    w.validate()
    assert w.name == name and w.description
