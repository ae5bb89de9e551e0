"""memcgsim.codecache: dataclasses' generated methods compiled once across
processes; memcgsim.lazyimport.LazyPattern: a regex compiled at its first use."""
import dataclasses
import os
import re
import subprocess
import sys

from memcgsim.codecache import dataclass
from memcgsim.lazyimport import LazyPattern

# how many dataclass method texts importing memcgsim.api compiled; a design's methods at work
_PROBE = """
import builtins
compiled = []
real = builtins.compile
def counting(source, *args, **kwargs):
    if isinstance(source, str) and "__create_fn__" in source:
        compiled.append(source)
    return real(source, *args, **kwargs)
builtins.compile = counting
import dataclasses, memcgsim.api
d = memcgsim.DESIGNS["5.13"]
e = dataclasses.replace(d, name="x")
print(len(compiled), e.name, e == d, dataclasses.replace(e, name="5.13") == d,
      hash(dataclasses.replace(e, name="5.13")) == hash(d), repr(d)[:30])
"""


def test_dataclass_methods_are_compiled_once_across_processes(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def probe():
        return subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                              text=True, check=True).stdout.split(" ", 1)
    n_first, first = probe()
    files = list((tmp_path / "memcgsim").glob("dataclass-code-*.marshal"))
    assert len(files) == 1
    n_second, second = probe()
    # KernelDesign's six methods, the shell's Result's and the API's Result's three each
    assert (int(n_first), int(n_second)) == (12, 0)
    assert first == second == "x False True True KernelDesign(name='5.13', rele\n"
    # a damaged file is compiled again, not trusted
    files[0].write_bytes(b"\x00garbage")
    n_third, third = probe()
    assert (int(n_third), third) == (12, first)


def test_cached_dataclass_is_a_dataclass():
    @dataclass(frozen=True)
    class P:
        """A point."""
        x: int
        y: int = 2
        tags: list = dataclasses.field(default_factory=list, compare=False)

    p = P(1)
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(P)] == ["x", "y", "tags"]
    assert (p, repr(p).rpartition(".")[2]) == (P(1, 2, ["a"]), "P(x=1, y=2, tags=[])")
    assert dataclasses.replace(p, y=3) == P(1, 3)
    try:
        p.x = 5
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a frozen dataclass took an assignment")
    assert "exec" not in vars(dataclasses)      # the module is left as it was
    # the generated __init__'s annotations are the fields' types, as dataclasses makes them
    # (not the names of its wrapper's locals: pdoc's API docs read them)
    assert P.__init__.__annotations__ == {"x": int, "y": int, "tags": list, "return": None}


def test_lazy_pattern_compiles_at_first_use():
    lazy = LazyPattern(r"(a+)(b)?", re.I)
    assert "match" not in vars(lazy)
    assert lazy.match("AAb").groups() == ("AA", "b")
    assert "match" in vars(lazy)                # kept: later uses are plain lookups
    assert [m.group(1) for m in lazy.finditer("a ab aab")] == ["a", "a", "aa"]
    assert lazy.pattern == "(a+)(b)?" and lazy.flags & re.I


def test_command_line_parsed_once_across_processes(tmp_path):
    """memcgsim's own command lines: argparse's values for a command line seen
    before are read back (cli._parse_own), argparse not imported; the run is the
    same."""
    script = tmp_path / "t.sh"
    script.write_text("echo hi; cat /proc/cgroups | grep memory\n")
    code = ("import sys; from memcgsim.cli import main; "
            f"st = main(['run', {str(script)!r}, '--kern', '5.12', '--json', '--cpus', '3']); "
            "print(st, 'argparse' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first, second = (subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                    text=True, check=True).stdout for _ in range(2))
    assert first.endswith("\n0 True\n") and second.endswith("\n0 False\n")
    assert first[:-len("0 True\n")] == second[:-len("0 False\n")]
    assert '"kernel": "5.12"' in first and '"stdout": "hi\\nmemory\\t' in first
