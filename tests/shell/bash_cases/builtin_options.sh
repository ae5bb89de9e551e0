# Builtins read their options with internal_getopt (builtins/bashgetopt.c): an
# option a builtin does not take, or one missing its argument, is its message and
# builtin_usage's line (no shell name, no line number), status 2
for b in alias unalias pwd command hash jobs disown read unset trap type umask wait \
         export readonly declare typeset builtin eval source . times getopts set printf; do
  $b -Z
  echo "$b $?"
done
declare +Z; echo "declare + $?"
read -d; echo "read -d $?"
hash -p; echo "hash -p $?"
wait -p; echo "wait -p $?"
printf -v; echo "printf -v $?"
printf; echo "printf $?"
printf -vx %s 1; echo "x=$x"
printf -- -x; echo
kill; echo "kill $?"
kill -s; echo "kill -s $?"
getopts; echo "getopts $?"
trap x; echo "trap x $?"
trap -- -z; echo "trap -- $?"
trap -- INT; echo "trap INT $?"
unalias; echo "unalias $?"
alias q=r; unalias -a q; alias; echo "unalias -a $?"
set -eZ; echo "set $- $?"
set -o errexit -Z; echo "set -o $- $?"
builtin eval -Z; echo "builtin eval $?"
cd -x; echo "cd $?"
echo end
