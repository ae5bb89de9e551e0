# util-linux findmnt: a target, a source, -T, -t, -n, -o, -l over /proc/mounts (C locale)
findmnt -n -o FSTYPE /proc; echo rc=$?; findmnt /proc; echo rc=$?; findmnt /nope; echo rc=$?; findmnt -t proc
findmnt -n /proc; findmnt -o TARGET /proc; findmnt --target /proc/self; echo rc=$?; findmnt -T /proc/self -n -o TARGET; findmnt proc; echo rc=$?
findmnt -o BAD /proc; echo rc=$?; findmnt -l -n -t proc; findmnt -n -o SOURCE,TARGET -T /proc/self/fd
