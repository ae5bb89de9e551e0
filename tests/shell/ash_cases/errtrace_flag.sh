# busybox's -E (errtrace, ash.c optletters_optnames' last letter): first in $-, and
# the ERR trap then runs in functions too
set -E; echo "[$-]"
trap 'echo "err $?"' ERR
f() { false; echo "in f"; }
f
set +E; echo "[$-]"
f
