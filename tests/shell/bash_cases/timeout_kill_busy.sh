# GNU timeout -s KILL: kill(0, SIGKILL) reaches timeout itself, whether the command
# sleeps or computes (the alarm goes off mid-computation): 137 and a Killed report
timeout -s KILL 1 md5sum /dev/zero; echo k=$?
timeout -s KILL 1 sleep 5; echo s=$?
( timeout -s KILL 1 md5sum /dev/zero ); echo sub=$?
timeout 1 md5sum /dev/zero; echo term=$?
