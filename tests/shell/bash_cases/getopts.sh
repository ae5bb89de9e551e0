f() {
  local OPTIND o
  while getopts "ab:c" o "$@"; do
    case $o in
      a) echo "a";;
      b) echo "b=$OPTARG";;
      c) echo "c";;
      \?) echo "bad ($OPTARG)";;
    esac
  done
  shift $((OPTIND-1)); echo "rest: $* OPTIND=$OPTIND"
}
f -a -b x -ac -- y z
f -bval -z w
f -b
f plain -a
g() { while getopts ":ab:" o; do echo "o=$o arg=${OPTARG-unset}"; done; echo "end $OPTIND"; }
g -a -q -b
set -- -x -y arg
while getopts xy o; do echo "top $o"; done; echo $OPTIND
