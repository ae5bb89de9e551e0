"""memcgsim.lazyimport: a module imported at its first use, and the start-up
path that relies on it."""
import ast
import os
import subprocess
import sys

from memcgsim.lazyimport import deferred


def test_stand_in_imports_the_real_module_at_first_use():
    saved = sys.modules.pop("colorsys", None)
    try:
        with deferred("colorsys"):
            import colorsys as stand_in
            assert sys.modules["colorsys"] is stand_in
        # the block's importers keep the stand-in, later ones get the real module
        assert "colorsys" not in sys.modules
        assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
        import colorsys
        assert colorsys is not stand_in and colorsys.rgb_to_hsv is stand_in.rgb_to_hsv
    finally:
        if saved is not None:
            sys.modules["colorsys"] = saved


def test_an_imported_module_is_left_alone():
    import json
    with deferred("json"):
        import json as again
    assert again is json and sys.modules["json"] is json


def test_running_a_script_does_not_import_inspect(tmp_path):
    """dataclasses and bashlex's PLY import inspect but need it only for a
    dataclass without a docstring and a parser rebuild: once bashlex's parser is
    cached, a run leaves it out (35 M instructions)."""
    code = ("import sys, memcgsim; r = memcgsim.run('echo hi | cat', kernel='5.12'); "
            "print(r.stdout.strip(), sorted({'inspect', 'ast', 'dis', 'tokenize'} & set(sys.modules)))")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first, second = (subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                    text=True, check=True) for _ in range(2))
    assert first.stdout.startswith("hi [")      # the parser built: PLY's reflection used it
    assert second.stdout == "hi []\n"


def test_the_shells_rare_patterns_compile_at_first_use():
    """Importing the shell compiles none of the patterns few scripts use (0.3-2 M
    instructions each at every start); each works once used."""
    code = ("from memcgsim.shell import expand, interp, legalnum, parser, scan\n"
            "pats = [legalnum._LEGAL_NUMBER, interp._DEV_FD, expand._EXTGLOB, expand._SEQ,\n"
            "        expand._INDIRECT_ELEMENT, parser._ELEMENT_START, parser._VARREDIR, scan._ELEMENT_START]\n"
            "print(sum(len(vars(p)) - 1 for p in pats),\n"
            "      legalnum.number_or_zero(' 42 '), interp._DEV_FD.fullmatch('/dev/fd/3').group(1),\n"
            "      expand._SEQ.match('1..5').groups(), bool(parser._VARREDIR.fullmatch('{fd}')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "0 42 3 ('1', '5', None) True\n"



_RARE_MODULES_RUN = r"""
import sys, types, memcgsim
names = ['shell.' + n for n in ('arith', 'ash', 'ashjobs', 'bashtest', 'dash', 'dirstack', 'dolparen',
                                'forkretry', 'jobcontrol', 'testexpr', 'xtrace', 'condregex', 'commands.printf',
                                'commands.sysutils')]
names += ['fs.' + n for n in ('proc_tree', 'procfd', 'procpid', 'procstat')]
def run(script):
    r = memcgsim.run(script, kernel='5.12')
    print(repr((r.stdout, r.stderr, [n for n in names
                                     if type(sys.modules.get('memcgsim.' + n)) is types.ModuleType])))
run('echo hi | cat')
run("pushd / >/dev/null; echo $((6*7)) $(date -d @0 +%Y); [[ ab =~ ^a ]] && "
    "sh -c 'echo $((1+1)); shift 3'; [ $? = 2 ]; /usr/bin/printf '%s\\n' y; "
    "ls /proc/self/fd /proc/self/ >/dev/null; cat /proc/self/stat /proc/stat >/dev/null; set -m; set +m; "
    "set -x; test 1 -gt")
"""


def test_the_shells_rare_modules_load_at_first_use():
    """A bash script without arithmetic, test, ``=~``, ``$(...)``, pushd, set -x, a dash
    or busybox sh, date, a printf program, job control or /proc's PID and fd entries loads none of
    their modules (0.3-1.3 M instructions each at every start: bench/README.md,
    session 42); a script that uses them loads each and runs as before (a failed
    fork's retries: not here)."""
    out = subprocess.run([sys.executable, "-c", _RARE_MODULES_RUN], capture_output=True, text=True,
                         check=True)
    first, second = map(ast.literal_eval, out.stdout.splitlines())
    assert first == ("hi\n", "", [])
    assert second == ("42 1970\n2\ny\n",
                      "sh: 1: shift: can't shift that many\n+ test 1 -gt\n"
                      "bash: line 1: test: 1: unary operator expected\n",
                      ["shell." + n for n in ("arith", "ash", "ashjobs", "bashtest", "dash", "dirstack",
                                              "dolparen", "jobcontrol", "testexpr", "xtrace", "condregex",
                                              "commands.printf", "commands.sysutils")]
                      + ["fs." + n for n in ("proc_tree", "procfd", "procpid", "procstat")])


def test_the_guests_images_are_made_for_a_busybox_run_only():
    """kernel/fork.py's busybox images (``GUEST_IMAGES``: ~45 ``Record.replace``
    calls at every start before, bench/README.md session 43) are made at the first
    busybox run, not for the gnu userland's; read by name, they are made too."""
    code = ("import memcgsim; from memcgsim.kernel import fork\n"
            "print(memcgsim.run('echo hi | cat', kernel='5.12').stdout.strip(), fork._GUEST is None)\n"
            "r = memcgsim.run('cat /proc/self/stat | wc -w', init='busybox', userland='busybox')\n"
            "print(r.stdout.strip(), fork._GUEST[0] is fork.GUEST_IMAGES, fork.GUEST_IMAGES['sh'] is\n"
            "      fork.GUEST_BUSYBOX_SH, fork.GUEST_DEFAULT_IMAGE is fork._GUEST[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "hi True\n52 True True True\n"
