# an array element before a command is no identifier to assign_in_env:
# sh_invalidid names it as written, the command runs without it
a[1]=x echo hi
echo st=$?
a[ 2 ]=y printenv a
echo st=$? "${a[@]}"
b=(1 2) echo hi2
echo st=$?
a[1]=x true; echo st=$? "${a[@]}"
f() { echo in f; }
a[3]=z f; echo st=$? "${a[@]}"
a[4]=z : ; echo st=$? "${a[@]}"
x=1 a[5]=q echo hi3; echo st=$?
a[1]+=$(echo side >&2) echo hi4; echo st=$?
