mkdir -p /tmp/sg && cd /tmp/sg && touch a .h
echo *.none; shopt -s nullglob; echo "[" *.none "]"; shopt nullglob; shopt -q nullglob && echo q
shopt -u nullglob; echo *.none
shopt -s dotglob; echo *; shopt -u dotglob; echo *
shopt -p dotglob nullglob
shopt -s failglob; echo *.none; echo "after rc=$?"
shopt -u failglob
shopt -s nosuchopt; echo "rc=$?"
