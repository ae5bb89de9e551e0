# set -o and set +o list every option of bash 5.2 in its order (set.def list_minus_o_opts)
set -o; set +o; set -e -o pipefail -m; set -o; set +o | grep -- -o
