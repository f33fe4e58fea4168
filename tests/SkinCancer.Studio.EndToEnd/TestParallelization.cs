// Each end-to-end test runs a studio that trains on the CPU and drives Chromium: two of them at once on a small machine
// only make both slow and their waits and timings meaningless.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
