# GNU find -printf: names, places, types, modes, sizes, links; escapes, widths
mkdir -p d/e && touch d/f && ln -s f d/l && printf 'abc' > d/x
find d -printf '%p|%f|%h|%P|%H|%d|%y|%Y|%m|%M|%n|%u|%U|%l\n' | sort
find d -maxdepth 0 -printf '%-5f|%5d|\t%%\101\n'
find d -type f -printf '%s %f\n' | sort
find / -maxdepth 0 -printf '[%p] [%h] [%f] %d\n'
find d -maxdepth 0 -printf 'a\cb\n'; echo
find d -maxdepth 0 -printf '%z\n'
