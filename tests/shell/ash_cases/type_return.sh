# the ash family's type (busybox: a first -x argument makes it brief, command -v's
# words; dash: every argument a name) and return's status (dash keeps all of it)
f() { :; }
type -t cd f nosuch; echo $?
type cd f; type nosuch; echo $?
g() { return 300; }; g; echo $?
h() { return 256; }; h; echo $?
(exit 300); echo $?
