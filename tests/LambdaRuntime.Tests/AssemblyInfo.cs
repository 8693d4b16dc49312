// The runtime sets _X_AMZN_TRACE_ID, a process-wide variable: tests running side by side would see each other's value.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
