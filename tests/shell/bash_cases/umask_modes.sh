# umask applied to what is created (open O_CREAT 0666, mkdir 0777, mkfifo: mode & ~umask,
# inherited by subshells and programs), chmod of directories, chmod's surprise warning
mkdir umt && cd umt
umask 077; echo a > f1; mkdir d1; touch f2; mkfifo p1
stat -c '%a %F %n' f1 d1 f2 p1
umask 002; ( echo b > f3; mkdir d2 ); bash -c 'echo c > f4; mkdir d3'
stat -c '%a %n' f3 d2 f4 d3
umask 0; : > f5; mkdir d4; stat -c '%a %n' f5 d4
umask 022; chmod 700 d4; chmod g+w d1; chmod +x f5; stat -c '%a %n' d4 d1 f5
umask 027; chmod +w f5; chmod -x f5; chmod =r f5; stat -c '%a %n' f5
ls -ld d1 d4 | cut -c1-10
mv d4 d5; stat -c '%a %n' d5; rmdir d5 d1 d2 d3; mkdir d1; stat -c '%a %n' d1
cd .. && rm -rf umt
