"""busybox 1.35's applets that busybox sh runs in its own process (no
execve: the NOEXEC bit of ``applet_flags``) and those of them that
spawn_and_wait runs without a fork (NOFORK), written by
tools/busybox_noexec.py from the host's busybox: do not edit."""

#: BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.
NOEXEC = frozenset((
    '[', '[[', 'adjtimex', 'arch', 'awk', 'basename', 'blkdiscard', 'blockdev', 'brctl',
    'cal', 'chgrp', 'chmod', 'chown', 'chroot', 'chvt', 'clear', 'cp', 'crc32',
    'cttyhack', 'cut', 'date', 'dd', 'deallocvt', 'df', 'dirname', 'dnsdomainname',
    'dos2unix', 'dumpkmap', 'dumpleases', 'echo', 'env', 'expr', 'false', 'fatattr',
    'find', 'fold', 'free', 'freeramdisk', 'fsfreeze', 'fstrim', 'getopt', 'groups',
    'head', 'hexdump', 'hostid', 'hostname', 'id', 'insmod', 'ionice', 'ip', 'ipcalc',
    'ipneigh', 'kill', 'killall', 'link', 'linux32', 'linux64', 'ln', 'loadfont',
    'loadkmap', 'logname', 'losetup', 'ls', 'lsmod', 'lsscsi', 'md5sum', 'mkdir',
    'mkfifo', 'mknod', 'mkpasswd', 'mktemp', 'modinfo', 'modprobe', 'mv', 'nameif',
    'nproc', 'nuke', 'partprobe', 'paste', 'pivot_root', 'printf', 'ps', 'pwd',
    'readlink', 'realpath', 'renice', 'reset', 'resume', 'rm', 'rmdir', 'rmmod', 'seq',
    'setkeycodes', 'sha1sum', 'sha256sum', 'sha3sum', 'sha512sum', 'shuf', 'sort', 'stat',
    'stty', 'sulogin', 'svc', 'svok', 'sync', 'sysctl', 'tac', 'taskset', 'test', 'touch',
    'true', 'truncate', 'tty', 'tunctl', 'umount', 'uname', 'unix2dos', 'unlink',
    'uptime', 'usleep', 'vconfig', 'w', 'which', 'who', 'whoami', 'xargs', 'xxd', 'yes',
))
NOFORK = frozenset((
    '[', '[[', 'adjtimex', 'arch', 'basename', 'clear', 'dirname', 'echo', 'false',
    'free', 'hostid', 'kill', 'killall', 'link', 'logname', 'mkdir', 'nproc',
    'pivot_root', 'printf', 'pwd', 'readlink', 'realpath', 'rmdir', 'sync', 'test',
    'touch', 'true', 'truncate', 'tty', 'uname', 'unlink', 'usleep', 'which', 'whoami',
))
