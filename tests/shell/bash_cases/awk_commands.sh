# awk's "cmd" | getline (the command run by sh -c, read to its end; NR stays, as
# mawk 1.3.4's and busybox's; close(cmd) runs it again) and system() (its status), sleeping too
printf '1\n22\n333\n' > procs
awk 'BEGIN { "echo hi" | getline x; print x, NR }'
awk 'BEGIN { while (("cat procs" | getline l) > 0) s += l; print s, NR }'
awk 'BEGIN { "cat procs" | getline; print $0, NF, NR; "cat procs" | getline; print; close("cat procs"); "cat procs" | getline; print }'
awk 'BEGIN { cmd = "wc -l < procs"; cmd | getline n; close(cmd); print n + 0 }'
echo x | awk '{ "echo a b c" | getline; print $2, NR, FNR }'
awk 'BEGIN { r = ("exit 3" | getline y); print r, "[" y "]" }'
awk 'BEGIN { "nosuchcmd 2>/dev/null" | getline z; print "[" z "]" }'
awk 'BEGIN { "sleep 1; echo slept" | getline x; print x; r = system("sleep 2; exit 4"); print r }'; echo $SECONDS
awk 'BEGIN { system("echo from system"); print "after" }' | cat
