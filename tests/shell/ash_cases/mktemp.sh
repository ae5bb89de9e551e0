# mktemp's templates (busybox's: glibc's mkstemp, the last six characters XXXXXX;
# GNU's: three X's at least), in the working directory
mktemp -d x.XXXX > /dev/null; echo $?
mktemp -u x.XX; echo $?
mktemp -q x.XXXXX > /dev/null; echo $?
t=$(mktemp -d x.XXXXXX); [ -d "$t" ] && echo dir ${#t}
t=$(mktemp x.XXXXXXXX); [ -f "$t" ] && echo file ${#t}
