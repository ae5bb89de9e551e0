"""The negative dentries' hash (kernel/dcache.py) behaves as the dict by path it
replaces: the same runs found, the same paths in the same order, numbered batches
stored as a stem and a range."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.kernel.dcache import NegativeDentries, NumberedNames, numbered

NAME = st.one_of(st.sampled_from(["p0", "p1", "p2", "p10", "p01", "p", "q-3", "7", "10"]),
                 st.from_regex(r"[a-z]{1,3}[0-9]{0,3}", fullmatch=True))
BATCH = st.one_of(
    st.lists(NAME, min_size=1, max_size=6),
    st.builds(lambda stem, a, n: [f"{stem}{a + i}" for i in range(n)],
              st.sampled_from(["/d/p", "/d/x-", "/d/", "/d/p1-", "/d/p\u0663"]),
              st.integers(0, 12), st.integers(1, 8)))
OPS = st.lists(st.one_of(st.tuples(st.just("add"), BATCH),
                         st.tuples(st.just("pop"), NAME.map(lambda n: "/d/" + n)),
                         st.tuples(st.just("popnum"), st.integers(0, 20))), max_size=40)


def _path(p: str) -> str:
    return p if p.startswith("/") else "/d/" + p


@settings(max_examples=300, deadline=None)
@given(ops=OPS, probes=st.lists(BATCH, max_size=3))
def test_negative_dentries_as_a_dict(ops, probes):
    neg = NegativeDentries()
    ref: dict[str, object] = {}
    for op, arg in ops:
        if op == "add":
            paths = [p for p in dict.fromkeys(map(_path, arg)) if p not in ref]
            if not paths:
                continue
            run = neg.add(None, 0, paths, None, None)
            ref.update(dict.fromkeys(paths, run))
        else:
            path = arg if op == "pop" else f"/d/p{arg}"
            hit = neg.pop(path)
            want = ref.pop(path, None)
            assert (hit and hit[0]) is want
            if hit is not None:
                run, i = hit
                assert run.dead[i] and (run.paths is not None or run.path(i) == path)
        assert list(neg) == list(ref)
        assert list(neg.items()) == list(ref.items())
        assert len(neg) == len(ref)
        for p in ("/d/p0", "/d/p1", "/d/p01", "/d/p10", "/d/x-3", "/d/7", "/d/q-3"):
            assert neg.get(p) is ref.get(p)
            assert (p in neg) == (p in ref)
        for run in neg.runs:
            assert run.live == sum(1 for _ in run.live_paths()) > 0
        for probe in probes:
            # the batch filter is ``not in`` of each
            probe = [_path(p) for p in probe] + ["/d/p", "/d/p1", "/d/p\u06631", "/d/p\u00b2"]
            assert neg.missing(probe) == [p for p in probe if p not in ref]
        for stem, a, n in (("/d/p", 0, 12), ("/d/x-", 2, 3), ("/d/", 5, 8), ("/e/p", 0, 3)):
            names = NumberedNames(stem, a, n)
            assert list(neg.missing(names)) == [p for p in names if p not in ref]
        assert neg.path_dirs == dict(Counter(p.rpartition("/")[0] for p in neg.by_path))


def test_numbered_batches():
    assert numbered(["/v/.probe-3-0", "/v/.probe-3-1", "/v/.probe-3-2"]) == ("/v/.probe-3-", 0)
    assert numbered(["/v/f9", "/v/f10"]) == ("/v/f", 9)
    assert numbered(["/v/f09", "/v/f10"]) is None      # not the decimal of 9
    assert numbered(["/v/f1", "/v/f3"]) is None
    assert numbered(["/v/a", "/v/b"]) is None
    neg = NegativeDentries()
    run = neg.add(None, 0, [f"/v/.probe-3-{i}" for i in range(100)], None, None)
    assert run.paths is None and run.stem == "/v/.probe-3-" and len(run.dead) == 100
    assert "/v/.probe-3-99" in neg and "/v/.probe-3-100" not in neg
    assert "/v/.probe-3-07" not in neg and neg.get("/v/.probe-3-7") is run


TREE = st.sampled_from(["/t/a", "/t/a/b", "/t/c", "/t"])
TREE_OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), TREE, st.lists(st.sampled_from(["x", "y1", "y2", "z"]),
                                              min_size=1, max_size=4)),
    st.tuples(st.just("num"), TREE, st.integers(0, 3)),
    st.tuples(st.just("pop"), TREE, st.sampled_from(["x", "y1", "y2", "z", "n0", "n1"])),
    st.tuples(st.just("move"), TREE, st.sampled_from(["/t/m", "/t/a/m", "/u"]))), max_size=30)


@settings(max_examples=300, deadline=None)
@given(ops=TREE_OPS)
def test_below_and_move_as_a_dict(ops):
    """``below`` and ``move_below`` act as a prefix walk and re-keying of the dict by
    path, keeping every dentry's place in the order."""
    neg = NegativeDentries()
    ref: dict[str, object] = {}
    for op, top, arg in ops:
        if op in ("add", "num"):
            names = arg if op == "add" else [f"n{arg + i}" for i in range(3)]
            paths = [p for p in dict.fromkeys(f"{top}/{n}" for n in names) if p not in ref]
            if paths:
                run = neg.add(None, 0, paths, None, None)
                ref.update(dict.fromkeys(paths, run))
        elif op == "pop":
            assert (neg.pop(f"{top}/{arg}") or (None,))[0] is ref.pop(f"{top}/{arg}", None)
        elif not (arg + "/").startswith(top + "/") and not any(
                p.startswith(arg + "/") for p in ref):
            sub = top + "/"
            neg.move_below(top, arg)
            ref = {(arg + p[len(top):] if p.startswith(sub) else p): r for p, r in ref.items()}
        for d in ("/t", "/t/a", "/t/a/b", "/t/m", "/u", "/t/c"):
            assert neg.below(d) == [p for p in ref if p.startswith(d + "/")]
        assert list(neg.items()) == list(ref.items())
        assert sum(neg.dirs.values()) == len(ref)
        assert neg.path_dirs == dict(Counter(p.rpartition("/")[0] for p in neg.by_path))


def test_missing_of_a_batch():
    """``missing``: a name is parsed into a stem and ASCII digits only."""
    neg = NegativeDentries()
    neg.add(None, 0, ["/d/p\u06630", "/d/p\u06631"], None, None)
    neg.add(None, 0, ["/d/x7"], None, None)
    probe = ["/d/p1", "/d/p2", "/d/p\u06631", "/d/p\u06632", "/d/x7", "/d/x8", "/d/p"]
    assert neg.missing(probe) == ["/d/p1", "/d/p2", "/d/p\u06632", "/d/x8", "/d/p"]


def test_runs_share_dead_until_a_free():
    """Runs none of whose dentries was freed share one zero ``dead`` per length; a
    free gives its run its own, the other runs' untouched."""
    neg = NegativeDentries()
    a = neg.add(None, 0, [f"/v/a{i}" for i in range(100)], None, None)
    b = neg.add(None, 100, [f"/v/b{i}" for i in range(100)], None, None)
    assert a.dead is b.dead and not any(a.dead)
    assert neg.pop("/v/a7") == (a, 7)
    assert a.dead is not b.dead and a.dead[7] == 1 and sum(a.dead) == 1
    assert not any(b.dead) and "/v/a7" not in neg and "/v/b7" in neg
    assert neg.pop("/v/a8") == (a, 8) and sum(a.dead) == 2
