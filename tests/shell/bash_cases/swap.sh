# util-linux 2.38 swapon/swapoff/mkswap on a system without swap (shell/commands/swap.py)
d=$(mktemp -d) && cd "$d" || exit
swapon -s; echo rc=$?; swapon --show; echo rc=$?; swapon; echo rc=$?; swapoff -a; echo rc=$?
swapoff /nonexist; echo rc=$?; swapon /nonexist; echo rc=$?; mkswap; echo rc=$?; mkswap nof; echo rc=$?
truncate -s 100M sw2; chmod 600 sw2; mkswap sw2 | head -1; truncate -s 20K sw3; mkswap sw3; echo rc=$?
dd if=/dev/zero of=sw4 bs=4096 count=12 2>/dev/null; chmod 600 sw4; mkswap sw4 | head -1; echo rc=$?
swapoff sw4; echo rc=$?; od -An -c -j 4086 sw4; dd if=/dev/zero of=sw5 bs=4096 count=100 2>/dev/null
mkswap sw5 | head -1
cd / && rm -rf "$d"
