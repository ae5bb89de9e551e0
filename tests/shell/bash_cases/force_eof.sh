# ${x?} and set -u's unbound variable: bash reports where it happens (a function
# defined in a -c string is the environment's) and jumps to top level with FORCE_EOF:
# status 1, a -c string's shell 127 (shell.c run_one_command), its EXIT trap run
bash -c 'x=${y?unset}'; echo $?
bash -c 'true; echo ${y:?}'; echo $?
bash -c 'trap "echo T \$?" EXIT; echo ${x?}'; echo $?
bash -c 'set -u; echo $y'; echo $?
bash -c '(echo ${x?}); echo $?; (set -u; echo $y); echo $?; echo $(echo ${x?}) $?; f(){ echo ${x?}; }; (f); echo $?'; echo $?
(echo ${x?}); echo $?
(set -u; echo $y); echo $?
bash -c 'f(){ echo ${x?}; }; f; echo after'; echo $?
printf 'echo ${x?}\necho after\n' > /tmp/force_eof.tmp; bash /tmp/force_eof.tmp; echo $?; rm -f /tmp/force_eof.tmp
