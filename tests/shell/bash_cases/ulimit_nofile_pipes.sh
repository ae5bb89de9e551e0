# RLIMIT_NOFILE on the shell's pipes (0-2 open, the script at 255 above the limit):
# execute_pipeline's pipe() needs 2 descriptors free, 3 from its second pipe on
# (the read end before held); "pipe error" and exit 129; a command substitution's
# pipe: its expansion empty
( ulimit -Sn 5; echo hi | cat; echo "two $?" )
( ulimit -Sn 5; echo hi | cat | cat; echo "three $?" ); echo "st $?"
( ulimit -Sn 6; echo hi | cat | cat | cat; echo "four $?" )
( ulimit -Sn 4; { echo a | cat; echo "in $?"; }; echo never ); echo "st $?"
( ulimit -Sn 4; ( echo a | cat; echo "in $?" ); echo "paren $?" )
( ulimit -Sn 5; exec 3>f; echo hi | cat; echo never ); echo "st $?"
( ulimit -Sn 4; x=$(echo hi); echo "cs $? [$x]" )
( ulimit -Sn 5; x=$(echo hi | cat); echo "cs2 $? [$x]" )
( ulimit -Sn 4; echo x <(echo hi) end; echo "ps $?" )
( ulimit -Sn 5; echo hi | (echo a | cat); echo "nested $? ${PIPESTATUS[*]}" )
( ulimit -Sn 4; echo a | cat & wait; echo never ); echo "bg $?"
( ulimit -Sn 5; { sleep 0.3; echo a >&2; } | cat | cat & wait; echo never ); echo "bg2 $?"; sleep 1; echo end
rm -f f
