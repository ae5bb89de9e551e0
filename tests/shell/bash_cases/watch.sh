# procps-ng watch in a script: its option errors and usage, then ncurses' initscr with no
# terminal (TERM unset, empty or unknown): 'Error opening terminal', status 1
watch; echo "rc=$?"; watch -n; echo "rc=$?"; watch -n x date; echo "rc=$?"; watch -z date; echo "rc=$?"
watch date; echo "rc=$?"; watch -n 1 -t -d free; echo "rc=$?"; TERM=foo watch date; echo "rc=$?"; TERM= watch date; echo "rc=$?"
watch -v; echo "rc=$?"; watch -h | head -3; echo "rc=$?"
