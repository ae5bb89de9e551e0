"""The interpreter against the real model kernel and the real external commands."""
from __future__ import annotations

import os
import re

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"


def script(rel: str) -> str:
    with open(os.path.join(SHARED, rel), encoding="utf-8") as f:
        return f.read()


@pytest.mark.parametrize("design,last", [("5.12", "memory\t1\t501\t1\n"), ("5.13", "memory\t1\t2\t1\n")])
def test_seed_script(design, last):
    k = Kernel(design=design, cgroup="v1")
    r = run_script(k, script("seed/kmem_test.sh"), "kmem_test.sh")
    assert r.stderr == ""
    assert r.status == 0
    assert r.stdout == "memory\t1\t1\t1\n" + last
    # the 500 `sleep 3600 &` are left running
    assert sum(1 for t in k.tasks.values() if t.comm == "sleep" and t.alive) == 500


def test_echo_pid_moves_shell_and_write_error_message():
    k = Kernel(design="5.13", cgroup="v1")
    r = run_script(k, "cd /sys/fs/cgroup/memory\nmkdir a\necho $$ > a/cgroup.procs\n"
                      "read p < a/cgroup.procs; [ $p = $$ ] && echo same\n"
                      "grep -c . a/cgroup.procs\necho $$ > cgroup.procs\nrmdir a\n"
                      "echo x > a/cgroup.procs\necho rc=$?", "t.sh")
    # grep, forked by the shell while it is in `a`, sees itself and the shell
    assert r.stdout == "same\n2\nrc=1\n"
    assert r.stderr == "t.sh: line 8: a/cgroup.procs: No such file or directory\n"


@pytest.mark.parametrize("name,ok", [
    ("selftest_memcg_subtree_control.sh", "ok test_memcg_subtree_control\n"),
    ("selftest_memcg_oom_events.sh", "ok test_memcg_oom_events\n"),
    ("selftest_kmem_kernel_stacks.sh", "ok test_kmem_kernel_stacks\n"),
])
def test_selftests_pass(name, ok):
    k = Kernel(design="5.13", cgroup="v2")
    r = run_script(k, script("reproducers/" + name), name)
    assert (r.stdout, r.status) == (ok, 0)


@pytest.mark.slow
def test_selftest_kmem_basic():
    k = Kernel(design="5.13", cgroup="v2")
    r = run_script(k, script("reproducers/selftest_kmem_basic.sh"), "selftest_kmem_basic.sh")
    assert (r.stdout, r.status) == ("ok test_kmem_basic\n", 0)


@pytest.mark.parametrize("n,pace,out", [(500, 1.0, "alive\n"), (2000, 1.0, "gone\n"),
                                        (500, 10.0, "gone\n")])
def test_background_sleep_ends_while_the_foreground_works(n, pace, out):
    """A background `sleep` ends on its timer while the foreground never blocks: each
    fork+exec+exit moves the simulated clock (about 1.6 ms a command, times the pace)."""
    k = Kernel(design="6.1", cgroup="v2", pace=pace)
    r = run_script(k, f"sleep 2 & P=$!\nfor i in $(seq {n}); do cat /dev/null; done\n"
                      "kill -0 $P 2>/dev/null && echo alive || echo gone\n", "bg.sh")
    assert (r.stdout, r.stderr, r.status) == (out, "", 0)


@pytest.mark.parametrize("script,out", [
    # an endless writer ends when its reader goes: SIGPIPE (status 141 with pipefail)
    ("yes | head -n 2; echo $?", "y\ny\n0\n"),
    ("set -o pipefail; yes | head -n 1; echo $?", "y\n141\n"),
    ("cat /dev/zero | head -c 100000 | wc -c", "100000\n"),
    # more than a pipe's worth flows in order; a pipeline inside a stage
    ("seq 200000 | tail -n 1", "200000\n"),
    ("{ seq 100000 | grep 9999; } | head -n 3", "9999\n19999\n29999\n"),
    # a writer that sleeps: the reader waits for it on the simulated clock
    ("(sleep 2; echo late) | { cat; cut -d' ' -f1 /proc/uptime; }", "late\n2.01\n"),
])
def test_pipeline_stages_run_side_by_side(script, out):
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, script + "\n", "pipes.sh")
    assert (r.stdout, r.stderr) == (out, "")


def test_trap():
    """EXIT traps of the shell and of subshells, a trapped or ignored signal the
    shell sends itself, trap -p; the outputs bash 5.2 gives."""
    script = ("cleanup() { echo \"cleanup $?\"; }\ntrap cleanup EXIT\ntrap 'echo got TERM' TERM\n"
              "trap -p\nkill -TERM $$\necho after\n( trap 'echo sub exit' EXIT; echo in sub )\n"
              "trap '' INT\nkill -INT $$\necho still here\ntrap 'echo x' FOO\nfalse\n")
    r = run_script(Kernel(design="6.1", cgroup="v2"), script, "trap.sh")
    assert r.stdout == ("trap -- 'cleanup' EXIT\ntrap -- 'echo got TERM' SIGTERM\ngot TERM\nafter\n"
                        "in sub\nsub exit\nstill here\ncleanup 1\n")
    assert r.stderr == "trap.sh: line 11: trap: FOO: invalid signal specification\n"
    assert r.status == 1
    r = run_script(Kernel(design="6.1", cgroup="v2"), 'trap "echo bye; exit 5" 0; exit 3\n', "t.sh")
    assert (r.stdout, r.status) == ("bye\n", 5)
    r = run_script(Kernel(design="6.1", cgroup="v2"), "trap 'echo e' ERR\n", "t.sh")
    assert "unsupported: trap on ERR" in r.stderr and r.status == 2


ARRAYS = """a=(one "two words" three)
echo ${#a[@]} ${a[1]} ${a[-1]} $a
for x in "${a[@]}"; do echo "[$x]"; done
echo "${a[*]}"
a+=(four)
a[7]=seven
echo ${#a[@]} "${!a[@]}"
i=1; echo ${a[i+1]} ${a[$i]} ${#a[1]}
pids=()
for n in 1 2 3; do sleep 100 & pids+=($!); done
echo ${#pids[@]}
kill "${pids[@]}"
wait
b=(
  x   # a comment
  y
)
echo "${b[@]}" ${b[5]:-unset}
files=(/proc/cgroup*)
echo ${files[0]}
unset 'a[1]'
echo ${#a[@]} "${a[@]}"
a=scalar
echo ${a[0]} ${#a[@]}
true | false | (exit 3)
echo "${PIPESTATUS[@]}" ${#PIPESTATUS[@]}
false
echo ${PIPESTATUS[0]} $PIPESTATUS
(kill -USR1 $BASHPID)
"""


def test_arrays_pipestatus_and_signal_reports():
    """Indexed arrays, PIPESTATUS, and which signal deaths bash reports (not SIGTERM,
    the kill builtin's default): the output bash 5.2 gives for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), ARRAYS, "arr.sh")
    assert r.stdout == ("3 two words three one\n[one]\n[two words]\n[three]\none two words three\n"
                        "5 0 1 2 3 7\nthree two words 9\n3\nx y unset\n/proc/cgroups\n"
                        "4 one three four seven\nscalar 4\n0 1 3 3\n1 1\n")
    assert re.fullmatch(r"arr\.sh: line 29: +\d+ User defined signal 1 +\( kill -USR1 \$BASHPID \)\n",
                        r.stderr), r.stderr


def test_funcname_and_bash_source():
    """FUNCNAME (innermost first, "main" at the bottom, unset outside functions) and
    BASH_SOURCE: bash 5.2's output for the same script."""
    script = ('echo "top: [${FUNCNAME[*]}] [${BASH_SOURCE[*]}] ${#FUNCNAME[@]}"\n'
              'f() { echo "f: [${FUNCNAME[*]}] [$FUNCNAME] ${#BASH_SOURCE[@]}"; g; }\n'
              'g() { echo "g: ${FUNCNAME[1]}"; ( echo "sub: ${FUNCNAME[*]}" ); }\n'
              'f\necho "after: [${FUNCNAME[*]}] $BASH_SOURCE"\n')
    r = run_script(Kernel(design="6.1", cgroup="v2"), script, "fn.sh")
    assert r.stdout == ("top: [] [fn.sh] 0\nf: [f main] [f] 2\ng: f\nsub: g f main\n"
                        "after: [] fn.sh\n")


ASSOC = 'declare -A a\na[x]=1; a[y]=2; a[z]=3; a[memory]=4; a["two words"]=5; a[10]=6\necho "${!a[@]}"\necho "${a[@]}" ${#a[@]} ${a[memory]} "${a[two words]}" $a\nk=y; echo ${a[$k]} ${a[nope]:-unset}\na[x]+=0\nunset \'a[z]\'\nfor key in "${!a[@]}"; do echo "$key=${a[$key]}"; done\nb=([3]=c [1]=a b)\necho "${!b[@]}" "${b[@]}"\ndeclare -A c\nc=([k1]=v1 [k2]="v 2" [abc]=v3)\necho "${!c[@]}" "${#c[@]}" "${c[k2]}"\nc+=([new]=n)\necho "${!c[@]}"\nf() { local -A m; m[q]=1; echo "in f: ${!m[@]}"; }\nf\necho "m: ${m[q]:-none}"\ndeclare -A d\nfor i in $(seq 1 3000); do d[k$i]=$i; done\nunset "d[k5]"\nk=(${!d[@]}); echo ${#k[@]} ${k[0]} ${k[1]} ${k[2999]:-} ${k[2998]}\n'


def test_associative_arrays_in_bash_order():
    """``declare -A``/``local -A``, ``[KEY]=VALUE`` in ``a=(...)`` (indexed too), keys
    expanded and unquoted, ``unset 'a[k]'``; ``${!a[@]}`` in bash's hash-table order
    (FNV-1, 1024 buckets, growing past 2048 keys): bash 5.2's output for the script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), ASSOC, "aa.sh")
    assert (r.stdout, r.stderr) == ('z y x memory two words 10\n3 2 1 4 5 6 6 4 5\n2 unset\ny=2\nx=10\nmemory=4\ntwo words=5\n10=6\n1 2 3 a b c\nk1 k2 abc 3 v 2\nk1 k2 new abc\nin f: q\nm: none\n2999 k1698 k1699 k1048\n', "")


WHOLE_ARRAY = 'a=(alpha beta gamma delta)\necho "${a[@]/a/X}" "${a[@]//a/X}" "${a[@]#?}" "${a[@]%a}" "${a[@]^^}" "${a[*]^}"\necho "${a[@]:1}" / "${a[@]:1:2}" / "${a[@]: -2}" / "${a[@]:0:0}" / "${a[*]:2}"\nb=([2]=two [5]=five [9]=nine)\necho "${b[@]:3}" / "${b[@]:-1}" / "${b[@]: -1}"\nset -- one two three four\necho "${@:2}" / "${@:2:2}" / "${@: -1}" / "${*:3}" / "${@/o/0}" / ${#@}\nf() { echo "${@:0:1}"; }; f x\nfor x in "${a[@]%%[ae]*}"; do echo "[$x]"; done\ndeclare -A h\nh[k]=v; h[j]=w\necho "${h[@]^^}"\n'


def test_whole_array():
    """``${a[@]OP}`` on every element, ``${a[@]:OFF:LEN}`` and ``${@:OFF:LEN}``: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), WHOLE_ARRAY, "wa.sh")
    assert (r.stdout, r.stderr) == ('Xlpha betX gXmma deltX XlphX betX gXmmX deltX lpha eta amma elta alph bet gamm delt ALPHA BETA GAMMA DELTA Alpha Beta Gamma Delta\nbeta gamma delta / beta gamma / gamma delta / / gamma delta\nfive nine / two five nine / nine\ntwo three four / two three / four / three four / 0ne tw0 three f0ur / 4\nwa.sh\n[]\n[b]\n[g]\n[d]\nV W\n', "")


DECL_ARRAYS = 'declare -A h=([a]=1 [b c]=2)\necho ${h[a]} "${h[b c]}" ${#h[@]}\nf() { local -a arr=(x "y z"); echo ${#arr[@]} "${arr[1]}"; local -A m=([k]=v); echo ${m[k]}; }\nf\necho "arr: ${arr[*]:-none}" "m: ${m[k]:-none}"\ndeclare -a plain=(1 2 3) other=4\necho ${plain[2]} $other\ndeclare -A h2=([x]=1) ; echo ${!h2[@]} | cat\ne=(); z=("")\necho "[${e[@]:-dflt}]" "[${e[@]-d2}]" "[${z[@]:-d3}]" "[${z[@]-d4}]" "[${h[@]:+alt}]" "[${e[@]:+alt2}]"\nfor w in "${e[@]:-one two}"; do echo "<$w>"; done\n'


def test_decl_arrays():
    """``declare -A h=(...)``, ``local -a x=(...)``, ``[k with blanks]=v``, ``${a[@]:-WORD}`` and kin: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), DECL_ARRAYS, "d.sh")
    assert (r.stdout, r.stderr) == ('1 2 2\n2 y z\nv\narr: none m: none\n3 4\nx\n[dflt] [d2] [d3] [] [alt] []\n<one two>\n', "")


QUOTED_PATTERNS = 'v=alpha\necho "${v#\'a\'}" "${v#"a"}" "${v#\\a}" "${v/\'l\'/X}" "${v/l/\'Y\'}" "${v:-\'z\'}"\n'


def test_quoted_patterns():
    """patterns of ``#``/``%``/``/`` inside double quotes stay patterns, their own quotes quote: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), QUOTED_PATTERNS, "h4.sh")
    assert (r.stdout, r.stderr) == ('lpha lpha lpha aXpha aYpha alpha\n', "")


FDS = 'exec 9>&1\nexec 3>/tmp/fd3.txt\necho to3 >&3\necho again 1>&3\nexec 3>&-\necho closed >&3\necho "rc=$?"\nprintf \'l1 a b\\nl2 c\\n\' > /tmp/in.txt\nexec 4</tmp/in.txt\nread -u 4 x y; echo "[$x] [$y]"\nread -u 4 -a arr; echo "${#arr[@]} ${arr[1]}"\nread -u 4 z; echo "eof rc=$? [$z]"\nread -u 7 w; echo "rc=$?"\ncat /tmp/fd3.txt\n{ echo err >&2; echo out; } 3>&1 1>&2 2>&3 | sed \'s/^/piped:/\'\nf() { exec 5>/tmp/fd5.txt; echo in5 >&5; }; f; echo more >&5; cat /tmp/fd5.txt\nexec >/tmp/allout.txt 2>&1\necho hidden\nls /nonexistent\nexec >&- 2>&-\nexec 1>>/tmp/fd3.txt; echo appended\nexec 2>/tmp/err.txt\ncat /tmp/allout.txt /tmp/fd3.txt >/tmp/final.txt\ncat /tmp/final.txt /tmp/err.txt >&9\n'


def test_fds():
    """descriptors above 2 (``exec 3>F``, ``>&3``, ``3>&-``, swaps through 3, ``read -u``/``-a``), and ``exec`` keeping its redirections: bash 5.2's output (stdout, stderr) for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), FDS, "fd.sh")
    assert (r.stdout, r.stderr) == ("rc=1\n[l1] [a b]\n2 c\neof rc=1 []\nrc=1\nto3\nagain\npiped:err\nin5\nmore\nhidden\nls: cannot access '/nonexistent': No such file or directory\nto3\nagain\nappended\n", 'fd.sh: line 6: 3: Bad file descriptor\nfd.sh: line 13: read: 7: invalid file descriptor: Bad file descriptor\nout\n')


CAT_SELF = 'echo abc > /tmp/self.txt\ncat /tmp/self.txt >> /tmp/self.txt; echo rc=$?\ncat /tmp/self.txt\nexec >>/tmp/self.txt\ncat /tmp/self.txt\nexec >&2\ncat /tmp/self.txt\n'


def test_cat_self():
    """GNU cat refusing to copy a file into itself: bash 5.2's output (stdout, stderr) for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), CAT_SELF, "self.sh")
    assert (r.stdout, r.stderr) == ('rc=1\nabc\n', 'cat: /tmp/self.txt: input file is output file\ncat: /tmp/self.txt: input file is output file\nabc\n')


EXEC_COMMAND = '( exec sleep 0.1; echo never )\necho "sub rc=$?"\n( exec true ); echo "true rc=$?"\n( exec false ); echo "false rc=$?"\n( exec nosuchcmd; echo never ); echo "missing rc=$?"\n( exec >/tmp/exo.txt; echo inside; exec cat /proc/self/comm )\ncat /tmp/exo.txt\n( exec sh_missing_x 2>/dev/null ); echo "rc=$?"\nexec echo last\necho never\n'


def test_exec_command():
    """``exec COMMAND`` replaces the (sub)shell's process and ends it with the command's status: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), EXEC_COMMAND, "ex.sh")
    assert (r.stdout, r.stderr, r.status) == ('sub rc=0\ntrue rc=0\nfalse rc=1\nmissing rc=127\ninside\ncat\nrc=127\nlast\n', 'ex.sh: line 5: exec: nosuchcmd: not found\n', 0)


BASH_PROGRAM = 'cd /\nbash -c \'echo "in -c: $0 $1 $2 $#"; exit 3\' myname a b; echo "rc=$?"\nbash -c \'echo $(( $$ == $BASHPID ))\' ; echo "rc=$?"\necho \'echo from stdin; false\' | bash; echo "rc=$?"\nprintf \'echo "file: $0 $*"\\nf() { echo fn; }; f\\n\' > /tmp/sub.sh\nbash /tmp/sub.sh x y\nX=exported; export X; Y=notexported\nbash -c \'echo "[$X] [$Y]"\'\nbash -c \'trap "echo bye" EXIT; sleep 0.1 & wait; echo waited\'\nbash -c \'cd /tmp; pwd\'; pwd\nbash -e -c \'false; echo never\'; echo "e rc=$?"\nbash -c \'echo $(( 1 +\'; echo "syntax rc=$?"\nbash /nonexistent.sh; echo "rc=$?"\nbash -c \'exec 2>&1; nosuchcmd\' \nbash -c "kill -9 \\$\\$" 2>/dev/null; echo "killed rc=$?"\n'


def test_bash_program():
    """``bash -c``/``bash FILE``/``bash`` reading stdin as programs: a new shell in the child's process (its own $0, $$, environment-only variables, options, EXIT trap, -c syntax errors): bash 5.2's output for the same script (pids aside)."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), BASH_PROGRAM, "bc.sh")
    err = re.sub(r"(line \d+: ) *\d+ Killed", r"\1N Killed", r.stderr)
    assert (r.stdout, err) == ('in -c: myname a b 2\nrc=3\n1\nrc=0\nfrom stdin\nrc=1\nfile: /tmp/sub.sh x y\nfn\n[exported] []\nwaited\nbye\n/tmp\n/\ne rc=1\nsyntax rc=2\nrc=127\nbash: line 1: nosuchcmd: command not found\nkilled rc=137\n', 'bash: -c: line 1: unexpected EOF while looking for matching `)\'\nbash: /nonexistent.sh: No such file or directory\nbc.sh: line 15: N Killed                  bash -c "kill -9 \\$\\$" 2> /dev/null\n')


JOB_RENDERING = 'sleep 5 >/dev/null 2>&1 & kill -9 $!; wait\nX=1 sleep 5 2>>/tmp/e.log <&0 3>&- & kill -9 $!; wait\nsleep   \'5\'  >|/tmp/f  &>/dev/null & kill -9 $!; wait\nsleep 5 <<< "x" >&2 2<&0 & kill -9 $!; wait\n'


def test_job_rendering():
    """bash's rendering of a killed job's command in its report: words as written, redirections as ``[N]OP WORD``, dups and closes with their fd: bash 5.2's output for the same script (pids aside)."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), JOB_RENDERING, "rend.sh")
    err = re.sub(r"(line \d+: ) *\d+ Killed", r"\1N Killed", r.stderr)
    assert (r.stdout, err) == ('', 'rend.sh: line 1: N Killed                  sleep 5 > /dev/null 2>&1\nrend.sh: line 2: N Killed                  X=1 sleep 5 2>> /tmp/e.log 0<&0 3>&-\nrend.sh: line 3: N Killed                  sleep \'5\' >| /tmp/f &> /dev/null\nrend.sh: line 4: N Killed                  sleep 5 <<< "x" 1>&2 2<&0\n')


GETOPTS = 'f() {\n  local OPTIND o\n  while getopts "ab:c" o "$@"; do\n    case $o in\n      a) echo "a";;\n      b) echo "b=$OPTARG";;\n      c) echo "c";;\n      \\?) echo "bad ($OPTARG)";;\n    esac\n  done\n  shift $((OPTIND-1)); echo "rest: $* OPTIND=$OPTIND"\n}\nf -a -b x -ac -- y z\nf -bval -z w\nf -b\nf plain -a\ng() { while getopts ":ab:" o; do echo "o=$o arg=${OPTARG-unset}"; done; echo "end $OPTIND"; }\ng -a -q -b\nset -- -x -y arg\nwhile getopts xy o; do echo "top $o"; done; echo $OPTIND\n'


def test_getopts():
    """getopts: clustered options, attached and separate arguments, ``--``, errors loud and silent, OPTIND local or global: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), GETOPTS, "go.sh")
    assert (r.stdout, r.stderr) == ('a\nb=x\na\nc\nrest: y z OPTIND=6\nb=val\nbad ()\nrest: w OPTIND=3\nbad ()\nrest:  OPTIND=2\nrest: plain -a OPTIND=1\no=a arg=unset\no=? arg=q\no=: arg=b\nend 4\n4\n', 'go.sh: illegal option -- z\ngo.sh: option requires an argument -- b\n')


MAPFILE = 'printf \'one\\ntwo words\\n\\nfour\' > /tmp/mf.txt\nmapfile -t a < /tmp/mf.txt; echo "${#a[@]} [${a[1]}] [${a[2]}] [${a[3]}]"\nreadarray b < /tmp/mf.txt; printf \'<%s>\' "${b[@]}"; echo\nmapfile -t -n 2 -s 1 c < /tmp/mf.txt; echo "${#c[@]} ${c[*]}"\nprintf \'x:y:z\' | { mapfile -d : -t d; echo "${d[@]} ${#d[@]}"; }\nexec 5</tmp/mf.txt; mapfile -u 5 -t; echo "${MAPFILE[0]} ${#MAPFILE[@]}"\nseq 3 | mapfile -t e; echo "e: ${#e[@]}"\n'


def test_mapfile():
    """mapfile/readarray: -t -n -s -d -u, the default MAPFILE, a pipeline's last stage in its own subshell: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), MAPFILE, "mf.sh")
    assert (r.stdout, r.stderr) == ('4 [two words] [] [four]\n<one\n><two words\n><\n><four>\n2 two words \nx y z 3\none 4\ne: 0\n', '')


ALIASES = 'alias ll="ls -l" g=grep\nalias ll; alias\nunalias g; alias g; echo rc=$?\nll /nonexistent 2>/dev/null; echo "ll rc=$?"\n'


def test_aliases():
    """aliases are defined and listed but not expanded in a script: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), ALIASES, "al.sh")
    assert (r.stdout, r.stderr) == ("alias ll='ls -l'\nalias g='grep'\nalias ll='ls -l'\nrc=1\nll rc=127\n", 'al.sh: line 3: alias: g: not found\n')


PROCESS_SUBSTITUTION = 'while read -r l; do echo "got $l"; done < <(printf \'a\\nb\\n\')\ncat <(echo one) <(echo two)\necho <(true) <(true)\nfor i in 1 2; do echo <(true); done\ndiff_like() { paste -d\' \' "$1" "$2"; }\nwc -l < <(seq 5)\ngrep -c x <(printf \'x\\ny\\nx\\n\')\nn=0; while read -r _; do n=$((n+1)); done < <(seq 3); echo "n=$n"\ncat /dev/stdin <<< "here"\nmapfile -t arr < <(seq 2); echo "${arr[@]}"\n'


def test_process_substitution():
    """``<(LIST)`` as /dev/fd/63 down (closed after its command), read by redirections, read loops, mapfile and commands' file operands; /dev/stdin: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), PROCESS_SUBSTITUTION, "ps.sh")
    assert (r.stdout, r.stderr) == ('got a\ngot b\none\ntwo\n/dev/fd/63 /dev/fd/62\n/dev/fd/63\n/dev/fd/63\n5\n2\nn=3\nhere\n1 2\n', '')


TIMED = """time sleep 1.5
time -p sleep 0.25
time { sleep 1; echo inner; } | cat
TIMEFORMAT='took %R s (%3lR) %%'; time sleep 2
echo "rc: $(time false 2>/dev/null; echo $?)"
"""


def test_time_keyword():
    """``time``, ``time -p`` and TIMEFORMAT, timing whole pipelines on the simulated
    clock (user and sys read 0): bash 5.2's report format for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), TIMED, "tm.sh")
    assert r.stdout == "inner\nrc: 1\n"
    assert re.fullmatch(r"\nreal\t0m1\.5\d\ds\nuser\t0m0\.000s\nsys\t0m0\.000s\n"
                        r"real 0\.2\d\nuser 0\.00\nsys 0\.00\n"
                        r"\nreal\t0m1\.0\d\ds\nuser\t0m0\.000s\nsys\t0m0\.000s\n"
                        r"took 2\.0\d\d s \(0m2\.0\d\ds\) %\ntook 0\.0\d\d s \(0m0\.0\d\ds\) %\n",
                        r.stderr), r.stderr


SHOPT_GLOBS = 'mkdir -p /tmp/sg && cd /tmp/sg && touch a .h\necho *.none; shopt -s nullglob; echo "[" *.none "]"; shopt nullglob; shopt -q nullglob && echo q\nshopt -u nullglob; echo *.none\nshopt -s dotglob; echo *; shopt -u dotglob; echo *\nshopt -p dotglob nullglob\nshopt -s failglob; echo *.none; echo "after rc=$?"\nshopt -u failglob\nshopt -s nosuchopt; echo "rc=$?"\n'


def test_shopt_globs():
    """shopt nullglob, failglob, dotglob (-s -u -q -p and the listing); unknown options refused as bash does: bash 5.2's output for the same script."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), SHOPT_GLOBS, "sh1.sh")
    assert (r.stdout, r.stderr) == ('*.none\n[ ]\nnullglob       \ton\nq\n*.none\n.h a\na\nshopt -u dotglob\nshopt -u nullglob\nrc=1\n', 'sh1.sh: line 6: no match: *.none\nsh1.sh: line 8: shopt: nosuchopt: invalid shell option name\n')
