"""Text filters: grep, sed, cut, tr, wc, head, tail, sort, uniq, seq (fake SysAPI)."""
import pytest

from fakesys_commands import FakeSys, run
from memcgsim.sysapi import TaskKilled

STAT = "anon 1000\nfile 2000\nkernel_stack 16384\nslab 12345\nslab_reclaimable 100\n"


@pytest.fixture
def sys_():
    s = FakeSys()
    s.mkdir_p("/cg")
    s.put("/cg/memory.stat", STAT)
    s.put("/cg/cgroup.controllers", "cpu io memory pids\n")
    return s


def out(s, argv, stdin=b"", **kw):
    r = run(s, argv, stdin, **kw)
    return r.status, r.out, r.err


# --- grep -------------------------------------------------------------------------------

@pytest.mark.parametrize("argv,stdin,expect", [
    (["grep", "memory"], "cpu 1\nmemory 2\nmemory.x 3\n", (0, "memory 2\nmemory.x 3\n")),
    (["grep", "-w", "memory"], "memoryx\nmemory 2\n", (0, "memory 2\n")),
    (["grep", "-v", "a"], "a\nb\nca\n", (0, "b\n")),
    (["grep", "-c", "a"], "a\nb\nca\n", (0, "2\n")),
    (["grep", "-c", "z"], "a\n", (1, "0\n")),
    (["grep", "-E", "^(a|b)+$"], "ab\nabc\nba\n", (0, "ab\nba\n")),
    (["grep", "a\\|b"], "a\nb\nc\n", (0, "a\nb\n")),
    (["grep", "x\\{2\\}"], "x\nxx\n", (0, "xx\n")),
    (["grep", "a+"], "a+\naa\n", (0, "a+\n")),
    (["grep", "-o", "[0-9]\\+"], "a12b3\nno\n", (0, "12\n3\n")),
    (["grep", "-e", "x", "-e", "y"], "x\ny\nz\n", (0, "x\ny\n")),
    (["grep", "-i", "MEM"], "memory\n", (0, "memory\n")),
    (["grep", "-x", "ab"], "ab\nabc\n", (0, "ab\n")),
    (["grep", "-F", "a.b"], "a.b\naxb\n", (0, "a.b\n")),
    (["grep", "-n", "b"], "a\nb\n", (0, "2:b\n")),
    (["grep", "[[:digit:]]"], "a\n1\n", (0, "1\n")),
    (["grep", "-E", "nr_dying_descendants"], "nr_descendants 2\nnr_dying_descendants 5\n",
     (0, "nr_dying_descendants 5\n")),
])
def test_grep(sys_, argv, stdin, expect):
    st, o, e = out(sys_, argv, stdin)
    assert (st, o) == expect and e == ""


def test_grep_quiet_and_files(sys_):
    assert out(sys_, ["grep", "-qw", "memory", "/cg/cgroup.controllers"]) == (0, "", "")
    assert out(sys_, ["grep", "-qw", "mem", "/cg/cgroup.controllers"]) == (1, "", "")
    st, o, e = out(sys_, ["grep", "slab", "/cg/memory.stat", "/cg/cgroup.controllers"])
    assert st == 0 and o == "/cg/memory.stat:slab 12345\n/cg/memory.stat:slab_reclaimable 100\n"
    st, o, e = out(sys_, ["grep", "-h", "cpu", "/cg/memory.stat", "/cg/cgroup.controllers"])
    assert o == "cpu io memory pids\n"


def test_grep_errors(sys_):
    assert out(sys_, ["grep", "x", "/nope"]) == (2, "", "grep: /nope: No such file or directory\n")
    # a match elsewhere still gives 2 because of the error, unless -q
    st, o, e = out(sys_, ["grep", "anon", "/cg/memory.stat", "/nope"])
    assert st == 2 and o == "/cg/memory.stat:anon 1000\n"
    assert out(sys_, ["grep", "-q", "anon", "/cg/memory.stat", "/nope"])[0] == 0
    assert out(sys_, ["grep", "-s", "x", "/nope"]) == (2, "", "")
    st, o, e = out(sys_, ["grep", "-j", "x"])
    assert st == 2 and e == ("grep: invalid option -- 'j'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
                             "Try 'grep --help' for more information.\n")
    st, o, e = out(sys_, ["grep"])
    assert st == 2 and e.startswith("Usage: grep")
    st, o, e = out(sys_, ["grep", "-E", "a("])
    assert st == 2 and e == "grep: Unmatched ( or \\(\n"
    assert out(sys_, ["grep", "x", "/cg"])[0] == 2


# --- sed --------------------------------------------------------------------------------

@pytest.mark.parametrize("argv,stdin,expect", [
    (["sed", "s/a/b/"], "aaa\n", "baa\n"),
    (["sed", "s/a/b/g"], "aaa\nxa\n", "bbb\nxb\n"),
    (["sed", "s/a/b/2"], "aaa\n", "aba\n"),
    (["sed", "s/x*/-/g"], "abc\n", "-a-b-c-\n"),
    (["sed", "s/a*/x/g"], "baaac\n", "xbxcx\n"),
    (["sed", "s/\\(.*\\)=\\(.*\\)/\\2=\\1/"], "k=v\n", "v=k\n"),
    (["sed", "-E", "s/([0-9]+)/<\\1>/"], "a12b\n", "a<12>b\n"),
    (["sed", "s/[0-9]/&&/g"], "a1\n", "a11\n"),
    (["sed", "s|/|_|g"], "/a/b\n", "_a_b\n"),
    (["sed", "-n", "2p"], "1\n2\n3\n", "2\n"),
    (["sed", "-n", "$p"], "1\n2\n3\n", "3\n"),
    (["sed", "2d"], "1\n2\n3\n", "1\n3\n"),
    (["sed", "/b/d"], "a\nb\nc\n", "a\nc\n"),
    (["sed", "2,3d"], "1\n2\n3\n4\n", "1\n4\n"),
    (["sed", "/b/,/c/d"], "a\nb\nx\nc\nd\n", "a\nd\n"),
    (["sed", "-n", "/b/!p"], "a\nb\n", "a\n"),
    (["sed", "-e", "s/a/A/", "-e", "s/b/B/"], "ab\n", "AB\n"),
    (["sed", "s/a/A/;s/b/B/"], "ab\n", "AB\n"),
    (["sed", "1q"], "1\n2\n", "1\n"),
    (["sed", "-n", "/x/{p;p}"], "x\ny\n", "x\nx\n"),
    (["sed", "y/abc/xyz/"], "aabbcc\n", "xxyyzz\n"),
    (["sed", "a\\foo"], "1\n2\n", "1\nfoo\n2\nfoo\n"),
    (["sed", "1i hdr"], "1\n", "hdr\n1\n"),
    (["sed", "$!N;s/\\n/ /"], "1\n2\n3\n", "1 2\n3\n"),
    (["sed", "-n", "="], "a\nb\n", "1\n2\n"),
    (["sed", "s/a/b/"], "a", "b"),
    (["sed", ":a;s/aa/a/;ta"], "aaaa\n", "a\n"),
    (["sed", "s/A/x/I"], "a\n", "x\n"),
    (["sed", "-E", "s/(a|b)+/X/"], "abba c\n", "X c\n"),
])
def test_sed(sys_, argv, stdin, expect):
    st, o, e = out(sys_, argv, stdin)
    assert (st, o, e) == (0, expect, "")


def test_sed_files_inplace_and_errors(sys_):
    sys_.put("/tmp/f", "a\nb\n")
    assert out(sys_, ["sed", "-i", "s/a/z/", "/tmp/f"]) == (0, "", "")
    assert sys_.get("/tmp/f") == b"z\nb\n"
    st, o, e = out(sys_, ["sed", "p", "/nope"])
    assert st == 2 and e == "sed: can't read /nope: No such file or directory\n"
    st, o, e = out(sys_, ["sed", "s/a/b"], "a\n")
    assert st == 1 and "unterminated `s' command" in e
    assert out(sys_, ["sed", "k"], "a\n")[2].endswith("unknown command: `k'\n")


# --- cut / tr / wc ----------------------------------------------------------------------

def test_cut(sys_):
    assert out(sys_, ["cut", "-d", " ", "-f", "2"], "a b c\nd e\nnodelim\n") == (0, "b\ne\nnodelim\n", "")
    assert out(sys_, ["cut", "-d:", "-f1,3"], "a:b:c:d\n")[1] == "a:c\n"
    assert out(sys_, ["cut", "-d:", "-f", "2-"], "a:b:c\n")[1] == "b:c\n"
    assert out(sys_, ["cut", "-s", "-d:", "-f1"], "a:b\nnone\n")[1] == "a\n"
    assert out(sys_, ["cut", "-c", "2-3"], "abcd\n")[1] == "bc\n"
    assert out(sys_, ["cut", "-f", "2"], "a\tb\n")[1] == "b\n"
    st, o, e = out(sys_, ["cut", "-d", "ab", "-f1"], "")
    assert st == 1 and e.startswith("cut: the delimiter must be a single character\n")
    st, o, e = out(sys_, ["cut"], "")
    assert st == 1 and e.startswith("cut: you must specify a list of bytes, characters, or fields\n")


def test_tr(sys_):
    assert out(sys_, ["tr", "\\0", "a"], b"\0\0\0") == (0, "aaa", "")
    assert out(sys_, ["tr", "a-z", "A-Z"], "hello\n")[1] == "HELLO\n"
    assert out(sys_, ["tr", "[:lower:]", "[:upper:]"], "abc\n")[1] == "ABC\n"
    assert out(sys_, ["tr", "-d", "\\n"], "a\nb\n")[1] == "ab"
    assert out(sys_, ["tr", "-s", " "], "a   b  c\n")[1] == "a b c\n"
    assert out(sys_, ["tr", "\\n", " "], "1\n2\n")[1] == "1 2 "
    assert out(sys_, ["tr", "abc", "x"], "abcd\n")[1] == "xxxd\n"
    assert out(sys_, ["tr", "-cd", "0-9"], "a1b2\n")[1] == "12"
    st, o, e = out(sys_, ["tr", "a"], "")
    assert st == 1 and e == ("tr: missing operand after 'a'\nTwo strings must be given when translating.\n"
                             "Try 'tr --help' for more information.\n")


def test_tr_large_stream(sys_):
    data = bytes(3_000_000)
    st, o, e = out(sys_, ["tr", "\\0", "a"], data)
    assert st == 0 and o == "a" * 3_000_000


def test_wc(sys_):
    assert out(sys_, ["wc", "-l"], "a\nb\n") == (0, "2\n", "")
    assert out(sys_, ["wc", "-c"], "abc") == (0, "3\n", "")
    assert out(sys_, ["wc", "-w"], "a b\n c  d\n") == (0, "4\n", "")
    assert out(sys_, ["wc"], "a b\nc\n")[1] == "      2       3       6\n"
    assert out(sys_, ["wc", "-l", "/cg/memory.stat"])[1] == "5 /cg/memory.stat\n"
    st, o, e = out(sys_, ["wc", "-l", "/cg/memory.stat", "/cg/cgroup.controllers"])
    assert o == " 5 /cg/memory.stat\n 1 /cg/cgroup.controllers\n 6 total\n"
    st, o, e = out(sys_, ["wc", "/nope"])
    assert st == 1 and e == "wc: /nope: No such file or directory\n"


# --- head / tail ------------------------------------------------------------------------

def test_head(sys_):
    assert out(sys_, ["head", "-n", "2"], "1\n2\n3\n") == (0, "1\n2\n", "")
    assert out(sys_, ["head", "-2"], "1\n2\n3\n")[1] == "1\n2\n"
    assert out(sys_, ["head"], "".join(f"{i}\n" for i in range(20)))[1] == "".join(f"{i}\n" for i in range(10))
    assert out(sys_, ["head", "-c", "3"], "12345")[1] == "123"
    assert out(sys_, ["head", "-n", "-1"], "1\n2\n3\n")[1] == "1\n2\n"
    assert out(sys_, ["head", "-n", "1", "/cg/memory.stat"])[1] == "anon 1000\n"
    st, o, e = out(sys_, ["head", "-n", "1", "/cg/memory.stat", "/cg/cgroup.controllers"])
    assert o == "==> /cg/memory.stat <==\nanon 1000\n\n==> /cg/cgroup.controllers <==\ncpu io memory pids\n"
    assert out(sys_, ["head", "/nope"]) == (1, "", "head: cannot open '/nope' for reading: No such file or directory\n")
    st, o, e = out(sys_, ["head", "-n", "x"])
    assert st == 1 and e == "head: invalid number of lines: 'x'\n"


def test_head_c_suffix_from_dev_zero(sys_):
    r = run(sys_, ["head", "-c", "3M", "/dev/zero"])
    assert r.status == 0 and len(r.out) == 3 << 20 and set(r.out) == {"\0"}
    r = run(sys_, ["head", "-c", "1KB", "/dev/zero"])
    assert len(r.out) == 1000


def test_tail(sys_):
    assert out(sys_, ["tail", "-n", "2"], "1\n2\n3\n") == (0, "2\n3\n", "")
    assert out(sys_, ["tail", "-1"], "1\n2\n3\n")[1] == "3\n"
    assert out(sys_, ["tail", "-n", "+2"], "1\n2\n3\n")[1] == "2\n3\n"
    assert out(sys_, ["tail", "-n", "2"], "1\n2\n3")[1] == "2\n3"
    assert out(sys_, ["tail", "-c", "2"], "abc")[1] == "bc"
    assert out(sys_, ["tail", "-c", "+2"], "abc")[1] == "bc"
    lines = "".join(f"{i}\n" for i in range(100))
    assert out(sys_, ["tail"], lines)[1] == "".join(f"{i}\n" for i in range(90, 100))
    assert out(sys_, ["tail", "-n", "1", "/cg/memory.stat"])[1] == "slab_reclaimable 100\n"
    assert out(sys_, ["tail", "/nope"]) == (1, "", "tail: cannot open '/nope' for reading: No such file or directory\n")
    r = run(sys_, ["tail", "-f", "-n", "1", "/cg/memory.stat"])
    assert r.out == "slab_reclaimable 100\n" and r.sleeps == [float("inf")]
    r = run(sys_, ["tail", "-f", "-n", "1"], "a\nb\n")
    assert (r.status, r.out, r.sleeps) == (0, "b\n", [])


def test_tail_charges_what_it_buffers(sys_):
    data = bytes(5 << 20)  # newline-free: tail must hold all of it
    r = run(sys_, ["tail"], data)
    assert r.status == 0 and len(r.out) == len(data)
    pid = r.task.pid
    assert sum(n for p, n in sys_.alloc_calls if p == pid) == len(data)
    assert len([1 for p, _ in sys_.alloc_calls if p == pid]) > 1  # charged as it reads
    assert sys_.free_calls == [(pid, len(data))]
    assert r.task.anon == 0


def test_tail_of_lines_holds_little(sys_):
    data = b"x" * 1000 + b"\n"
    r = run(sys_, ["tail", "-n", "1"], data * 2000)
    assert r.out == (data * 1).decode()
    assert r.task.anon == 0


def test_head_zero_into_tail_is_oom_killed_partway():
    s = FakeSys(anon_limit=30 << 20)
    head = run(s, ["head", "-c", "100M", "/dev/zero"])
    assert len(head.out) == 100 << 20
    with pytest.raises(TaskKilled) as ei:
        run(s, ["tail"], head.out.encode())
    assert ei.value.signal == 9
    charged = sum(n for _, n in s.alloc_calls)
    assert 29 << 20 < charged <= 31 << 20  # killed partway through, not after reading all
    assert s.free_calls == []  # the kernel frees a killed task's memory, not tail


# --- sort / uniq / seq -------------------------------------------------------------------

@pytest.mark.parametrize("argv,stdin,expect", [
    (["sort"], "b\na\nc\n", "a\nb\nc\n"),
    (["sort", "-r"], "b\na\nc\n", "c\nb\na\n"),
    (["sort", "-n"], "10\n9\n-1\nx\n", "-1\nx\n9\n10\n"),
    (["sort", "-nr"], "3\n10\n2\n", "10\n3\n2\n"),
    (["sort", "-u"], "b\na\nb\n", "a\nb\n"),
    (["sort", "-k2", "-n"], "a 3\nb 1\nc 2\n", "b 1\nc 2\na 3\n"),
    (["sort", "-k", "2,2nr"], "a 3\nb 1\nc 20\n", "c 20\na 3\nb 1\n"),
    (["sort", "-t", ":", "-k2"], "x:b\ny:a\n", "y:a\nx:b\n"),
    (["sort", "-k2,2", "-k1,1r"], "a 1\nb 1\nc 0\n", "c 0\nb 1\na 1\n"),
    (["sort", "-un"], "1\n01\n2\n", "1\n2\n"),
    (["sort"], "B\na\nA\n", "A\nB\na\n"),
    (["sort", "-f"], "b\nA\na\n", "A\na\nb\n"),
])
def test_sort(sys_, argv, stdin, expect):
    assert out(sys_, argv, stdin) == (0, expect, "")


def test_sort_charges_input_and_errors(sys_):
    r = run(sys_, ["sort"], b"b\n" * 5000)
    assert sum(n for p, n in sys_.alloc_calls if p == r.task.pid) == 12288
    assert r.task.anon == 0
    st, o, e = out(sys_, ["sort", "/nope"])
    assert st == 2 and e == "sort: cannot read: /nope: No such file or directory\n"


def test_uniq(sys_):
    assert out(sys_, ["uniq"], "a\na\nb\na\n") == (0, "a\nb\na\n", "")
    assert out(sys_, ["uniq", "-c"], "a\na\nb\n")[1] == "      2 a\n      1 b\n"
    assert out(sys_, ["uniq", "-d"], "a\na\nb\n")[1] == "a\n"
    assert out(sys_, ["uniq", "-u"], "a\na\nb\n")[1] == "b\n"


def test_seq(sys_):
    assert out(sys_, ["seq", "3"]) == (0, "1\n2\n3\n", "")
    assert out(sys_, ["seq", "2", "4"])[1] == "2\n3\n4\n"
    assert out(sys_, ["seq", "1", "2", "7"])[1] == "1\n3\n5\n7\n"
    assert out(sys_, ["seq", "3", "-1", "1"])[1] == "3\n2\n1\n"
    assert out(sys_, ["seq", "-w", "8", "10"])[1] == "08\n09\n10\n"
    assert out(sys_, ["seq", "-s", " ", "3"])[1] == "1 2 3\n"
    assert out(sys_, ["seq", "0"])[1] == ""
    assert out(sys_, ["seq", "1", "0.5", "2"])[1] == "1.0\n1.5\n2.0\n"
    assert out(sys_, ["seq", "-1", "1"])[1] == "-1\n0\n1\n"
    assert len(out(sys_, ["seq", "1", "100000"])[1].split()) == 100000
    st, o, e = out(sys_, ["seq", "x"])
    assert st == 1 and e == "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n"
    st, o, e = out(sys_, ["seq"])
    assert st == 1 and e.startswith("seq: missing operand\n")


def test_sort_random_groups_equal_keys_and_is_seeded():
    """``sort -R`` (GNU's compare_random): a permutation of the lines with equal
    keys next to each other, the same for the same random source; ``-k2,2R`` hashes
    the key alone. busybox sort has no -R (its usage, status 2)."""
    from memcgsim import Kernel
    from memcgsim.shell import run_script
    script = ("printf 'b\\na\\nc\\na\\nd\\n' | sort -R; echo --\n"
              "printf 'x 1\\ny 2\\nz 1\\nw 2\\n' | sort -k2,2R | cut -d' ' -f2\n")

    def run(seed: int, userland: str = "gnu"):
        return run_script(Kernel(design="6.1", cgroup="v2", seed=seed, userland=userland),
                          script, "s.sh")
    outs = [run(s).stdout for s in (1, 1, 2, 3, 4)]
    assert outs[0] == outs[1]
    for out in outs:
        first, second = out.split("--\n")
        lines = first.split()
        assert sorted(lines) == ["a", "a", "b", "c", "d"]
        assert lines.index("a") + 1 == len(lines) - 1 - lines[::-1].index("a")   # adjacent
        assert second.split() in (["1", "1", "2", "2"], ["2", "2", "1", "1"])
    assert len({out.split("--")[0] for out in outs}) > 1      # the salt moves the order
    r = run(1, "busybox")
    assert r.stderr.startswith("sort: invalid option -- 'R'\n")
