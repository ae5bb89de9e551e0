# set -a: every variable set is exported (ash.c/dash var.c setvareq: aflag)
set -a; echo $-; x=1; env | grep -c ^x=
set -a -u; echo $-; set +u
set -o | grep allexport
echo E=9 > envf; . ./envf; set +a; sh -c 'echo $E'; y=2; env | grep -c ^y=
