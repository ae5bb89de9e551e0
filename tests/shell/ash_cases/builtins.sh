# busybox sh's own builtins and listings where bash's differ (shell/ash.py): the
# builtins it lacks, type/alias/hash/times/ulimit/export/readonly/set/jobs, its
# variables (no bash's), set -f, wait and fg errors, return at the top level
declare -i x=1; echo "declare rc=$?"
shopt -s nullglob; echo "shopt rc=$?"
pushd /tmp; echo "pushd rc=$?"
type cd; type ls; type nosuch; echo "type rc=$?"
alias a="it's"; alias; alias a; alias zz; echo "alias rc=$?"; unalias zz; echo "rc=$?"
hash; hash nosuchzz; echo "hash rc=$?"
times
ulimit -a | sed 's/) .*/)/'
ulimit -n abc; echo "ulimit rc=$?"
export X=1; export -p | grep ' X='
readonly R="a'b"; readonly -p | grep R
set | grep -e '^PS' -e '^OPTIND' -e '^LINENO' -e '^FUNCNAME'
echo "[$BASH_VERSION][$BASHPID][$SECONDS][$UID][$SHELLOPTS][${PPID:+ppid}][${RANDOM:+random}]"
f() { echo "[$FUNCNAME][$LINENO]"; }; f
cd /tmp && mkdir -p ash_noglob.d && cd ash_noglob.d && touch a1 a2
echo a*; set -f; echo a* "[$-]"; set +f; echo a*
cd .. && rm -r ash_noglob.d
sleep 1 & sleep 2 & jobs; kill %1; sleep 0.1; jobs; wait
(exit 3) & sleep 0.2; jobs; jobs
wait %1; echo "wait rc=$?"
wait 12345; echo "wait rc=$?"
wait abc; echo "wait rc=$?"
fg; echo "fg rc=$?"
x=1; f() { local x; echo "[$x]"; local y=2; local; }; f; echo "[$x][$y]"
return 5
echo not reached
