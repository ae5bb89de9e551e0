# $? after a command substitution in the same command reads its status (subst.c
# command_substitute sets last_command_exit_value); an empty $() leaves it
echo $(false) $?
echo $(exit 3) $?
x=$(exit 4) y=$?; echo $y
echo "$(exit 5)" $?
false; echo $() $?; false; echo $( ) $?; true; echo $(< /nonexistent) $?
false; x=$(); echo $?
echo $(exit 3) $(echo $?)
f() { return $(exit 6); }; f; echo $?
for i in $(exit 7) a; do echo $i $?; done
case $(exit 8) in *) echo $?;; esac
[ "$(exit 9)" = "" ]; echo $?
echo $(exit 2) > /dev/null; echo $?
