# commands the shell cannot run: not found (127), a directory or a non-executable
# file (126), a binary file given to bash (126)
no-such-command-here arg; echo "st $?"
./nope; echo "st $?"
mkdir -p d; ./d; echo "st $?"
echo 'echo hi' > f; ./f; echo "st $?"
printf '\177ELF\002\001\001\000' > b; bash b; echo "st $?"
printf 'echo one\0two\n' > n; bash n; echo "st $?"
printf '#!/bin/bash\necho shebang\n' > s; bash s; echo "st $?"
x=$(no-such-command-either 2>&1); echo "st $? [${x#*: }]"
