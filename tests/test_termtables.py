"""Tables that fit the terminal (issue 16): wrapping never cuts, widths fit."""
from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.termtables import fit_widths, fitted, term_width, wrap

TEXT = st.text(alphabet=st.sampled_from("ab_-/ ,=x"), max_size=60)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(1, 30))
def test_wrap_keeps_every_character_and_fits(text, width):
    out = wrap(text, width)
    assert all(len(line) <= width for line in out.splitlines())
    # only spaces at the breaks go: the characters left are the text's, in order
    assert out.replace("\n", "").replace(" ", "") == text.replace(" ", "")


def test_wrap_breaks_identifiers_after_separators():
    assert wrap("memcg_id_released_at_offline", 12) == "memcg_id_\nreleased_at_\noffline"
    assert wrap("lru-reparent", 8) == "lru-\nreparent"
    assert wrap("abcdefghij", 4) == "abcd\nefgh\nij"


@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 40)), min_size=1, max_size=9),
       st.integers(1, 200))
def test_fit_widths_within_budget(cols, budget):
    natural = [n for n, _ in cols]
    minimum = [m for _, m in cols]
    w = fit_widths(natural, minimum, budget)
    assert all(x >= 1 for x in w)
    if sum(min(m, n) for n, m in cols) <= budget:
        assert sum(w) <= budget
        assert all(min(m, n) <= x <= n for x, (n, m) in zip(w, cols))
        if sum(natural) <= budget:
            assert w == natural


def test_fitted_rows_fit_80_columns():
    rows = [["switch", "3.10-rhel7", "lru-reparent"],
            ["memcg_id_released_at_offline", "rstat_threshold", "False"]]
    widths, cells = fitted(rows, 30, overhead_per_column=1)
    assert sum(widths) + len(widths) <= 30
    assert all(len(line) <= w for r in cells for c, w in zip(r, widths)
               for line in c.splitlines())


def test_term_width_honours_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "123")
    assert term_width() == 123
    monkeypatch.setenv("COLUMNS", "x")
    assert term_width() == 80       # pytest's captured stdout is no terminal
