# set -v: each line echoed on stderr as the parser reads it, before it runs
echo before
set -v
echo hi; echo $-
for i in 1 2; do
  echo "$i"
done
f() {
  echo in f
}
f
eval "echo e1
echo e2"
printf 'echo sourced1\necho sourced2' > inc.sh
. ./inc.sh
cat <<EOF
body
EOF
cat <<A; cat <<B
a
A
b
B
echo after # comment

# a comment line
set +v
echo quiet
set -o verbose
set -o | grep -E 'verbose|notify'
set -b
echo $-
set +bv
echo $-
# read at the end
