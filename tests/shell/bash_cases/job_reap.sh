# bash deletes the jobs it notified of (here: by wait %1) at the next cleanup: a
# new line read (notify_and_cleanup), and REAP() in loops (after a while or arithmetic
# for test, after a for body), so the second wait %1 finds it only where neither ran
(exit 3) &
sleep 0.5
wait %1; echo "wait %1: $?"; wait %1; echo "again: $?"
(exit 4) &
sleep 0.5
wait %1 >/dev/null; while false; do :; done; wait %1; echo "after an empty loop: $?"
(exit 5) &
sleep 0.5
wait %1; for i in 1; do :; done; wait %1; echo "after a loop: $?"
(exit 6) &
sleep 0.5
wait %1; until true; do :; done; wait %1; echo "after an empty until: $?"
(exit 7) &
sleep 0.5
wait %1; for ((i=0;i<0;i++)); do :; done; wait %1; echo "after an empty arithmetic for: $?"
(exit 8) &
sleep 0.5
wait %1; for i in; do :; done; wait %1; echo "after an empty for: $?"
(exit 9) &
sleep 0.5
wait %1; if true; then :; fi; wait %1; echo "after an if: $?"
