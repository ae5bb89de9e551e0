# source searches PATH for a name without a slash (sourcepath), then the
# working directory; a name with a slash is used as it is
echo 'echo here' > lib.sh
source lib.sh; . ./lib.sh
mkdir -p b c
echo 'echo frompath' > b/lib2.sh
echo 'echo shadow' > b/lib.sh
PATH=$PWD/b:$PATH
source lib.sh; source lib2.sh; source b/lib2.sh
shopt -u sourcepath
echo 'echo p' > c/l3.sh; PATH=$PWD/c:$PATH
source lib.sh; source l3.sh; echo $?
