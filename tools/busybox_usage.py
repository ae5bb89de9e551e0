"""Write src/memcgsim/shell/commands/busybox_usage.py: for the applets the model's
busybox userland covers, the usage text busybox 1.35 (Debian 12 busybox-static,
what the oracle's guests run) prints to stderr when a command line is bad, and the
options it accepts (found by trying each letter and a list of long names in a
temporary directory, stdin /dev/null, 2 s each), and the binary's own help and
applet list; NONPERMUTE's ``+`` is from the applets' sources (getopt32 strings that
stop at the first operand).

    python tools/busybox_usage.py [/bin/busybox]
"""
import os
import string
import subprocess
import sys
import tempfile

APPLETS = ("awk", "basename", "cat", "cp", "cut", "dd", "dirname", "expand", "find", "fold", "free", "grep",
           "head", "ln", "ls", "mkdir", "mknod", "mv", "printf", "ps", "readlink", "rm", "rmdir", "seq", "sleep", "sort",
           "stat", "strings", "tail", "tee", "time", "timeout", "touch", "tr", "tty", "uniq", "wc",
           "xargs", "du", "df", "od", "nl", "paste", "tac", "realpath", "uname", "id", "nproc",
           "md5sum", "sha256sum", "base64", "hexdump", "xxd", "env")
#: applets whose options are probed (the others' are not modelled as busybox's)
PROBED = ("cat", "cp", "cut", "expand", "fold", "grep", "head", "ln", "ls", "mkdir", "mknod", "mv", "readlink",
          "rm", "rmdir", "seq", "sort", "stat", "strings", "tail", "tee", "time", "timeout", "touch", "tty", "uniq",
          "wc", "xargs", "du", "df", "tr", "od", "nl", "paste", "tac", "realpath", "basename", "dirname", "uname",
          "id", "nproc", "md5sum", "sha256sum", "base64", "hexdump", "xxd", "env")
#: applets whose getopt32 string starts with "+": options end at the first operand
NONPERMUTE = ("seq", "time", "timeout", "xargs", "env")
LONG = ("all", "almost-all", "append", "archive", "bytes", "characters", "color", "count",
        "delimiter", "dereference", "directory", "fields", "follow", "force", "format",
        "human-readable", "ignore-fail-on-non-empty", "interactive", "lines", "mode",
        "no-clobber", "no-dereference", "numeric-sort", "one-file-system", "parents",
        "preserve", "quiet", "recursive", "reverse", "silent", "symbolic", "target-directory",
        "unique", "verbose", "words", "zero-terminated")
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "memcgsim", "shell", "commands",
                   "busybox_usage.py")


def _try(bb: str, argv: list[str]) -> str:
    with tempfile.TemporaryDirectory() as d:
        try:
            r = subprocess.run([bb, *argv], cwd=d, capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=2)
        except subprocess.TimeoutExpired:
            return ""
    return r.stderr


def options(bb: str, applet: str) -> tuple[str, tuple[str, ...], bool]:
    """(getopt letters, ``:`` after one taking an argument; long names accepted;
    whether it parses long options at all: else ``--x`` is ``invalid option -- '-'``)."""
    short = ""
    for c in string.ascii_letters + string.digits:
        e = _try(bb, [applet, f"-{c}"])
        if "invalid option" in e:
            continue
        short += c + (":" if "requires an argument" in e else "")
    longs = tuple(n for n in LONG
                  if "unrecognized option" not in (e := _try(bb, [applet, f"--{n}"]))
                  and "invalid option" not in e)
    return (("+" if applet in NONPERMUTE else "") + short, longs,
            "unrecognized option" in _try(bb, [applet, "--zzzz"]))


def main() -> None:
    bb = sys.argv[1] if len(sys.argv) > 1 else "busybox"
    lines = ['"""busybox 1.35\'s usage texts (stderr of a bad command line) and accepted',
             "options, written by tools/busybox_usage.py from the host's busybox: do not",
             'edit."""', "", "#: applet -> its usage text", "USAGE = {"]
    for a in APPLETS:
        r = subprocess.run([bb, a, "--help"], capture_output=True, text=True)
        lines.append(f"    {a!r}: {r.stderr!r},")
    lines += ["}", "", "#: applet -> (getopt string, long options, whether it has a long option table)", "OPTIONS = {"]
    for a in PROBED:
        lines.append(f"    {a!r}: {options(bb, a)!r},")
    lines.append("}")
    listed = subprocess.run([bb, "--list"], capture_output=True, text=True).stdout.split()
    own = subprocess.run([bb], capture_output=True, text=True).stdout
    lines += ["", "#: every applet of the binary (``busybox --list``)", f"LIST = {tuple(listed)!r}",
              "", "#: what ``busybox`` alone prints (stdout, status 0)", f"HELP = {own!r}"]
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
