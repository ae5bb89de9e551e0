"""Container churn at host scale: workload specs, the engine that drives the
``Kernel`` API on the simulated clock, metrics, the run store, plots and sweeps."""
