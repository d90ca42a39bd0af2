/**
 * The language server's young generation stays at V8's initial size (a 1 MB semi-space) instead of
 * growing to 2 × 16 MB: a long-lived process that reads templates of thousands of lines would keep
 * the grown young generation for good (issue #16 goal 3: RSS after opening the 5,000-line template
 * ≈ 98 → 80 MB; validation CPU and completion latency unchanged within noise, scavenges are more
 * frequent but cheaper). `--max-semi-space-size` set at run time has no effect on Node 20 (the heap
 * is configured at start), the growth factor does (read at each growth); so it works however the
 * server is started (`node dist/server.js --stdio` from any editor too). Imported first by server.ts,
 * before the bundle's modules allocate. A semi-space flag given on the command line (or in
 * NODE_OPTIONS) is left alone.
 */
import { setFlagsFromString } from 'v8';

if (!process.execArgv.some((a) => a.includes('semi-space')) && !process.env.NODE_OPTIONS?.includes('semi-space')) setFlagsFromString('--semi-space-growth-factor=1');
