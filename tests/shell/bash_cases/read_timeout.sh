# read -t: status 142 (128 + SIGALRM) when no line comes in time, what came assigned;
# -t 0 tells whether input is available; bad timeouts; TMOUT as the default
{ sleep 1; echo late; } | { read -t 0.3 x; echo "st=$? x=[$x]"; }
{ printf 'part'; sleep 1; echo rest; } | { read -t 0.3 x; echo "st=$? x=[$x]"; read y; echo "y=[$y]"; }
{ sleep 0.2; echo soon; } | { read -t 2 x; echo "st=$? x=[$x]"; }
{ sleep 0.5; echo soon; } | { read -t 0 x; echo "t0 st=$? x=[$x]"; }
echo now | { sleep 0.2; read -t 0; echo "t0 avail st=$?"; read z; echo "z=[$z]"; }
read -t 0 < /dev/null; echo "devnull $?"
read -t 0.0 < /dev/null; echo "zero $?"
read -t abc x < /dev/null; echo "bad $?"
read -t -1 x < /dev/null; echo "neg $?"
read -t 1.5x x < /dev/null; echo "bad2 $?"
sleep 1 | { read -t 0.2 -n 3 x; echo "n st=$? x=[$x]"; }
{ sleep 0.2; echo a; sleep 1; echo b; } | while read -t 0.5 l; do echo "got $l"; done; echo "loop $?"
exec 3< <(sleep 0.5; echo fd3)
read -t 0.2 -u 3 v; echo "u st=$? v=[$v]"
read -t 2 -u 3 v; echo "u2 st=$? v=[$v]"
exec 3<&-
( sleep 1 | { read -t 0.2 x; echo "bg st=$?"; } ) &
sleep 0.5; echo "fg at 0.5"; wait
TMOUT=0.2; sleep 1 | { read x; echo "tmout st=$?"; }; unset TMOUT
mkfifo ff; (sleep 0.3; echo viafifo > ff) & read -t 0.1 w < ff; echo "fifo st=$? w=[$w]"; wait; rm -f ff
