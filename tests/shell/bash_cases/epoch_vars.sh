# bash 5's EPOCHSECONDS and EPOCHREALTIME (variables.c get_epochseconds,
# get_epochrealtime): dynamic, assignments ignored, plain once unset
a=$EPOCHSECONDS; b=$EPOCHREALTIME
[[ $a =~ ^[0-9]{10}$ ]] && echo seconds
[[ $b =~ ^[0-9]{10}\.[0-9]{6}$ ]] && echo realtime
(( ${b%.*} - a <= 1 )) && echo same-clock
EPOCHSECONDS=5; [[ $EPOCHSECONDS != 5 ]] && echo assignment-ignored
EPOCHREALTIME=5; [[ $EPOCHREALTIME != 5 ]] && echo assignment-ignored
sleep 1.5; c=$EPOCHREALTIME
d=$(( (${c/./} - ${b/./}) / 100000 )); (( d >= 15 && d <= 16 )) && echo slept-1.5s
( echo subshell ${#EPOCHREALTIME} )
unset EPOCHSECONDS; echo "[$EPOCHSECONDS]"; EPOCHSECONDS=7; echo $EPOCHSECONDS
