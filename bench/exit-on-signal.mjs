// Preloaded by bench/compare.mjs when profiling: SIGUSR2 ends the process with
// process.exit(), so that `node --cpu-prof` writes its profile (a signal's
// default action would not).
process.on('SIGUSR2', () => process.exit(0));
