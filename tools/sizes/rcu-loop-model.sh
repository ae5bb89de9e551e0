# calibration/rcu-gp-steps.sh's loop without its tracing, for the model
# (tools/sizes/model_reap_free.py ... --comm busybox; docs/fidelity.md item 473)
mkdir d; sync; sleep 0.5
for i in {1..20}; do head -c 8192 /dev/zero > d/f$i; done
sleep 0.3
