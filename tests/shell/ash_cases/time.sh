# busybox's time applet (miscutils/time.c, 1.35): its options, its format's
# specifiers (an unknown one, %% and a backslash print nothing), the child's
# exit code or killing signal as its status, a program it cannot run
time -f '%C|%x|%Z|%%|%q|a\tb|%D%I%W|%F' true a b
time -f '%x' sh -c 'exit 3'; echo $?
time -f '%x' sh -c 'kill -9 $$'; echo $?
time -q true; echo $?
time; echo $?
time -f '%x' nonexist; echo $?
time -o t.out -f 'A %x' true; cat t.out; time -a -o t.out -f 'B' true; cat t.out
time -ao t.out -f'C' true; cat t.out
TIME='T %x' time true
TIME='T %x' time -f 'U' true
time -f 'V %C' -- true -f; echo $?
