// How a server process starts: its entry point and the Node.js flags it runs
// with. `npm start`, `npm run cluster` and the benchmarks use these; the
// Dockerfile's CMD and `npm run start:prod` spell the same flags out (a test
// keeps them equal).
export const ENTRY = 'dist/src/main.js';

// A 64 MB semi-space (V8's default is 16 MB): a message allocates 60–90 KB,
// nearly all of it garbage within milliseconds, so a larger young generation
// is collected a quarter as often, for half the pause time in all
// (docs/performance.md, change 19; docs/operations.md, "Memory").
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
