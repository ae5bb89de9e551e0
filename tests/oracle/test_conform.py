"""The value-by-value comparison."""
from memcgsim.oracle.conform import (Rules, compare, compare_runs, compare_text, spread,
                                     summarize, template)
from memcgsim.oracle.record import Run


def bad(items):
    return [i for i in items if not i.ok]


def test_template():
    assert template("memory\t1\t501\t1") == "memory\t#\t#\t#"
    assert template("memory.current=389120 pid 93") == "memory.current=# pid #"
    assert template("kmem_test2 range10") == "kmem_test2 range10"


def test_counts_exact():
    items = compare_text("memory\t1\t1\t1\nmemory\t1\t501\t1\n",
                         "memory\t1\t1\t1\nmemory\t1\t3\t1\n", Rules())
    (d,) = bad(items)
    assert (d.line, d.field, d.real, d.model, d.kind) == (2, 2, "501.0", "3.0", "count")


def test_bytes_tolerance():
    rules = Rules.parse(["tolerance 10% 4096"])
    ok = compare_text("anon 73728\nmemory.current=389120\n",
                      "anon 77824\nmemory.current=360000\n", rules)
    assert not bad(ok)
    off = compare_text("kernel_stack 16384\n", "kernel_stack 32768\n", rules)
    assert [(i.kind, i.verdict) for i in off] == [("bytes", "differs")]
    # pgfault is a count even on a memory.stat line
    assert [i.verdict for i in compare_text("pgfault 100\n", "pgfault 101\n", rules)] == ["differs"]


def test_precharge_widens_only_its_lines():
    rules = Rules.parse(["tolerance 10% 4096", r"precharge ^memory\.current 262144"])
    real = "memory.current 393216\nanon 61440\n"
    assert not bad(compare_text(real, "memory.current 524288\nanon 61440\n", rules))
    assert [i.verdict for i in bad(compare_text(real, "memory.current 700000\nanon 61440\n",
                                                rules))] == ["differs"]
    assert [i.verdict for i in bad(compare_text(real, "memory.current 393216\nanon 200000\n",
                                                rules))] == ["differs"]


def test_ranges():
    rules = Rules.parse([r"range ^memory\t 2 1..3"])
    items = compare_text("memory\t1\t3\t1\n", "memory\t1\t2\t1\n", rules)
    assert not bad(items)
    assert [i.kind for i in items][1] == "range 1..3"
    items = compare_text("memory\t1\t3\t1\n", "memory\t1\t7\t1\n", rules)
    assert [i.verdict for i in bad(items)] == ["out-of-range"]


def test_ignore_and_count_override():
    rules = Rules.parse(["ignore ^pid ", "count ^anon", "tolerance 50%"])
    items = compare_text("pid 93\nanon 100\n", "pid 12\nanon 101\n", rules)
    assert [(i.real, i.verdict) for i in bad(items)] == [("100.0", "differs")]


def test_missing_and_extra_lines():
    items = compare_text("a\nb\nc\n", "a\nc\nd\n", Rules())
    assert {(i.verdict, i.real or i.model) for i in bad(items)} == {("missing", "b"),
                                                                    ("extra", "d")}


def test_text_difference_pairs_lines():
    items = compare_text("== v1 root files\nfoo\n", "== v1 root files\nbar\n", Rules())
    assert [(i.real, i.model, i.verdict) for i in bad(items)] == [("foo", "bar", "differs")]


def test_compare_and_summary():
    items = compare("x 1\n", "", 0, "x 1\n", "oops\n", 1, Rules())
    s = summarize(items)
    assert s == {"values": 1, "values_agree": 1, "lines_text_differ": 1,
                 "status_agree": False, "disagreements": 2}


def test_bad_declaration():
    import pytest
    with pytest.raises(ValueError):
        Rules.parse(["frobnicate 3"])
    with pytest.raises(ValueError):
        Rules.parse(["pace host"])
    with pytest.raises(ValueError):
        Rules.parse(["range foo"])


def test_pace_declarations():
    """'pace guest' stretches the model's costs to the run's duration, 'pace sched'
    only its scheduler's PELT clock."""
    assert Rules.parse(["pace guest"]).pace and not Rules.parse(["pace guest"]).sched_pace
    r = Rules.parse(["pace sched"])
    assert r.sched_pace and not r.pace


RACE = [Run("ok test\n", "", 0),
        Run("not ok test # oom=5 oom_kill=1\n", "", 1),
        Run("not ok test # oom=2 oom_kill=1\n", "", 1),
        Run("not ok test # oom=11 oom_kill=2\n", "", 1)]


def test_spread_of_the_values_that_vary():
    sp = spread(RACE, Rules())
    assert sp == {("stdout", "not ok test # oom=# oom_kill=#", 1, 0): (2.0, 11.0),
                  ("stdout", "not ok test # oom=# oom_kill=#", 1, 1): (1.0, 2.0)}


def test_compare_runs_picks_an_agreeing_run():
    best, items = compare_runs(RACE, Run("ok test\n", "", 0), Rules())
    assert best == 0 and not bad(items)
    # a count between the runs' lowest and highest agrees with a run of the same shape
    best, items = compare_runs(RACE, Run("not ok test # oom=4 oom_kill=1\n", "", 1), Rules())
    assert best == 1 and not bad(items)
    assert [i.verdict for i in items if i.field] == ["in-spread", "agree"]
    assert items[0].kind == "real runs 2..11"


def test_compare_runs_outside_the_spread():
    best, items = compare_runs(RACE, Run("not ok test # oom=12 oom_kill=1\n", "", 1), Rules())
    assert [(i.model, i.verdict) for i in bad(items)] == [("12.0", "differs")]
    # a single run has no spread: its values must agree
    best, items = compare_runs(RACE[1:2], Run("not ok test # oom=4 oom_kill=1\n", "", 1), Rules())
    assert [i.verdict for i in bad(items)] == ["differs"]
    # the shape must be one of the runs': an "ok" with another exit status is not
    best, items = compare_runs(RACE, Run("ok test\n", "", 1), Rules())
    assert [i.kind for i in bad(items)] == ["status"]


def test_compare_runs_with_a_model_per_run():
    """``pace guest``: the model is run for each real run (here: echoing its status)."""
    seen = []

    def model(run):
        seen.append(run.status)
        return Run(run.stdout, "", run.status)
    best, items = compare_runs(RACE[1:], model, Rules())
    assert best == 0 and not bad(items) and seen == [1]


def test_near():
    rules = Rules.parse([r"near ^memory\t1\t 2 10%"])
    ok = compare_text("memory\t1\t285\t1\n", "memory\t1\t311\t1\n", rules)
    assert [(i.verdict, i.kind) for i in ok] == [("agree", "count"), ("within", "near 10%"),
                                                 ("agree", "count")]
    off = compare_text("memory\t1\t285\t1\n", "memory\t1\t320\t1\n", rules)
    assert [i.verdict for i in bad(off)] == ["differs"]
