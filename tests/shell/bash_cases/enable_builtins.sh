# enable -n turns builtins off (the program runs, type finds the file), enable lists them (enable.def)
enable -n echo; enable -n; enable -a | grep -n echo; type echo; builtin echo hi; echo "rc=$?"
echo via-program; command -v echo; ( enable -n | wc -l ); enable echo; type -t echo
enable nonesuch; echo "rc=$?"; enable -n nonesuch; echo "rc=$?"
enable -p | head -2; enable -s | tr '\n' ' '; echo; enable -x; echo "rc=$?"
enable | wc -l; enable -a | wc -l; enable -n test [; [ 1 = 1 ] && echo bracket-program; enable -n | tr '\n' ' '; echo
