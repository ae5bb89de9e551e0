"""Interpreter unit tests against the in-memory SysAPI double (tests/shell/fakesys.py)."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from fakesys import FAKE_COMMANDS, FakeSys  # noqa: E402

from memcgsim.shell import Shell, run_script  # noqa: E402


def run(text: str, fs: FakeSys | None = None, **kw):
    fs = fs or FakeSys()
    return run_script(fs, text, "t.sh", commands=FAKE_COMMANDS, **kw)


def out(text: str, **kw) -> str:
    return run(text, **kw).stdout


# -- expansion ---------------------------------------------------------------------------------
@pytest.mark.parametrize("script,expected", [
    ("echo hello   world", "hello world\n"),
    ("x='a  b'; echo $x; echo \"$x\"", "a b\na  b\n"),
    ("echo range{1..3}", "range1 range2 range3\n"),
    ("echo {a,b}{1,2} x{01..03}", "a1 a2 b1 b2 x01 x02 x03\n"),
    ("echo '{a,b}' \"{c,d}\" ${x:-{e,f}}", "{a,b} {c,d} {e,f}\n"),
    ("v=; echo \"${v:-def}\" \"${v-unset}\" \"${u-unset}\"", "def  unset\n"),
    ("echo ${v:=set}; echo $v", "set\nset\n"),
    ("a=x; echo \"${a:+alt}\" \"${b:+alt}\" end", "alt  end\n"),
    ("p=/a/b/c.txt; echo ${p#*/} ${p##*/} ${p%/*} ${p%%.*} ${#p}", "a/b/c.txt c.txt /a/b /a/b/c 10\n"),
    ("s=hello; echo ${s/l/L} ${s//l/L} ${s:1:3} ${s^^}", "heLlo heLLo ell HELLO\n"),
    ("set -- a 'b c' d; echo $# \"$2\"; for x in \"$@\"; do echo \"<$x>\"; done", "3 b c\n<a>\n<b c>\n<d>\n"),
    ("set -- a 'b c'; for x in $@; do echo \"<$x>\"; done", "<a>\n<b>\n<c>\n"),
    ("set -- a b; echo \"$*\"; IFS=:; echo \"$*\"", "a b\na:b\n"),
    ("echo \"a'b\" 'c\"d' $'e\\tf' \\$x", "a'b c\"d e\tf $x\n"),
    ("x=$(echo hi there); echo \"[$x]\" `echo bq` \"$(echo \"nested $(echo deep)\")\"",
     "[hi there] bq nested deep\n"),
    ("x=$(printf 'a\\n\\n\\n'); echo \"[$x]\"", "[a]\n"),
    ("IFS=:; x=a:b::c; for f in $x; do echo \"<$f>\"; done", "<a>\n<b>\n<>\n<c>\n"),
    ("e=; set -- $e \"\" $e; echo $#", "1\n"),
    ("echo ~ ~/x '~'", "/root /root/x ~\n"),
    ("a=1; f() { echo $a; }; a=2 f; echo $a", "2\n1\n"),
])
def test_expansion(script, expected):
    assert out(script) == expected


def test_glob_over_simulated_fs():
    fs = FakeSys()
    fs.dirs.add("/tmp/d")
    for n in ("b.txt", "a.txt", "c.log", ".hidden.txt"):
        fs.files["/tmp/d/" + n] = bytearray()
    r = run("cd /tmp/d; echo *.txt; echo /tmp/d/*.log; echo '*'.txt; echo *.none; echo [ab].txt", fs)
    assert r.stdout == "a.txt b.txt\n/tmp/d/c.log\n*.txt\n*.none\na.txt b.txt\n"


# -- arithmetic --------------------------------------------------------------------------------------
@pytest.mark.parametrize("expr,value", [
    ("1+2*3", "7"), ("(1+2)*3", "9"), ("7/2", "3"), ("-7/2", "-3"), ("-7%3", "-1"), ("2**10", "1024"),
    ("1<<20", "1048576"), ("30 << 20", "31457280"), ("5>3 && 2>3", "0"), ("!0", "1"), ("~0", "-1"),
    ("3>2 ? 10 : 20", "10"), ("0x10 + 010", "24"), ("2#101", "5"), ("x=5, x*2", "10"),
    ("9223372036854775807 + 1", "-9223372036854775808"), ("(a + b) / 100 * e", "0"),
])
def test_arith_expansion(expr, value):
    assert out(f"echo $(( {expr} ))") == value + "\n"


def test_arith_variables_and_assignment_ops():
    s = "i=3; j=i+1; ((i++)); ((k = i * 2)); ((k += 1, k <<= 1)); echo $i $((j)) $k $((i--)) $i $((++i))"
    assert out(s) == "4 5 18 4 3 4\n"  # j is evaluated when used: i+1 with i=4


def test_arith_command_status_and_division_error():
    r = run("((0)); echo $?; ((5)); echo $?\necho $((1/0)); echo same-line\necho next-line")
    assert r.stdout == "1\n0\nnext-line\n"
    assert r.stderr == 't.sh: line 2: 1/0: division by 0 (error token is "0")\n'


def test_c_style_for_and_loop_control():
    s = ("for ((i = 0; i < 5; i++)); do [ $i -eq 1 ] && continue; [ $i -eq 3 ] && break; echo $i; done;"
         " for a in 1 2; do for b in x y; do [ $b = y ] && continue 2; echo $a$b; done; done")
    assert out(s) == "0\n2\n1x\n2x\n"


# -- control flow ------------------------------------------------------------------------------------
def test_if_elif_else_while_until():
    s = ("if false; then echo a; elif true; then echo b; else echo c; fi\n"
         "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i\n"
         "until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i")
    assert out(s) == "b\n3\n0\n"


def test_and_or_not_and_status():
    s = "true && echo a || echo b; false && echo c || echo d; ! false; echo $?; ! true; echo $?; ext_false; echo $?"
    assert out(s) == "a\nd\n0\n1\n1\n"


def test_case():
    s = """for w in foo bar baz 'a b' x.c; do
  case $w in
    foo|bar) echo "fb:$w";;
    b*) echo "b:$w" ;;
    "a b") echo quoted;;
    *.c) echo c-file; ;;
  esac
done
case x in (x) echo paren;; esac
case y in x) echo no;; *) echo default;; esac
case z in z) echo one;& y) echo fall;; q) echo never;; esac"""
    assert out(s) == "fb:foo\nfb:bar\nb:baz\nquoted\nc-file\nparen\ndefault\none\nfall\n"


def test_conditional_command():
    fs = FakeSys()
    fs.files["/tmp/f"] = bytearray(b"x")
    s = ("[[ -d /tmp && -f /tmp/f && -s /tmp/f ]] && echo files; [[ abc == a* ]] && echo glob; "
         "[[ abc == 'a*' ]] || echo literal; [[ 10 -gt 9 && ! -e /nope ]] && echo num; "
         "[[ -z '' || x ]] && echo or; [[ ab < b ]] && echo lt; [[ foo =~ ^f(o+)$ ]] && echo re")
    assert run(s, fs).stdout == "files\nglob\nliteral\nnum\nor\nlt\nre\n"


def test_functions_local_return_and_dynamic_scope():
    s = """x=global
inner() { echo "inner sees $x"; }
f() { local x=local y; y=$1; inner; return $(( $# + 40 )); }
f a b; echo "status $? x=$x y=${y-unset}"
g() { echo "$1-$2"; }; g "a b" c
function h { echo "h $#"; }; h 1 2 3
values_close() { local a=$1 b=$2 e=$3 d=$(( $1 - $2 )); [ $d -lt 0 ] && d=$(( -d )); [ $d -le $(( (a + b) / 100 * e )) ]; }
values_close 100 104 5; echo close=$?; values_close 100 120 5; echo close=$?"""
    assert out(s) == "inner sees local\nstatus 42 x=global y=unset\na b-c\nh 3\nclose=0\nclose=1\n"


def test_subshell_and_brace_group_isolation():
    s = "x=1; (x=2; echo in $x); echo out $x; { x=3; echo grp $x; }; echo $x; (exit 7); echo $?"
    assert out(s) == "in 2\nout 1\ngrp 3\n3\n7\n"


def test_exit_status_and_exit_builtin():
    r = run("echo a; exit 3; echo b")
    assert (r.stdout, r.status) == ("a\n", 3)
    assert run("exit3; x=$?; exit $x").status == 3
    assert run("false").status == 1


# -- set -e / -u / -x / pipefail -------------------------------------------------------------------------
def test_set_e_exits_but_not_in_conditions():
    s = "set -e; if false; then :; fi; false || true; false && true; ! true; f() { false; echo f-ran; }; f || echo caught; echo before; false; echo after"
    r = run(s)
    assert r.stdout == "f-ran\nbefore\n"
    assert r.status == 1


def test_set_u_and_x_and_pipefail():
    r = run("set -u; echo ${x:-ok}; echo $undefined; echo never")
    assert r.stdout == "ok\n"
    assert r.stderr == "t.sh: line 1: undefined: unbound variable\n"
    assert r.status == 1
    r = run("set -x; echo hi 'a b'; set +x; echo quiet")
    assert r.stdout == "hi a b\nquiet\n"
    assert r.stderr == "+ echo hi 'a b'\n+ set +x\n"
    assert out("ext_false | cat; echo $?; set -o pipefail; ext_false | cat; echo $?") == "0\n1\n"


# -- redirections ------------------------------------------------------------------------------------------
def test_redirections():
    fs = FakeSys()
    s = ("echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; cat /tmp/f /nope 2>/dev/null; echo st=$?;"
         " cat /nope 2>&1 | cat > /tmp/err; cat /tmp/err; echo both &> /tmp/b; cat /tmp/b;"
         " { echo grouped; cat /nope; } > /tmp/g 2>&1; cat /tmp/g; read line < /tmp/f; echo \"[$line]\"")
    r = run(s, fs)
    assert r.stdout == ("one\ntwo\none\ntwo\nst=1\ncat: /nope: No such file or directory\nboth\n"
                        "grouped\ncat: /nope: No such file or directory\n[one]\n")
    assert r.stderr == ""


def test_each_echo_is_one_write():
    """One write per line: bash line-buffers stdout (recordings cgroupfs-write-tools*:
    ``printf '%s\\n' 8M 9M > memory.max`` leaves 9M)."""
    fs = FakeSys()
    run("echo $$ > /tmp/procs; printf '%s\\n' a b > /tmp/p; printf 'x y' > /tmp/q", fs)
    writes = [(e[1], e[2]) for e in fs.events("write")]
    assert writes == [("/tmp/procs", b"101\n"), ("/tmp/p", b"a\n"), ("/tmp/p", b"b\n"),
                      ("/tmp/q", b"x y")]


def test_redirection_failure_message_and_continue():
    r = run("echo hi > /x/y\necho $?\ncat < /x/z; echo $?")
    assert r.stdout == "1\n1\n"
    assert r.stderr == ("t.sh: line 1: /x/y: No such file or directory\n"
                        "t.sh: line 3: /x/z: No such file or directory\n")


def test_heredoc_and_herestring():
    s = "x=v\ncat <<EOF\na $x\nb\nEOF\ncat <<'E'\nraw $x\nE\nread a b <<< 'one two three'; echo \"$a|$b\""
    assert out(s) == "a v\nb\nraw $x\none|two three\n"


# -- errors -----------------------------------------------------------------------------------------------
def test_write_error_of_builtin():
    r = run("echo 1 > /tmp/busy\necho rc=$?")
    assert r.stderr == "t.sh: line 1: echo: write error: Device or resource busy\n"
    assert r.stdout == "rc=1\n"


def test_command_not_found_forks_and_reports():
    fs = FakeSys()
    r = run("\n\nfoo bar\necho $?", fs)
    assert r.stderr == "t.sh: line 3: foo: command not found\n"
    assert r.stdout == "127\n"
    assert len(fs.events("fork")) == 1 and fs.events("exit")[0][2] == 127


def test_unsupported_syntax_reported_before_running():
    fs = FakeSys()
    r = run("echo first\ntime\necho never", fs)
    assert r.stdout == ""
    assert r.stderr == "memcgsim: t.sh:2: unsupported: the time keyword\n"
    assert r.status == 2


@pytest.mark.parametrize("line,what", [
    ("time", "the time keyword"),
    ("{ echo; } {fd}>/tmp/o", "a {NAME} redirection of a compound command")])
def test_unsupported_constructs_are_named(line, what):
    r = run(f"echo first\n{line}\n")
    assert (r.stdout, r.stderr, r.status) == ("", f"memcgsim: t.sh:2: unsupported: {what}\n", 2)


def test_braces_apart_from_a_redirection_are_a_word():
    r = run("echo {fd} >/dev/null; echo {a,b}>/dev/null; echo x {fd}\n")
    assert (r.stdout, r.status) == ("x {fd}\n", 0)


def test_unsupported_at_runtime_stops_there():
    r = run("echo first\nshopt -s extdebug\necho never")
    assert r.stdout == "first\n"
    assert r.stderr == "memcgsim: t.sh:2: unsupported: shopt -s extdebug\n"
    assert r.status == 2


def test_syntax_error():
    # bash 5.2: the complete commands before the error run first (reader_loop)
    r = run("echo a\nif true; then\necho b\n")
    assert r.status == 2
    assert r.stdout == "a\n"
    assert r.stderr == "t.sh: line 4: syntax error: unexpected end of file\n"


def test_syntax_error_token_line_and_crlf():
    # bash 5.2 on a CRLF script: "do\r" is a word, not the reserved word; the
    # token is $'...'-quoted, the offending input line printed as it is
    r = run("echo one\r\nfor i in a\r\ndo\r\n  echo x\r\ndone\r\necho after\r\n")
    assert (r.stdout, r.status) == ("one\r\n", 2)
    assert r.stderr == ("t.sh: line 3: syntax error near unexpected token `$'do\\r''\n"
                        "t.sh: line 3: `do\r'\n")
    # the error's line found by bisection: the 200 commands before it run
    r = run("".join(f"echo {i}\n" for i in range(200)) + "if true; then\n  x )\nfi\n")
    assert (r.stdout, r.status) == ("".join(f"{i}\n" for i in range(200)), 2)
    assert r.stderr == ("t.sh: line 202: syntax error near unexpected token `)'\n"
                        "t.sh: line 202: `  x )'\n")
    r = run("echo a; foo ) ; echo b\necho c\n")
    assert (r.stdout, r.status) == ("", 2)
    assert r.stderr == ("t.sh: line 1: syntax error near unexpected token `)'\n"
                        "t.sh: line 1: `echo a; foo ) ; echo b'\n")


# -- processes ---------------------------------------------------------------------------------------------
def test_external_command_is_fork_exec_exit_reap():
    fs = FakeSys()
    run("ext_true", fs)
    kinds = [e[0] for e in fs.log if e[0] in ("spawn", "fork", "exec", "exit", "reap")]
    assert kinds == ["spawn", "fork", "exec", "exit", "reap", "exit", "reap"]
    assert fs.events("exec")[0][2:] == ("/bin/ext_true", ["ext_true"])


def test_command_substitution_of_one_command_execs_in_subshell():
    fs = FakeSys()
    r = run("x=$(seq 2); echo $x; y=$(echo a; seq 1); echo $y", fs)
    assert r.stdout == "1 2\na 1\n"
    # $(seq 2): one fork (subshell exec'ed as seq); $(echo a; seq 1): one too, the
    # list's last command exec'ed in the subshell (bash 5.2's optimize_connection_fork)
    assert len(fs.events("fork")) == 2
    assert [e[2] for e in fs.events("exec")] == ["/bin/seq", "/bin/seq"]


def test_pids_bashpid_and_builtins_in_shell_task():
    fs = FakeSys()
    r = run("echo $$ $BASHPID; (echo $$ $BASHPID); echo $(echo $BASHPID)", fs)
    assert r.stdout == "101 101\n101 102\n103\n"
    assert fs.events("exec") == []


def test_pipeline_each_stage_forks():
    fs = FakeSys()
    r = run("seq 3 | tr 123 abc | cat", fs)
    assert r.stdout == "a\nb\nc\n"
    assert len(fs.events("fork")) == 3


# -- jobs and time -------------------------------------------------------------------------------------------
def test_background_job_runs_to_first_sleep_before_parent_continues():
    s = "( echo job-start; sleep 2; echo job-end ) & echo parent; sleep 1; echo parent-1s; wait; echo done"
    r = run(s)
    assert r.stdout == "job-start\nparent\nparent-1s\njob-end\ndone\n"


def test_sleep_advances_clock_and_wakes_jobs_in_time_order():
    fs = FakeSys()
    s = ("(sleep 3; echo c) & (sleep 1; echo a) & (sleep 2; echo b) &\n"
         "sleep 2; echo main-2; wait; echo end")
    r = run(s, fs)
    assert r.stdout == "a\nb\nmain-2\nc\nend\n"
    assert fs.now == 3.0


def test_wait_pid_status_and_kill():
    s = ("sleep 100 & p=$!; ext_true & q=$!; wait $q; echo q=$?; kill -9 $p; wait $p; echo p=$?;"
         " sleep 50 & kill -s TERM $!; wait $!; echo t=$?; kill -KILL 99999; echo k=$?")
    r = run(s)
    assert r.stdout == "q=0\np=137\nt=143\nk=1\n"
    assert "kill: (99999) - No such process" in r.stderr


def test_wait_forever_is_capped():
    r = run("sleep inf & wait; echo after=$?")
    assert r.stdout == "after=127\n"
    assert "wait would block forever" in r.stderr


def test_jobs_p_and_kill_all():
    fs = FakeSys()
    r = run("for i in 1 2 3; do sleep 100 & done; jobs -p | wc; kill $(jobs -p); wait; echo done", fs)
    assert r.stdout == "3\ndone\n"
    assert len(fs.events("kill")) == 3


def test_background_jobs_left_running_at_end():
    fs = FakeSys()
    run("sleep 3600 & sleep 3600 &", fs)
    sleepers = [t for t in fs.tasks.values() if t.comm == "sleep"]
    assert len(sleepers) == 2 and all(t.state == "running" for t in sleepers)


def test_task_killed_in_syscall_unwinds_subshell():
    fs = FakeSys()
    r = run("(echo x > /tmp/killme; echo not-printed); echo after=$?", fs)
    assert r.stdout == "after=137\n"
    assert "Killed" in r.stderr


def test_main_shell_killed_ends_script():
    r = run("echo a; echo x > /tmp/killme; echo b")
    assert (r.stdout, r.status) == ("a\n", 137)


def test_random_is_seeded():
    a = out("echo $RANDOM $RANDOM", seed=1)
    assert a == out("echo $RANDOM $RANDOM", seed=1)
    assert a != out("echo $RANDOM $RANDOM", seed=2)


# -- builtins ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("script,expected", [
    ("printf '%5d|%-4s|%x|%u\\n' 42 ab 255 7", "   42|ab  |ff|7\n"),
    ("printf '%s-%s\\n' a b c", "a-b\nc-\n"),
    ("printf -v n '/x-%64d-%d' 3 7; echo ${#n} \"${n:0:4}\"", "69 /x- \n"),
    ("printf '%ld %lu %%\\n' -3 4", "-3 4 %\n"),
    ("echo -n a; echo -e 'b\\tc'; echo -e 'd\\c' e; echo", "ab\tc\nd\n"),
    ("test 1 -eq 1 && [ a = a ] && [ ! -e /nope ] && [ -n x -a -z '' ] && echo ok", "ok\n"),
    ("[ 2 -lt 1 -o 3 -gt 2 ] && echo or; [ \\( a = b \\) ] || echo paren", "or\nparen\n"),
    ("[ abc -eq 1 ]; echo $?", "2\n"),
    ("cd /tmp; pwd; cd /; echo $PWD $OLDPWD", "/tmp\n/ /tmp\n"),
    ("shift_() { shift; echo $@; shift 5; echo $?; }; shift_ a b c", "b c\n1\n"),
    ("read a b <<< 'x y z'; echo \"$a|$b\"; unset a; echo ${a-gone}", "x|y z\ngone\n"),
    ("eval 'x=5; echo $x'; echo $x", "5\n5\n"),
    ("export A=1; type echo cd_nope 2>/dev/null; command -v echo cat", "echo is a shell builtin\necho\n/usr/bin/cat\n"),
    ("let x=2+3; echo $x", "5\n"),
])
def test_builtins(script, expected):
    assert out(script) == expected


def test_printf_invalid_number():
    r = run("printf '%d\\n' abc")
    assert r.stdout == "0\n"
    assert r.stderr == "t.sh: line 1: printf: abc: invalid number\n"


def test_cd_errors():
    r = run("cd /nope; echo $?")
    assert r.stdout == "1\n"
    assert r.stderr == "t.sh: line 1: cd: /nope: No such file or directory\n"


def test_source_and_return():
    fs = FakeSys()
    fs.files["/tmp/lib.sh"] = bytearray(b"libvar=1\nlibf() { echo lib $1; }\nreturn 4\necho no\n")
    r = run(". /tmp/lib.sh; echo $? $libvar; libf x", fs)
    assert r.stdout == "4 1\nlib x\n"


def test_shell_class_keeps_state_between_runs():
    fs = FakeSys()
    sh = Shell(fs, script_name="s.sh", commands=FAKE_COMMANDS)
    assert sh.run("x=1; f() { echo f$x; }").status == 0
    r = sh.run("f; echo $x")
    assert r.stdout == "f1\n1\n"
    assert r.output == [("out", "f1\n"), ("out", "1\n")]


def test_output_interleaving():
    r = run("echo a; echo b >&2; echo c")
    assert r.output == [("out", "a\n"), ("err", "b\n"), ("out", "c\n")]


def test_line_numbers_in_functions_and_loops():
    s = "f() {\n  nope1\n}\nfor i in 1; do\n  f\n  nope2\ndone"
    r = run(s)
    assert r.stderr == "t.sh: line 2: nope1: command not found\nt.sh: line 6: nope2: command not found\n"


def test_bashlex_parser_is_cached_across_processes(tmp_path):
    """The parser bashlex builds on import (productions and LALR tables) is stored
    once and read back the next time (memcgsim.shell.lrcache); the parser built
    from them is the same, its rules bound to the same functions."""
    import subprocess
    import sys
    code = ("import hashlib; from memcgsim.shell import parser; parser._bashlex(); import bashlex.parser as p; "
            "y = p.yaccparser; "
            "t = [sorted((s, sorted(d.items())) for s, d in tab.items()) for tab in (y.action, y.goto)]; "
            "t.append([(q.number, q.name, q.len, q.str, q.prec, q.func, q.callable and q.callable.__qualname__) for q in y.productions]); "
            "t.append(sorted(y.defaulted_states.items())); t.append(y.errorfunc.__qualname__); "
            "print(hashlib.sha256(repr(t).encode()).hexdigest())")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    built = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    cached = list((tmp_path / "memcgsim").glob("bashlex-parser-*.marshal"))
    assert len(cached) == 1
    loaded = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert built.returncode == loaded.returncode == 0, built.stderr + loaded.stderr
    assert built.stdout == loaded.stdout and len(built.stdout) == 65
    # a damaged cache file is rebuilt, not trusted
    cached[0].write_bytes(b"\x00garbage")
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert again.stdout == built.stdout


def test_parsed_programs_are_kept_across_processes(tmp_path):
    """A program parsed once is read back by the next process (shell/parsecache.py),
    which runs it the same without importing bashlex; a damaged file is parsed
    anew."""
    import subprocess
    import sys
    code = ("import sys, memcgsim; r = memcgsim.run('for i in 1 2; do echo $((i * 3)) >&2; done | cat; "
            "echo `echo x`', kernel='5.12'); print(repr((r.stdout, r.stderr, r.status)), 'bashlex' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def once() -> str:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout
    first, second = once(), once()
    assert first == repr(("x\n", "3\n6\n", 0)) + " True\n"
    assert second == first.replace("True", "False")
    kept = list((tmp_path / "memcgsim" / "parsed").glob("*.pickle"))
    assert len(kept) == 1
    kept[0].write_bytes(b"\x80garbage")
    assert once() == first


def test_parse_cache_keeps_the_newest_files(tmp_path, monkeypatch):
    """Past twice ``MAX_FILES`` trees the oldest files go, down to ``MAX_FILES``;
    a text is read back only as itself (a file of another text under its name is
    not trusted)."""
    import os as os_
    from memcgsim.shell import parsecache
    from memcgsim.shell.parser import Src, parse
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(parsecache, "MAX_FILES", 2)
    texts = [f"echo {c}" for c in "abcde"]
    for n, t in enumerate(texts):
        parsecache.store(t, parse(Src(t)))
        os_.utime(parsecache._path(t), (n, n))      # in order, whatever the clock's grain
        if n == 3:
            assert all(parsecache.load(t) is not None for t in texts[:4])
    assert [parsecache.load(t) for t in texts[:3]] == [None] * 3
    assert [parsecache.load(t).items[0][0].text for t in texts[3:]] == texts[3:]
    os_.replace(parsecache._path("echo d"), parsecache._path("echo e"))
    assert parsecache.load("echo e") is None


def test_bad_substitution_abandons_only_its_top_level_command():
    """As bash reads a script file: the error is found when the word is expanded,
    the rest of that top-level command is dropped, the script reads on."""
    r = run("echo a; echo ${x!y}; echo b\necho c\nf() { echo in; echo ${}; echo after; }\n"
            "f\necho end\n")
    assert (r.stdout, r.status) == ("a\nc\nin\nend\n", 0)
    assert r.stderr == ("t.sh: line 1: ${x!y}: bad substitution\n"
                        "t.sh: line 3: ${}: bad substitution\n")


def test_a_long_flat_sum_is_no_deep_recursion():
    """bash's ``expaddsub`` loops over a sum's terms: 5000 of them evaluate (the
    model once nested a closure per term and hit its recursion limit)."""
    r = run('e=7; for i in $(seq 5000); do e+=-1+2; done; echo $((e)) $((1-2+3-4)) $((2+3*4-1))\n'
            'echo $((1+2/0))')
    assert r.stdout == "5007 -2 13\n"
    assert "division by 0 (error token is \"0\")" in r.stderr


def test_nodename_one_accessor():
    """HOSTNAME, the prompt's ``\\h``/``\\H``, ``uname -n`` and ``hostname`` all ask
    ``SysAPI.uname_nodename`` (the fake system's is ``fakehost``)."""
    from memcgsim.shell.commands.procutils import cmd_hostname, cmd_uname
    cmds = {**FAKE_COMMANDS, "uname": cmd_uname, "hostname": cmd_hostname}
    r = run_script(FakeSys(), 'p="\\h \\H"; echo "$HOSTNAME ${p@P}"; uname -n; hostname', "t.sh",
                   commands=cmds)
    assert (r.stdout, r.stderr, r.status) == ("fakehost fakehost fakehost\nfakehost\nfakehost\n", "", 0)
