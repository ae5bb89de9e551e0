"""awk: the reproducers' one-liners and the usual language features."""
import pytest

from fakesys_commands import FakeSys, run

STAT = "anon 1000\nfile 2000\nkernel_stack 16384\nslab 12345\nslab_reclaimable 100\n"
KEY = '$1==k {print $2; f=1; exit} END {if (!f) print -1}'


@pytest.fixture
def s():
    s = FakeSys()
    s.mkdir_p("/cg")
    s.put("/cg/memory.stat", STAT)
    s.put("/cg/memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n")
    return s


def awk(s, *args, stdin=""):
    r = run(s, ["awk", *args], stdin)
    return r.status, r.out, r.err


def test_key_lookup_like_cg_read_key_long(s):
    assert awk(s, "-v", "k=slab", KEY, "/cg/memory.stat") == (0, "12345\n", "")
    assert awk(s, "-v", "k=max", KEY, "/cg/memory.events") == (0, "12\n", "")
    assert awk(s, "-v", "k=oom_kill", KEY, "/cg/memory.events") == (0, "1\n", "")
    assert awk(s, "-v", "k=absent", KEY, "/cg/memory.stat") == (0, "-1\n", "")
    # stdin when no file operand
    assert awk(s, "-v", "k=file", KEY, stdin=STAT) == (0, "2000\n", "")


@pytest.mark.parametrize("prog,stdin,expect", [
    ("{print $1}", "a b\nc d\n", "a\nc\n"),
    ("{print $NF}", "a b c\n", "c\n"),
    ("{print $(NF-1)}", "a b c\n", "b\n"),
    ("{print NF}", "  a   b  \n\n", "2\n0\n"),
    ("{print NR \": \" $0}", "x\ny\n", "1: x\n2: y\n"),
    ("{s += $2} END {print s}", STAT, "31829\n"),
    ("{s += $2} END {printf \"%d %s\\n\", s, NR}", STAT, "31829 5\n"),
    ("/slab/", STAT, "slab 12345\nslab_reclaimable 100\n"),
    ("!/slab/ {n++} END {print n}", STAT, "3\n"),
    ("$2 > 1500", STAT, "file 2000\nkernel_stack 16384\nslab 12345\n"),
    ("$2 > 1500 && $1 ~ /^s/", STAT, "slab 12345\n"),
    ("$1 == \"anon\" || $1 == \"file\" {print $2}", STAT, "1000\n2000\n"),
    ("NR==2, NR==3", STAT, "file 2000\nkernel_stack 16384\n"),
    ("NR==1 {next} {print $1; exit}", STAT, "file\n"),
    ("BEGIN {x = 2; y = x ^ 3 * 2; print y, 7 % 3, -x, 10 / 4}", "", "16 1 -2 2.5\n"),
    ("BEGIN {print 1 \" \" 2, 1 2}", "", "1 2 12\n"),
    ("BEGIN {print length(\"abc\"), length()}", "", "3 0\n"),
    ("{print length}", "abcd\n", "4\n"),
    ("BEGIN {print substr(\"hello\", 2, 3), substr(\"hello\", 0), substr(\"hello\", 4)}", "", "ell hello lo\n"),
    ("BEGIN {print index(\"abc\", \"c\"), index(\"abc\", \"x\")}", "", "3 0\n"),
    ("BEGIN {n = split(\"a:b:c\", p, \":\"); print n, p[1], p[3]}", "", "3 a c\n"),
    ("BEGIN {n = split(\"  a b  \", p); print n, p[2]}", "", "2 b\n"),
    ("BEGIN {print sprintf(\"%05.1f|%-4s|%3d|%x|%c|%c\", 3.14159, \"ab\", 7, 255, 65, \"hi\")}", "",
     "003.1|ab  |  7|ff|A|h\n"),
    ("BEGIN {print toupper(\"abC\"), tolower(\"ABc\")}", "", "ABC abc\n"),
    ("BEGIN {s = \"aaa\"; n = gsub(/a/, \"b&\", s); print n, s}", "", "3 bababa\n"),
    ("{sub(/o/, \"0\"); print}", "foo\n", "f0o\n"),
    ("{gsub(/[0-9]+/, \"<&>\"); print}", "a1b22\n", "a<1>b<22>\n"),
    ("BEGIN {print match(\"foobar\", /ob/), RSTART, RLENGTH}", "", "3 3 2\n"),
    ("BEGIN {if (1 > 2) print \"no\"; else print \"yes\"}", "", "yes\n"),
    ("BEGIN {for (i = 0; i < 3; i++) s = s i; print s}", "", "012\n"),
    ("BEGIN {i = 0; while (i < 5) {i++; if (i == 2) continue; if (i == 4) break; s = s i}; print s}", "", "13\n"),
    ("BEGIN {do {i++} while (i < 3); print i}", "", "3\n"),
    ("{c[$1]++} END {for (k in c) print k, c[k]}", "a\nb\na\n", None),
    ("BEGIN {a[\"x\"]; if (\"x\" in a) print \"in\"; if (!(\"y\" in a)) print \"out\"; delete a[\"x\"]; print length(a)}",
     "", "in\nout\n0\n"),
    ("BEGIN {a[1,2] = 3; for (k in a) {split(k, p, SUBSEP); print p[1], p[2], a[1,2]}; if ((1,2) in a) print \"yes\"}",
     "", "1 2 3\nyes\n"),
    ("function f(a, b) {return a * b} BEGIN {print f(3, 4)}", "", "12\n"),
    ("function fact(n) {return n <= 1 ? 1 : n * fact(n - 1)} BEGIN {print fact(10)}", "", "3628800\n"),
    ("function fill(arr) {arr[\"k\"] = 1} BEGIN {fill(x); print x[\"k\"]}", "", "1\n"),
    ("function loc(x,   tmp) {tmp = x + 1; return tmp} BEGIN {tmp = 5; print loc(1), tmp}", "", "2 5\n"),
    ("BEGIN {x = \"10\"; y = \"9\"; print (x < y), (x+0 < y+0)}", "", "1 0\n"),
    ("{print ($1 < $2)}", "10 9\n", "0\n"),
    ("{print ($1 == 1.0)}", "1\n", "1\n"),
    ("{$2 = \"X\"; print; print NF}", "a b c\n", "a X c\n3\n"),
    ("BEGIN {OFS = \"-\"} {$1 = $1; print}", "a b c\n", "a-b-c\n"),
    ("{NF = 2; print}", "a b c\n", "a b\n"),
    ("{$5 = \"e\"; print; print NF}", "a b\n", "a b   e\n5\n"),
    ("BEGIN {printf \"%s=%d\\n\", \"x\", 3.9}", "", "x=3\n"),
    ("BEGIN {print 1e6, 0.1 + 0.2, 100000 * 100000, 1/3}", "", "1000000 0.3 1e+10 0.333333\n"),  # mawk: integers within INT_MAX
    ("BEGIN {x; print x + 0, x \"\", length(x)}", "", "0  0\n"),
    ("BEGIN {print int(3.9), int(-3.9), sqrt(16), exp(0), log(1)}", "", "3 -3 4 1 0\n"),
    ("BEGIN {print !0, !1, !\"\", !\"a\"}", "", "1 0 1 0\n"),
    ("BEGIN {x = 5; x += 2; x -= 1; x *= 3; x /= 2; x %= 5; print x; print x++ + ++x, x--, --x}", "",
     "4\n10 6 4\n"),
    ("BEGIN {s = \"a\"; s = s \"b\" \"c\"; print s}", "", "abc\n"),
    ("$1 ~ \"^k\"", STAT, "kernel_stack 16384\n"),
    ("$0 !~ /a/", "abc\nxyz\n", "xyz\n"),
    ("BEGIN {while ((getline line < \"/cg/memory.events\") > 0) n++; print n}", "", "5\n"),
    ("NR == 1 {getline; print \"after getline:\", $0, NR}", "a\nb\nc\n", "after getline: b 2\n"),
    ("BEGIN {print ENVIRON[\"HOME\"]}", "", "/root\n"),
    ("BEGIN {print ARGC, ARGV[1]}", "", "2 /cg/memory.stat\n"),
    ("# comment\nBEGIN {\n  x = 1   # trailing\n  if (x)\n    print \"ok\"\n  else\n    print \"no\"\n}", "", "ok\n"),
    ("BEGIN { printf(\"%d-%d\\n\", 1, 2) }", "", "1-2\n"),
    ("BEGIN { print(1, 2) }", "", "1 2\n"),
    ("{ print ($2 > 1500 ? \"big\" : \"small\") }", "a 2000\nb 3\n", "big\nsmall\n"),
    ("BEGIN { n = split(\"a1b2c\", p, /[0-9]/); print n, p[3] }", "", "3 c\n"),
    ("BEGIN { FS = \",\" } { print $2 }", "a,b\n", "b\n"),
    ("BEGIN { RS = \"\" } { print NR \": \" $1 \"/\" NF }", "a b\nc\n\n\nd\n", "1: a/3\n2: d/1\n"),
    ("END { print NR, $0 }", "x\ny\n", "2 y\n"),
    ("{ print > \"/dev/stderr\" }", "e\n", ""),
])
def test_awk_programs(s, prog, stdin, expect):
    args = [prog]
    if "ARGV" in prog:
        args.append("/cg/memory.stat")
    r = run(s, ["awk", *args], stdin, env={"HOME": "/root"})
    assert r.status == 0, r.err
    if expect is not None:
        assert r.out == expect


def test_awk_for_in_and_sorting_independent(s):
    st, o, e = awk(s, "{c[$1]++} END {for (k in c) print k, c[k]}", stdin="a\nb\na\n")
    assert sorted(o.splitlines()) == ["a 2", "b 1"]


def test_awk_options(s):
    assert awk(s, "-F:", "{print $2}", stdin="a:b\n")[1] == "b\n"
    assert awk(s, "-F", "\\t", "{print $2}", stdin="a b\tc\n")[1] == "c\n"
    assert awk(s, "-F", "[,;]", "{print $3}", stdin="a,b;c\n")[1] == "c\n"
    assert awk(s, "-v", "n=3", "BEGIN {print n * 2}")[1] == "6\n"
    assert awk(s, "-v", "s=a\\tb", "BEGIN {print s}")[1] == "a\tb\n"
    assert awk(s, "{print x, $1}", "x=7", "-", stdin="q\n")[1] == "7 q\n"
    s.put("/tmp/prog.awk", "{ print \"F:\" $1 }\n")
    assert awk(s, "-f", "/tmp/prog.awk", stdin="z\n")[1] == "F:z\n"


def test_awk_output_redirection(s):
    st, o, e = awk(s, '{print $1 > "/tmp/out"; print "x" >> "/tmp/out"}', stdin="a\nb\n")
    assert st == 0 and s.get("/tmp/out") == b"a\nx\nb\nx\n"
    r = run(s, ["awk", '{ print "err" > "/dev/stderr" }'], "x\n")
    assert r.err == "err\n" and r.out == ""


def test_awk_exit_status_and_errors(s):
    assert awk(s, "BEGIN {exit 3}")[0] == 3
    assert awk(s, "{exit 4} END {print \"end\"}", stdin="x\n")[:2] == (4, "end\n")
    st, o, e = awk(s, "{print $1", stdin="x\n")
    assert (st, e) == (2, "awk: line 2: missing } near end of file\n")   # Debian's awk, mawk 1.3.4
    st, o, e = awk(s, "BEGIN {x = = 1}")
    assert (st, e) == (2, "awk: line 1: syntax error at or near =\n")
    st, o, e = awk(s, "{print}", "/nope")
    assert st == 2 and e == 'awk: cannot open "/nope" (No such file or directory)\n'
    # mawk checks no divisor: the FPU's inf, and x86's default NaN (sign bit set)
    assert awk(s, "BEGIN {print 1/0, -1/0, 0/0, 5%0, log(-1), exp(1000)}") == (0, "inf -inf -nan -nan -nan inf\n", "")
    st, o, e = awk(s)
    assert st == 2 and e.startswith("Usage: awk")


def test_awk_program_cache(s):
    """A program run again is not parsed again (awk_compile._compile_program's cache)."""
    from memcgsim.shell.commands.awk_compile import _compile_program
    assert awk(s, "-v", "k=slab", KEY, "/cg/memory.stat")[1] == "12345\n"
    hits = _compile_program.cache_info().hits
    for _ in range(30):
        assert awk(s, "-v", "k=slab", KEY, "/cg/memory.stat")[1] == "12345\n"
    assert _compile_program.cache_info().hits == hits + 30


def test_awk_big_input(s):
    data = "".join(f"k{i} {i}\n" for i in range(50000))
    st, o, e = awk(s, "{s += $2} END {print s, NR}", stdin=data)
    assert o == f"{sum(range(50000))} 50000\n"


def test_awk_numbers_as_strtod_reads_them(s):
    """mawk and busybox awk read numbers in strings with glibc's strtod (hexadecimal,
    inf, nan); busybox's my_strtod also reads 0-led octal, in the program too; which
    input strings are numbers differs (mawk: check_strnum's first and last chars)."""
    words = "0x10 011 inf 0x1f 0x1p3 08 12abc"
    prog = '{for (i = 1; i <= NF; i++) printf "%s:%s:%s ", $i, $i + 0, ($i < 2) ? "lt" : "ge"; print ""}'
    assert awk(s, prog, stdin=words + "\n")[1] == (
        "0x10:16:ge 011:11:ge inf:inf:ge 0x1f:31:lt 0x1p3:8:ge 08:8:ge 12abc:12:lt \n")
    assert awk(s, "BEGIN {print 0x10, 011, 1.5.3}")[1] == "0 11 1.50.3\n"

