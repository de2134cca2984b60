// How a server process starts: its entry point and the Node.js flags it runs
// with. `npm start`, `npm run cluster` and the benchmarks use these; the
// Dockerfile's CMD and `npm run start:prod` spell the same flags out (a test
// keeps them equal).
export const ENTRY = 'dist/src/main.js';

// A 64 MB semi-space (Node 20's V8 defaults to 16 MB; Node 24's picks about
// 64 MB itself on a host with a few GB): a message allocates 60–90 KB, nearly
// all of it garbage within milliseconds, so a larger young generation is
// collected a quarter as often, for half the pause time in all
// (docs/performance.md, change 19; docs/operations.md, "Memory").
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
