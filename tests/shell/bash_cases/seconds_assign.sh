# SECONDS=N: N and the whole seconds since (variables.c assign_seconds/get_seconds)
SECONDS=100; echo $((SECONDS >= 100 && SECONDS <= 101))
SECONDS=junk; echo $((SECONDS <= 1))
sleep 1.1; echo $((SECONDS >= 1))
unset SECONDS; SECONDS=7; sleep 1.1; echo "$SECONDS"
