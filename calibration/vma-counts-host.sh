#!/bin/bash
# The areas (vm_area_structs) of the programs memcgsim's default userland emulates
# (the gnu userland: the host's dynamically linked bash and GNU coreutils), for
# kernel/fork.py's PROGRAM_IMAGES, against the guests' static ones
# (calibration/vma-counts.sh). Read-only: run on the host with
#   bash calibration/vma-counts-host.sh > calibration/recordings/vma-counts-host.txt
echo "host: $(. /etc/os-release; echo "$PRETTY_NAME") $(uname -r)"
echo "bash $BASH_VERSION: $(ldd /bin/bash | wc -l) objects mapped (ldd)"
n=0; while read -r l; do n=$((n + 1)); done < /proc/$$/maps; echo "bash $n"
( n=0; while read -r l; do n=$((n + 1)); done < /proc/self/maps; echo "subshell $n" )
echo "bash -c $(bash -c 'n=0; while read -r l; do n=$((n + 1)); done < /proc/$$/maps; echo $n')"
sleep 5 & p=$!
sleep 0.5
echo "sleep $(wc -l < /proc/$p/maps)"
kill $p
echo "cat $(cat /proc/self/maps | wc -l)"
