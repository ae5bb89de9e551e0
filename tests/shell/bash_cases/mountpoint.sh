# util-linux mountpoint: a mount's target or not (32), errors (1), -q, -x
for a in "/" "/tmp" "/proc" "/nope" "-q /tmp" "-q /proc" "/bin/sh" "-x /dev/null" "-x /tmp" "" "-z /" "/proc/" "/proc/../proc" "-q /nope"; do echo "== $a"; mountpoint $a; echo "rc=$?"; done 2>&1
