# busybox sh's <(...): the pipe's end moved to the lowest free descriptor from 64
# (ash.c evalbackcmd: fcntl F_DUPFD 64), closed as the command ends
echo <(true); cat <(echo hi); echo <(true) <(true)
exec 3>/dev/null; echo <(true)
f() { echo <(true); }; f
while read -r l; do echo "got $l"; done < <(echo a; echo b)
