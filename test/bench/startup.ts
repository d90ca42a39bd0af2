/**
 * Start-up benchmark: server spawn → initialize answered → first diagnostics published, resident
 * memory after the first validation, and IAM data load times. Run by `npm run bench`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { median } from './stats';
import { TestLspClient } from '../helpers/lspClient';
import { FIXTURES } from '../helpers/fixtures';
import { IamData } from '../../server/src/data/iamData';
import { generateTemplate } from './cfn-bench';

/** Goal of issue #16: the server's resident memory after opening the 5,000-line template. */
const TEMPLATE_RSS_GOAL_MB = 80;
/** The environment the VS Code client gives the server (client/src/extension.ts). */
const VSCODE_CLIENT_ENV = { MALLOC_ARENA_MAX: '1' };

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

async function once(text: string): Promise<{ ready: number; firstDiagnostics: number; rss: number }> {
  const t0 = performance.now();
  const c = new TestLspClient();
  await c.initialize({});
  const ready = performance.now() - t0;
  const uri = 'file:///bench/policy.json';
  await c.open(uri, text);
  await c.waitForDiagnostics((p) => p.uri === uri);
  const firstDiagnostics = performance.now() - t0;
  const rss = rssMb(c.proc.pid!);
  await c.shutdown();
  return { ready, firstDiagnostics, rss };
}

/** Server RSS after opening the 5,000-line, 150-policy CloudFormation template and receiving its diagnostics. */
async function templateRss(text: string, env: Record<string, string> = {}): Promise<number> {
  // The server inherits this process's environment (TestLspClient spawns it).
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  const c = new TestLspClient();
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await c.initialize({});
  const uri = 'file:///bench/template-5k.yaml';
  await c.open(uri, text, 'yaml');
  await c.waitForDiagnostics((p) => p.uri === uri, 60_000);
  const rss = rssMb(c.proc.pid!);
  await c.shutdown();
  return rss;
}

export async function benchStartup(runs = 5): Promise<void> {
  const text = fs.readFileSync(path.join(FIXTURES, 'checks', 'invalid-action', 'invalid.json'), 'utf8');
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(text));
  const template = generateTemplate(150, 5000);
  const templateRuns: number[] = [];
  // Also as the VS Code client starts it (client/src/extension.ts: one malloc arena).
  const clientRuns: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    templateRuns.push(await templateRss(template));
    clientRuns.push(await templateRss(template, VSCODE_CLIENT_ENV));
  }
  const indexLoads: number[] = [];
  for (let i = 0; i < 5; i++) indexLoads.push(new IamData().loadMs);
  const data = new IamData();
  const t = performance.now();
  for (const s of data.listServices()) data.listResourceTypes(s.prefix);
  const allServices = performance.now() - t;
  console.log('\nStart-up (median of %d runs)', runs);
  console.table({
    'server spawn → initialize answered (ms)': median(results.map((r) => r.ready)).toFixed(0),
    'server spawn → first diagnostics (ms)': median(results.map((r) => r.firstDiagnostics)).toFixed(0),
    'server RSS after first validation (MB)': median(results.map((r) => r.rss)).toFixed(1),
    [`server RSS after opening the 5,000-line template (MB, goal ≤ ${TEMPLATE_RSS_GOAL_MB})`]: `${median(templateRuns).toFixed(1)} ${median(templateRuns) <= TEMPLATE_RSS_GOAL_MB ? 'meets' : 'misses'} the goal`,
    [`… started as the VS Code client does (MALLOC_ARENA_MAX=1) (MB)`]: `${median(clientRuns).toFixed(1)} ${median(clientRuns) <= TEMPLATE_RSS_GOAL_MB ? 'meets' : 'misses'} the goal`,
    'IAM data index load (ms)': median(indexLoads).toFixed(1),
    'load details of all services, worst case (ms)': allServices.toFixed(0),
  });
}

if (require.main === module) void benchStartup();
