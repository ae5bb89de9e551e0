# `local -` keeps a function's set -o changes to it (bash 4.4); $- in flags.c order
f() { local -; set -u; set -o pipefail; false | true; echo "in: $- $?"; }
f; echo "after: $-"; false | true; echo "pipefail off: $?"
g() { local - x=1; set -u; echo "g: $- $x"; }
g; echo "after g: $-"
h() { set -x; local -; set +x; echo h; }; h; echo "after h: $-"
set +x
bash -c 'set -eu; echo $-'
k() { local -; set -e; false; echo never; }; k; echo "k: $?"
