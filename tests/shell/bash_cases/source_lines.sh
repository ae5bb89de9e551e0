# a sourced file's lines count from 1 (evalfile.c: SEVAL_RESETLINE) and bash's
# messages name BASH_SOURCE[0] (error.c get_name_for_error): the sourced file, the
# file a running function was defined in, else $0
printf 'echo "L=$LINENO"\n\necho "L2=$LINENO"; f\ng() { echo "g: $LINENO ${BASH_LINENO[*]}"; nosuch4; }\nnosuch5\n' > lib.sh
f() { echo "f: ${BASH_LINENO[*]} $LINENO"; }
source ./lib.sh; echo "after=$LINENO"
. ./lib.sh
g
nosuch6
bash -c 'source ./lib.sh; g'
printf 'source ./lib.sh\ng\nnosuch7\n' > main.sh; bash ./main.sh
