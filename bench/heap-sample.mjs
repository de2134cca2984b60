// Preloaded by bench/solo.mjs with --heap-prof FILE: V8's sampling heap
// profiler, counting the objects the garbage collector has freed too (what
// the message path allocates, not only what it keeps). SIGWINCH (sent by
// solo.mjs when the load tool starts measuring) starts it; at exit the
// profile is written to BENCH_HEAP_PROFILE (open it in Chrome DevTools, or
// `node bench/heap-top.mjs FILE`).
import fs from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_HEAP_PROFILE;
const session = new Session();
session.connect();
let sampling = false;
// SIGWINCH: Nest's shutdown hooks listen to SIGUSR2 and most others, and SIGUSR1 is the debugger's
process.once('SIGWINCH', () => {
  session.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }, (err) => {
    if (err) console.error(`heap sampling: ${err.message}`);
    else sampling = true;
  });
});
process.on('exit', () => {
  if (!sampling || !file) return;
  // a session on the process's own thread answers synchronously, so this runs before the exit
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) console.error(`heap sampling: ${err.message}`);
    else fs.writeFileSync(file, JSON.stringify(result.profile));
  });
});
