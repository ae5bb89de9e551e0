# the variables bash sets at start-up (initialize_shell_variables, set_machine_vars),
# as `set` lists them and as scripts read them; then changed, unset, readonly
x=1
set | grep -Ev '^(BASH|HOSTNAME|PPID|PWD|HOME|PATH|LC_ALL|USER|_)='
echo "$HOSTTYPE|$OSTYPE|$MACHTYPE|$OPTERR|$OPTIND|$PS4|$SHELL|$TERM"
echo "$BASHOPTS"
echo "$SHELLOPTS"
set -eu -o pipefail; shopt -s nullglob
echo "$SHELLOPTS|$BASHOPTS"
set +eu +o pipefail; shopt -u nullglob
case $OSTYPE in linux*) echo linux ;; esac
OPTIND=2+3; echo "OPTIND=$OPTIND"
declare -p OPTIND OPTERR TERM BASH_ALIASES BASH_CMDS BASH_LINENO BASHOPTS SHELLOPTS
unset HOSTTYPE IFS TERM
declare -p HOSTTYPE IFS TERM
echo "[$HOSTTYPE] [$TERM]"
(SHELLOPTS=x; echo not here)
echo "status $?"
(BASHOPTS=x)
echo "status $?"
bash -c 'echo "child $TERM $HOSTTYPE"'
