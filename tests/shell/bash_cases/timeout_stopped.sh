# GNU timeout sends SIGCONT after its signal (coreutils timeout.c cleanup): a command
# that stopped itself still dies of it; its program's alarm ends the wait
timeout 1 sh -c 'kill -STOP $$; echo never'; echo "st $?"
timeout -s INT 1 sh -c 'kill -STOP $$; echo never'; echo "st $?"
