# BASH_ARGV/BASH_ARGC with extdebug off (bash 5.2 variables.c get_bash_argv:
# the positional parameters pushed at the first reference outside a function;
# evalfile.c _evalfile: a source without arguments pushes its file's name), and
# FUNCNAME, BASH_SOURCE, BASH_LINENO under source and eval
declare -p | grep 'BASH_ARG[CV]='
set -- "arg one" two
f() { echo "f: ${BASH_ARGC[*]} | ${BASH_ARGV[*]} | ${#BASH_ARGV[@]}"; g x "y z"; }
g() { echo "g: ${BASH_ARGC[*]} | ${BASH_ARGV[*]}"; declare -p BASH_ARGC BASH_ARGV FUNCNAME; }
f a b c
echo "top: [${BASH_ARGC[*]}] [${BASH_ARGV[*]}] ${#BASH_ARGC[@]} $BASH_ARGV $BASH_ARGC"
declare -p BASH_ARGC BASH_ARGV BASH_SOURCE BASH_LINENO FUNCNAME
declare -p | grep 'BASH_ARG[CV]='
echo 'echo "src: ${BASH_ARGC[*]} | ${BASH_ARGV[*]} | ${BASH_SOURCE[*]} | ${FUNCNAME[*]} | ${BASH_LINENO[*]} | $1"
h() { echo "h: ${BASH_SOURCE[*]} | ${FUNCNAME[*]} | ${BASH_LINENO[*]} | $BASH_SOURCE $FUNCNAME $BASH_LINENO"; }' > s.sh
source ./s.sh p q
. ./s.sh
h
f2() { source ./s.sh r; h; . ./s.sh; }
f2 1 2
echo "after: ${BASH_ARGC[*]} | ${BASH_ARGV[*]} | ${BASH_SOURCE[*]}"
h() { echo "h2: ${BASH_SOURCE[*]} | ${FUNCNAME[*]}"; }; h
eval 'echo "ev: ${BASH_ARGC[*]} | ${BASH_SOURCE[*]} | ${FUNCNAME[*]} | ${BASH_LINENO[*]} | $LINENO"'
f3() { eval 'echo "ev3: ${BASH_SOURCE[*]} | ${FUNCNAME[*]} | ${BASH_LINENO[*]}"'; }
f3
set -- s1 s2; echo "set: ${BASH_ARGC[*]} | ${BASH_ARGV[*]}"
# att_noassign: assignments ignored, a compound one fails the line silently
BASH_ARGV=y; FUNCNAME=z; BASH_ARGC[3]=4; echo "r $? ${BASH_ARGV[*]} ${BASH_ARGC[*]}"
BASH_ARGV=(x) || echo never
echo "st $?"; GROUPS=(1); echo never
echo "st $?"; x=1 BASH_SOURCE=(x) y=2; echo never
echo "st $?"; declare -a BASH_LINENO=(x); echo never
unset BASH_ARGV BASH_SOURCE; echo "st $? ${BASH_ARGV[*]}"
echo "declare -p FUNCNAME BASH_SOURCE BASH_LINENO" > s3.sh
f4() { . ./s3.sh; }; f4; . ./s3.sh
