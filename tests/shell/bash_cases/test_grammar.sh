# bash's test/[ (test.c): posixtest's cases by count, expr/term, the errors' words
[ x '(' ')' -eq ==; echo st $?
test a '(' !=; echo st $?
[ -eq -n '' ]; echo st $?
[ '(' ]; echo st $?
[ '(' -a a '' ]; echo st $?
test ; echo st $?
[ ')' == == x = -lt; echo st $?
[ -n; echo st $?
test -lt -z 2 '(' ')'; echo st $?
test 1 != = ! b -n; echo st $?
test '' ==; echo st $?
test 1 == = -o; echo st $?
test != b ==; echo st $?
[ x -z != '(' ]; echo st $?
[ -o a x a != -lt ]; echo st $?
[ == != b != b ''; echo st $?
[ -o -f ]; echo st $?
test -f -a; echo st $?
[ = -lt ]; echo st $?
[ ; echo st $?
[ x = ]; echo st $?
test -f a; echo st $?
test ! ')' -n == -eq ')'; echo st $?
[ -o '' ]; echo st $?
[ b 1 ! ')'; echo st $?
[ ! -z -z -n 2 '(' ]; echo st $?
[ -a '' b -eq -n ]; echo st $?
[ a ]; echo st $?
test a 2 -n -a x; echo st $?
[  ]; echo st $?
test -lt -lt; echo st $?
[  ]; echo st $?
[  ]; echo st $?
[ = = ]; echo st $?
test != -lt; echo st $?
test -o '' 1 -eq; echo st $?
[ 1 -o x 2 ]; echo st $?
[ 2 x ! -eq '' -z; echo st $?
test -eq a '('; echo st $?
[ -f; echo st $?
[ != / -t / ]; echo st $?
[ -2 x1 -o -t ]; echo st $?
test ; echo st $?
test ; echo st $?
[ -R -v ]; echo st $?
test -d != != -z -n x1; echo st $?
[ / -t / -n -n HOME /; echo st $?
[ -o ')' x1 -n -z -v -R; echo st $?
[ -nt != HOME ]; echo st $?
test -a; echo st $?
[ -R; echo st $?
test =; echo st $?
[ '<'; echo st $?
test ; echo st $?
test -t -a -2; echo st $?
test -ef -R; echo st $?
[  ]; echo st $?
test ; echo st $?
[ ; echo st $?
[ -ef -eq -z = ' 3'; echo st $?
[ '' ! -2 -v ')' ! -z ]; echo st $?
test ' 3' -n a -v; echo st $?
[ -v -ef -eq -a a ]; echo st $?
[ -f -ef -v -ef -lt a ')' ]; echo st $?
[ -n '(' 1 ]; echo st $?
test -2 -z -lt HOME -f -t; echo st $?
[ -ef -v -n ]; echo st $?
[ -f a ]; echo st $?
test '(' ' 3' -ef; echo st $?
[ -2 ' 3' = -o -v -lt ]; echo st $?
[ -o -eq == x1 = == 1 ]; echo st $?
[ ; echo st $?
[ -n '' a -nt -f a -n; echo st $?
[ ' 3' ]; echo st $?
test -ef; echo st $?
test -z '('; echo st $?
[ 1 -lt -2 x1; echo st $?
test / -lt -v ! -eq HOME; echo st $?
[ HOME -lt HOME -n; echo st $?
[ != / -ef = '<'; echo st $?
