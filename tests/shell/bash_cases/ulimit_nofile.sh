# RLIMIT_NOFILE (ulimit -n): open past it is EMFILE, dup2 onto a descriptor at or
# past it EBADF, {NAME}'s F_DUPFD from 10 EINVAL under 11 and EMFILE when 10..limit-1
# are taken; bash's saving of an open descriptor it redirects needs a free one
ulimit -Sn 5
exec 6>f6; echo "rc=$?"; ls f6
exec 4>f4; echo "rc=$?"
exec 3>f3; echo "rc=$?"
exec 7<f4; echo "rc7=$?"
exec 9>&4; echo "dup9=$?"
exec 3>&4; echo "dup3=$?"
exec {u}>f9; echo "u st=$? u=[$u]"
ulimit -Sn 8
exec {u}>f9; echo "u8 st=$? u=[$u]"
ulimit -Sn 40
exec 3>&- 4>&-
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31; do
  exec {v}>f$i || break
done
echo "last v=$v i=$i"
exec {w}>g; echo "w st=$? w=[$w]"
exec 50>g; echo "50 st=$?"
exec 5>g; echo "5 st=$?"
echo x > f1; echo "f1 st=$?"
ulimit -n
