# type's and command -v/-V's forms (builtins/type.def describe_command)
f() { echo hi; }
type -P cat; type -p cat; type -P cd; echo "rc=$?"; type -a echo; type -t ls cd f if
type -p f cd; echo "rc=$?"; type -f f; echo "rc=$?"; type -at true; type nonesuch ls; echo "rc=$?"
command -v ls cd f if nonesuch; echo "rc=$?"; command -V ls f; command -V nonesuch; echo "rc=$?"
type /bin/ls /nonexistent; echo "rc=$?"; type -Q; echo "rc=$?"
ls >/dev/null; type ls; type -a ls; command -v ls
