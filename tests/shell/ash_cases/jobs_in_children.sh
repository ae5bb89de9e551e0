# forkchild frees the job table in a child, busybox's but for a lone `jobs`
# (ash.c's "Job hack"), dash's in every child; showjob's mark column
sleep 2 & sleep 2 &
jobs; jobs | cat; echo "[$(jobs)]"; (jobs); { jobs; } | cat
kill %1 %2; wait
