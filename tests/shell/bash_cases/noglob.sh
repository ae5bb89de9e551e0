# set -f / set -o noglob: no pathname expansion (subst.c glob_expand_word_list), $- and
# SHELLOPTS with it; patterns (case, [[) still match
cd /tmp && mkdir -p noglob.d && cd noglob.d && touch a1 a2 b1
echo a*; set -f; echo a* "[$-]"; x='b*'; echo $x; for f in *; do echo "f=$f"; done; case a1 in a*) echo case;; esac
[[ a1 == a* ]] && echo dbl; set +f; echo a* "[$-]"; set -o noglob; echo b*; set -o | grep noglob; echo $SHELLOPTS; set +o noglob; echo b*
cd /tmp && rm -r noglob.d
