# the names bash gives deaths by every terminating signal (glibc strsignal), the
# real-time ones by number and by name
for s in STKFLT XCPU XFSZ VTALRM PROF IO PWR SYS 34 35 50 64; do sleep 100 & kill -$s $!; wait $!; echo "$s $?"; done
kill -l 34 64 RTMIN+3 RTMAX-2
