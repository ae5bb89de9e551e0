# RANDOM (bash 5.2 lib/sh/random.c): a seed's sequence, the seed an arithmetic
# expression, a subshell reseeded unless it seeds itself, the parent's sequence
# untouched by its subshells; unset makes RANDOM, SRANDOM and BASHPID plain
# variables; PPID, UID, EUID are readonly (the rest of the line is dropped)
RANDOM=42; echo $RANDOM $RANDOM $RANDOM
RANDOM=2+3; echo $RANDOM; RANDOM=abc; echo $RANDOM; RANDOM=4294967296; echo $RANDOM
RANDOM=-1; echo $RANDOM
RANDOM=7; (echo $RANDOM > /dev/null); echo "parent $RANDOM"
RANDOM=7; x=$(echo $RANDOM); echo "parent $RANDOM"
RANDOM=7; echo $RANDOM > /dev/null & wait; echo "parent $RANDOM"
(RANDOM=9; echo "sub $RANDOM $RANDOM")
echo "cmdsub $(RANDOM=9; echo $RANDOM)"
RANDOM=1; a=$( (echo $RANDOM) ); b=$( (echo $RANDOM) ); [ "$a" != 16807 ] && echo "subshell reseeded"
s1=$SRANDOM; s2=$SRANDOM; [ "$s1" != "$s2" ] && echo "srandom draws"
SRANDOM=5; [ "$SRANDOM" != 5 ] && echo "srandom ignores assignment"
BASHPID=5; echo "bashpid rc=$?"; [ "$BASHPID" != 5 ] && echo "bashpid ignores assignment"
[ $$ = $BASHPID ] && echo same; (echo $(( $$ == BASHPID )))
unset RANDOM; echo "[$RANDOM]"; RANDOM=3; echo "[$RANDOM] [$RANDOM]"
unset BASHPID; echo "[$BASHPID]"; unset SRANDOM; SRANDOM=4; echo "[$SRANDOM]"
PPID=3; echo "not reached"
echo "rc=$?"
UID=5; echo "not reached"
unset EUID; echo "unset rc=$?"
f() { PPID=4; echo "not reached"; }; f; echo "not reached"
# an exported RANDOM passes on its value cell (the last number drawn or
# assigned) as of when the export environment was last made: `export RANDOM`
# draws once; RANDOM=N does not remake the environment, another export does
RANDOM=1; export RANDOM; env > /dev/null; echo $RANDOM
RANDOM=1; export RANDOM; (env | grep RANDOM); echo $RANDOM
RANDOM=1; export RANDOM; env | grep RANDOM; env | grep RANDOM; export X=1; env | grep RANDOM; echo $RANDOM
export RANDOM; RANDOM=1; env | grep RANDOM; echo $RANDOM
RANDOM=1; env | grep RANDOM; echo $RANDOM
Y=2; export Y; RANDOM=5; Y=3; env | grep RANDOM
bash -c 'echo ${#RANDOM}' | grep -c .
# PPID is set at start-up: a subshell keeps its shell's, a bash it runs has its own
p=$PPID; (echo "subshell PPID kept $(( PPID == p ))"); bash -c 'echo $PPID' > ppid.out
[ "$(cat ppid.out)" = $$ ] && echo "a child bash's PPID is the shell"
echo end
