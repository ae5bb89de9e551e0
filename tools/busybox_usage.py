"""Write src/memcgsim/shell/commands/busybox_usage.py: the usage text busybox 1.35
(Debian 12 busybox-static, what the oracle's guests run) prints to stderr when an
applet's command line is bad, for the applets the model's busybox userland covers.

    python tools/busybox_usage.py [/bin/busybox]
"""
import os
import subprocess
import sys

APPLETS = ("basename", "cp", "cut", "dirname", "ln", "mkdir", "mv", "ps", "rm", "rmdir", "seq", "sleep",
           "tee", "touch", "tr", "uniq", "wc")
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "memcgsim", "shell", "commands",
                   "busybox_usage.py")


def main() -> None:
    bb = sys.argv[1] if len(sys.argv) > 1 else "busybox"
    lines = ['"""busybox 1.35\'s usage texts (stderr of a bad command line), written by',
             'tools/busybox_usage.py from `busybox APPLET --help`: do not edit."""', "",
             "#: applet -> its usage text", "USAGE = {"]
    for a in APPLETS:
        r = subprocess.run([bb, a, "--help"], capture_output=True, text=True)
        lines.append(f"    {a!r}: {r.stderr!r},")
    lines.append("}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
