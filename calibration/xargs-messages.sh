#!/bin/bash
# memcgsim calibration (session 37, branch novel37): busybox xargs' statuses and messages,
# serial and with -P (a command killed by a signal, one exiting 255, -P 0, a missing
# command, a -P that is no number). Guest only:
#   memcgsim oracle calibration/xargs-messages.sh --kernel 6.1 --cgroup v2 --record calibration/recordings/xargs-messages--6.1-v2.txt
echo x | xargs sh -c 'kill -9 $$'; echo "serial signal: $?"
printf '1\n2\n' | xargs -P 2 -n 1 sh -c 'kill -9 $$'; echo "parallel signal: $?"
echo x | xargs sh -c 'exit 255'; echo "serial 255: $?"
printf '1\n2\n' | xargs -P 2 -n 1 sh -c 'exit 255'; echo "parallel 255: $?"
printf '1\n2\n3\n' | xargs -P 0 -n 1 sh -c 'exit $0'; echo "P0 status: $?"
echo x | xargs -P 2 nosuchcmd; echo "parallel missing: $?"
echo x | xargs -P x echo; echo "bad P: $?"
