# GNU ls -l: each column as wide as the listing's widest (ls.c gobble_file),
# a device's "major, minor"; the date set aside (the model keeps no mtimes)
d=/tmp/ls_long.$$
mkdir -p $d && cd $d
date_off() { sed 's/[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\{5\}/DATE/'; }
echo hi > a; head -c 123456 /dev/zero > big; mkdir d
for i in 2 3 4 5 6 7 8 9 10; do ln a a$i; done
ls -l | date_off
ls -ld d a big | date_off
ls -ln a big | date_off
ls -l /dev/null /dev/zero a | date_off
ls -l /dev/null | date_off
ln -s a l; ls -l l a d | date_off
ls -ld /proc/1 /proc/self/ /proc/meminfo | date_off
cd / && rm -rf $d
