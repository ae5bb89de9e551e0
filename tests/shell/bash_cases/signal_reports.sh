# notify_of_job_status: a foreground job's death by SIGTERM (DONT_REPORT_SIGTERM)
# or by a signal the shell traps is reported as the signal's description alone;
# SIGINT and SIGPIPE never; in a command substitution nothing. kill -l's table.
sh -c 'kill $$'; echo a=$?
sh -c 'kill -PIPE $$'; echo b=$?
x=$(sh -c 'kill $$'); echo c=$?
sh -c 'kill $$' | cat; echo d=$?
cat /dev/zero | sh -c 'kill $$'; echo e=$?
trap 'echo trapped' HUP; sh -c 'kill -HUP $$'; echo f=$?
sh -c 'kill -INT $$'; echo g=$?
sleep 5 & kill $!; wait $!; echo h=$?
kill -l
kill -l 9 35 50 64 137
kill -l 200; echo i=$?
