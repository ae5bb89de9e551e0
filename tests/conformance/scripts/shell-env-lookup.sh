#!/bin/bash
# Written for memcgsim's conformance suite (session 35, docs/fidelity.md items 371
# and 373): the environment the script's bash starts with on the guests (their init
# exports PATH and HOME over the kernel's TERM) and how bash and busybox sh find and
# name a command: PATH's search, bash's hash table, type, command -v.
env
echo "SHLVL=$SHLVL TERM=$TERM PATH=$PATH"
command -v ls cat mkdir; type rmdir; type -P sleep; type -t cd echo ls
ls / >/dev/null; cat /dev/null; ls /proc >/dev/null
hash; hash -l; hash -t ls
PATH=$PATH; hash; echo "rc=$?"
sh -c 'command -v ls; type cat; echo "$PATH"'
command -v nonesuch; echo "rc=$?"; type nonesuch; echo "rc=$?"
