# read -t from /dev/zero: bash drops the NUL bytes and reads on until the timer's
# SIGALRM: status 142, the variables empty (read.def); the model said it would run
# forever
x=old; read -t 0.1 x < /dev/zero; echo "$? [$x]"
read -t 0.2 -a arr < /dev/zero; echo "$? ${#arr[@]}"
TMOUT=0.1; read y z < /dev/zero; echo "$? [$y] [$z]"
