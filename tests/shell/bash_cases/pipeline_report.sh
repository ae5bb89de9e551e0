# a foreground pipeline's death is reported as a job's: only when its last
# process (raw_job_exit_status) died of a signal, then every process with its
# own status, on the pipeline's line
(sleep 0.3; kill -9 $(cat /tmp/pipeline_report_pid)) &
{ echo $BASHPID > /tmp/pipeline_report_pid; exec sleep 1; } | cat; echo "st=${PIPESTATUS[*]}"
(sleep 0.3; kill -9 $(cat /tmp/pipeline_report_pid)) &
sleep 1 | { echo $BASHPID > /tmp/pipeline_report_pid; exec cat; } | (exit 3); echo "st=${PIPESTATUS[*]}"
(sleep 0.3; kill -9 $(cat /tmp/pipeline_report_pid)) &
sleep 1 | { echo $BASHPID > /tmp/pipeline_report_pid; exec cat; }; echo "st=${PIPESTATUS[*]}"
set -o pipefail
(sleep 0.3; kill -9 $(cat /tmp/pipeline_report_pid)) &
{ echo $BASHPID > /tmp/pipeline_report_pid; exec sleep 1; } | true; echo "st=${PIPESTATUS[*]}"
rm -f /tmp/pipeline_report_pid
