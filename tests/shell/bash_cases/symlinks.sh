# symbolic links (fs/namei.py, shell/commands/links.py paths.py fileutils.py find.py): ln -s,
# readlink, realpath, test -L/-h, ls -l, stat, find -type l/-L, cd -P/-L, pwd -P, rm, ELOOP
d=$(mktemp -d) && cd "$d" || exit
r() { sed "s|$d|D|g"; }
touch a && mkdir d
ln -s a b; ln -s a b; echo rc=$?; ln -s '' e; echo rc=$?; ln -s a nodir/x; echo rc=$?
ln -sv a c; ln -sv a d; ln -sf x b; readlink b; ln -s a d; echo rc=$?
ln -sfn d dl; ln -sfn a dl; readlink dl; ln -s d dl2; ln -sn a dl2; echo rc=$?
ln -sr a d/rel; readlink d/rel; ln -s a; echo rc=$?; ln -r a rr; echo rc=$?
[ -L b ]; echo L=$?; [ -h b ]; echo h=$?; [ -e b ]; echo e=$?; [ -L a ]; echo La=$?; [ -L nope ]; echo Ln=$?
echo hi > a; cat c; cat d/rel; echo more >> c; cat a
readlink c; readlink a; echo rc=$?; readlink nope; echo rc=$?; readlink -v a; echo rc=$?
readlink -f c | r; readlink -f b | r; readlink -e b; echo rc=$?; readlink -m b/q/.. | r
realpath c d/rel | r; realpath -s c | r; realpath b | r; realpath -e b; echo rc=$?
ln -s loop loop; cat loop; echo rc=$?; readlink -f loop; echo rc=$?; realpath loop; echo rc=$?
ln -s "$d/d" dd; cd dd; pwd | r; pwd -P | r; pwd -L | r; echo "$PWD" | r; cd ..; pwd | r
cd -P dd; pwd | r; cd "$d"; cd -L dd/..; pwd | r; cd "$d"
cat dd/../a; ls dd/..; ls dd; ls -d dd; ls -F . | tr '\n' ' '; echo
ls -l dd c | sed 's/.*:[0-9][0-9] //' | r; ls -l d | sed 's/.*:[0-9][0-9] //'
rm b; [ -L b ]; echo b=$?; rm dd; ls; [ -d d ]; echo d=$?
ln c hard; stat -c '%h %F' hard c a; stat -L -c '%F %s' c; stat -c '%F %s %N' c dl e
mkdir -p d/x/y; ln -s x/y d/xy; ls d/xy; touch d/xy/f; ls d/x/y; mkdir -p d/xy/z; ls d/x/y
ln -s dangling dang; [ -e dang ]; echo e=$?; echo t > dang; cat dangling; readlink dang
ln -s nowhere dg1; echo dg*; echo dg*/; rm dg*; echo dg*
mv c c2; readlink c2; cat c2; unlink c2; cat a
find . -type l | sort; find . -type l -name "d*" | sort; find -L . -type l 2>&1 | sort
find -L d -type d | sort; find d -type d | sort; find -H d -maxdepth 0 -type d
cp -r d dcopy; find dcopy -type l | sort; readlink dcopy/xy; cp d/xy cpf 2>&1; echo rc=$?
i=0; prev=a; while [ $i -lt 41 ]; do ln -s $prev l$i; prev=l$i; i=$((i+1)); done
cat l39; echo rc=$?; cat l40; echo rc=$?; [ -e l40 ]; echo e=$?; [ -L l40 ]; echo L=$?
echo x > hf; ln -s hf hs; ln -L hs h1; ln hs h2; ln -P -L hs h3; ln -L -P hs h4; stat -c "%n %h %F" hf hs h1 h2 h3 h4
rm -r d; ls | tr '\n' ' '; echo
cd / && rm -rf "$d"
