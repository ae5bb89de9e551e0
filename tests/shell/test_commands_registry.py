"""The external commands' registry imports a tool's module at its first lookup:
its table of modules must name what each module registers."""
import collections
import subprocess
import sys

from memcgsim.shell.commands import COMMANDS, MODULES


def test_modules_table_names_what_each_module_registers():
    by_module = collections.defaultdict(set)
    for name, fn in COMMANDS.items():          # imports every module
        by_module[fn.__wrapped__.__module__.rsplit(".", 1)[-1]].add(name)
    assert by_module == {mod: set(names) for mod, names in MODULES.items()}


def test_a_run_imports_only_the_tools_it_calls():
    code = ("import sys, memcgsim\n"
            "r = memcgsim.run('echo a | sed s/a/b/', kernel='5.12')\n"
            "mods = {m.rsplit('.', 1)[-1] for m in sys.modules\n"
            "        if m.startswith('memcgsim.shell.commands.')}\n"
            "print(r.stdout.strip(), 'sed' in mods, 'awk' in mods, 'seq' in mods)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["b", "True", "False", "False"]


def test_lookups_of_unknown_programs():
    assert COMMANDS.get("no-such-tool") is None
    assert "no-such-tool" not in COMMANDS
    assert "awk" in COMMANDS
    assert COMMANDS["cat"].__name__ == "cmd_cat"


def test_findmnt_tree_of_the_models_mounts():
    """findmnt without a target: the mounts as util-linux draws the tree in the C
    locale, each under the closest mount holding its target, in mount order,
    columns as wide as their widest cell."""
    from memcgsim import Kernel
    from memcgsim.shell import run_script
    r = run_script(Kernel(design="6.1", cgroup="v1"), "findmnt; findmnt -n -t cgroup,tmpfs -o TARGET",
                   "t.sh")
    assert r.stdout.splitlines() == [
        "TARGET                      SOURCE   FSTYPE   OPTIONS",
        "/                           /dev/vda ext4     rw,relatime",
        "|-/sys                      sysfs    sysfs    rw,relatime",
        "| |-/sys/fs/bpf             bpf      bpf      rw,relatime",
        "| `-/sys/fs/cgroup          tmpfs    tmpfs    rw,relatime,inode64",
        "|   `-/sys/fs/cgroup/memory cgroup   cgroup   rw,relatime,memory",
        "|-/dev                      udev     devtmpfs rw,relatime",
        "| `-/dev/shm                tmpfs    tmpfs    rw,relatime,inode64",
        "|-/proc                     proc     proc     rw,relatime",
        "`-/run                      tmpfs    tmpfs    rw,relatime,inode64",
        "/run",
        "/dev/shm",
        "/sys/fs/cgroup",
        "`-/sys/fs/cgroup/memory",
    ]


def test_programs_the_model_lacks_the_subject_of_stop_the_script():
    """unshare, losetup, gzip... are refused with their line (commands/notmodelled.py),
    from the script, a subshell, a function or a job alike; mknod of a device too."""
    from memcgsim import Kernel
    from memcgsim.shell import run_script
    for line, what in [("unshare -m true", "unshare (the model has no namespaces)"),
                       ("(gzip -c /etc/hostname)", "gzip (the model has no gzip's compressed bytes)"),
                       ("f() { :; tar cf - . | wc -c; }; f", "tar (the model has no tar archives)"),
                       ("losetup -f & wait", "losetup (the model has no loop block devices)"),
                       ("mknod c0 c 1 3", "mknod of a device node (the model has no device numbers)")]:
        r = run_script(Kernel(design="6.1", cgroup="v2"), f"echo a\n{line}\necho b\n", "u.sh")
        assert (r.stdout, r.stderr, r.status) == ("a\n", f"memcgsim: u.sh:2: unsupported: {what}\n", 2)
