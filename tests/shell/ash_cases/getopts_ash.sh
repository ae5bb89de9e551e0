# getopts, ash.c/dash options.c's: OPTIND past the word it reads, OPTARG empty for
# an option without an argument, unset at the end (busybox), errors in its words
set -- -a -b x y
while getopts ab: o; do echo "$o [${OPTARG-unset}] $OPTIND"; done
echo "end $? [$o] $OPTIND [${OPTARG-unset}]"
shift $((OPTIND - 1)); echo "rest $*"
OPTIND=1
set -- -ab -c
while getopts abc o; do echo "$o $OPTIND"; done
OPTIND=1
set -- -bfoo -a
getopts ab: o; echo "$o $OPTARG $OPTIND"
getopts ab: o; echo "$o $OPTIND"
OPTIND=1
getopts :ab: o -z; echo "silent $? $o $OPTARG"
getopts :ab: o -b; echo "silent $? $o $OPTARG"
getopts ab: o -z; echo "loud $? $o [${OPTARG-unset}]"
getopts ab: o -b; echo "loud $? $o [${OPTARG-unset}]"
OPTIND=1
set -- -- -a; getopts a o; echo "dashdash $? $o $OPTIND"
OPTIND=1
set -- x -a; getopts a o; echo "operand $? $o $OPTIND"
OPTIND=1
set -- -ab -a; getopts ab o; OPTIND=1; getopts ab o; echo "reset $o $OPTIND"
