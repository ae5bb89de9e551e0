#!/bin/bash
# Written for memcgsim's conformance suite (session 36, docs/fidelity.md item 244):
# how the guests' bash finds a program in their tree, busybox's applets being links
# in /bin: the PATH search and the hash table (a hashed file removed, an empty or
# missing PATH directory, a script of the disk's found by PATH), and busybox sh,
# which runs its applets whatever PATH says.
ls -d /bin; rm /bin/ls; ls -d /bin; echo "rc=$?"; hash -l
cat /dev/null; PATH=/nonexistent; cat /dev/null; echo "rc=$?"; PATH=/bin:/sbin
mkdir -p d; printf '#!/bin/sh\necho mine "$0" "$@"\n' > d/mine; chmod +x d/mine
PATH=$PWD/d:$PATH; mine a; echo "rc=$?"; type mine; hash -t mine
PATH=/sbin; cat /dev/null; echo "rc=$?"; /bin/cat /dev/null; echo "rc=$?"; PATH=/bin:/sbin
sh -c 'PATH=/x; cat /dev/null; echo "sh rc=$?"'
ln -s /bin/busybox d/cat2; d/cat2 /dev/null; echo "rc=$?"
mv /bin/sort /bin/sort2; printf 'b\na\n' | sort2; echo "rc=$?"; printf 'b\na\n' | sort; echo "rc=$?"
type -a cat; command -V head; hash; echo "rc=$?"
