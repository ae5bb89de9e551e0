# %NAME, %?TEXT, %%, %+, %- in kill, wait, jobs, disown (bash 5.2 get_job_spec,
# get_job_by_name); fg/bg without job control; jobs' options
sleep 5 | cat &
kill %cat; echo "kill %cat rc=$?"
kill %?CAT; echo "kill %?CAT rc=$?"
sleep 6 &
jobs %sl; echo "jobs %sl rc=$?"
wait %sl; echo "wait %sl rc=$?"
disown %sl; echo "disown %sl rc=$?"
jobs %?6; echo rc=$?
jobs %"sleep 6"; echo rc=$?
jobs %"sleep 6 "; echo rc=$?
jobs %?; echo "jobs %? rc=$?"
jobs %; echo "jobs % rc=$?"
jobs %0; echo "jobs %0 rc=$?"
jobs %-1; echo "jobs %-1 rc=$?"
jobs sleep; echo "jobs sleep rc=$?"
kill sleep; echo "kill sleep rc=$?"
wait sleep %1; echo "wait sleep rc=$?"
jobs -x echo %3 %nosuch; echo rc=$?
jobs -lx echo; echo rc=$?
jobs -x -l; echo rc=$?
jobs -q; echo rc=$?
jobs -- -1; echo rc=$?
fg; echo "fg rc=$?"
bg %1; echo "bg rc=$?"
kill %?6; wait %?6; echo "kill, wait %?6 rc=$?"
wait
jobs %%; echo "jobs %% rc=$?"
kill %+; echo "kill %+ rc=$?"
wait %-; echo "wait %- rc=$?"
sleep 0.5 &
jobs -r; jobs -s; echo rc=$?
jobs -n; echo rc=$?
wait %sleep; echo "wait %sleep rc=$?"
jobs -n; echo rc=$?
