# A -c string's lines: busybox counts them from 0 (ash.c setinputstring takes
# lineno), dash from 1; a busybox trap's lines all count as its first (nlprompt
# counts none while trap_depth > 0); dash reads a backquoted command from line 1
# (busybox from the last line run before it was read: not modelled, not here)
sh -c 'echo $LINENO
echo $LINENO; eval "echo \$LINENO
echo \$LINENO"
f() { echo $LINENO; }
f'
sh -c 'echo
cd /nonexistent'
sh -c 'trap "echo a \$LINENO
cd /nonexistent-in-trap
echo c \$LINENO" EXIT
echo
echo'
sh -c 'echo
eval "echo )"'
echo "end $LINENO"
