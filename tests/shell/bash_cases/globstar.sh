# shopt -s globstar: ** alone as a component matches every file and directory below
# (glob.c GX_ALLDIRS), **/ directories only, links listed but not walked; sorted
cd "$(mktemp -d)"
mkdir -p a/b/c a.d z .h/x; : > a/f; : > a/b/g; : > a/b/c/h; : > a.d/i; : > z/j; : > a-k; : > .h/x/y; : > .h/top; : > b
ln -s a/b lnk
shopt -s globstar
for p in '**' '**/' 'a/**' 'a/**/' '**/g' '**/*.d' 'a**' '**/b/**' './**/h' '**/.h' 'lnk/**' '**/c' '"**"'; do echo "== $p"; eval "echo $p"; done
shopt -s dotglob; echo **; shopt -u dotglob
echo nomatch/**; echo **/nomatch; shopt -s nullglob; echo "[" **/nomatch "]"; shopt -u nullglob
for f in **/*; do [ -f "$f" ] && n=$((n+1)); done; echo "files $n"
shopt -u globstar; echo **/g
