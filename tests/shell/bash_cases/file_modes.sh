# permission bits: mkdir's mode less the umask, -m exact (symbolic from a=rwx), -p's
# parents and -v; cp's new files (busybox's keep setuid bits); chmod -R (links left
# alone), -v, a missing file
umask 077; mkdir x; mkdir -m 777 y; mkdir -p -m 750 z/w; mkdir -m u=rwx,g=rx u; mkdir -m +w q
stat -c '%a %n' x y z z/w u q; umask 022
mkdir -pv a/b; mkdir -pv a/b/c a/d; mkdir -v e; mkdir -pv e
touch f; chmod 4755 f; cp f g; cp -a f h; umask 077; cp f i; umask 022; touch j; chmod 600 j; cp f j
stat -c '%a %n' f g h i j
mkdir -p r/s/t; touch r/k r/s/l; ln -s ../f r/m; chmod -R 700 r; echo "rc=$?"
stat -c '%a %n' r r/s r/s/t r/k r/s/l f; chmod -R go+r r; stat -c '%a %n' r r/k
chmod -v 600 nope; echo "rc=$?"; chmod -v 640 j | sed 's/ (.*)//'
