# |& is 2>&1 | (bash's parse.y), the standard error joined after the command's own
# redirections; declare -f prints it so
echo out; ls /nonexistent-x |& tr a-z A-Z
{ echo o; echo e >&2; } |& cat -n
f() { echo fe >&2; }; f |& wc -l
echo x 2>/dev/null |& cat
( echo sub >&2 ) |& cat
echo 1 >&2 |& cat |& cat
g() { echo a |& cat; ls /x 2>/dev/null |& cat; }
declare -f g
g
