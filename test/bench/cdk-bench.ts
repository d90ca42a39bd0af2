/**
 * CDK benchmark: loading the tree-sitter runtime and grammars, the first parse of a generated
 * ~3,000-line TypeScript CDK stack (≈ 150 statements: inline, builder-style, resource policies,
 * trust policies), and re-validation (incremental parse + every check) after one-character edits,
 * which is the server's work per keystroke. Budget: 30 ms per re-validation.
 * Also the cold open: a fresh server (dist/server.js) whose reference data is loaded, the first CDK
 * file opened; the time until its diagnostics are published, wasm load included. Budget: 300 ms.
 * Run: `npm run bench` or `node out/test/bench/cdk-bench.js`.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { median, p95, BENCH_ACTIONS as ACTIONS } from './stats';
import { PolicyService } from '../../server/src/service';
import { initCdk, initCdkFor, parseCdk } from '../../server/src/adapters/cdk';
import { TestLspClient } from '../helpers/lspClient';
import { ACTION_LIST, generateCdkStackIn, type BenchLanguage } from './cdkStacks';

const EXTENSION: Record<BenchLanguage | 'typescript', string> = { typescript: 'ts', python: 'py', java: 'java', csharp: 'cs', go: 'go' };

/** A CDK stack in TypeScript of about `lines` lines. */
export function generateCdkStack(lines = 3000): string {
  const out: string[] = [
    "import * as cdk from 'aws-cdk-lib';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import * as s3 from 'aws-cdk-lib/aws-s3';",
    "import { Construct } from 'constructs';",
    '',
    "const SHARED_ACTIONS = ['s3:GetObject', 's3:ListBucket'];",
    '',
    'export class BenchStack extends cdk.Stack {',
    '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {',
    '    super(scope, id, props);',
  ];
  let i = 0;
  while (out.length < lines - 3) {
    const a = ACTIONS[i % ACTIONS.length];
    const b = ACTIONS[(i + 5) % ACTIONS.length];
    switch (i % 4) {
      case 0:
        out.push(
          `    const bucket${i} = new s3.Bucket(this, 'Bucket${i}', { versioned: true });`,
          `    const role${i} = new iam.Role(this, 'Role${i}', {`,
          `      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),`,
          `      description: 'role ${i}',`,
          '    });',
          `    role${i}.addToPolicy(new iam.PolicyStatement({`,
          `      sid: 'S${i}',`,
          '      effect: iam.Effect.ALLOW,',
          `      actions: ['${a}', '${b}'],`,
          `      resources: [bucket${i}.bucketArn, \`\${bucket${i}.bucketArn}/*\`],`,
          '    }));',
        );
        break;
      case 1:
        out.push(
          `    const st${i} = new iam.PolicyStatement({ actions: SHARED_ACTIONS });`,
          `    st${i}.addResources('arn:aws:s3:::bucket-${i}', 'arn:aws:s3:::bucket-${i}/*');`,
          `    st${i}.addActions('${a}');`,
          `    st${i}.addCondition('StringEquals', { 'aws:RequestedRegion': 'us-east-1' });`,
          `    role${i - 1}.addToPrincipalPolicy(st${i});`,
        );
        break;
      case 2:
        out.push(
          `    bucket${i - 2}.addToResourcePolicy(new iam.PolicyStatement({`,
          '      effect: iam.Effect.DENY,',
          '      principals: [new iam.AnyPrincipal()],',
          "      actions: ['s3:*'],",
          `      resources: [bucket${i - 2}.bucketArn, bucket${i - 2}.arnForObjects('*')],`,
          "      conditions: { Bool: { 'aws:SecureTransport': 'false' } },",
          '    }));',
        );
        break;
      default:
        out.push(
          `    new iam.ManagedPolicy(this, 'Managed${i}', {`,
          '      statements: [',
          `        new iam.PolicyStatement({ actions: ['${a}'], resources: ['arn:aws:ssm:us-east-1:123456789012:parameter/app/${i}'] }),`,
          `        new iam.PolicyStatement({ actions: ['${b}'], resources: ['*'] }),`,
          '      ],',
          '    });',
          '    // A comment line between constructs, as real stacks have.',
          `    new cdk.CfnOutput(this, 'Out${i}', { value: 'x${i}' });`,
        );
    }
    i++;
  }
  out.push('  }', '}', '');
  return out.join('\n');
}

export async function benchCdk(runs = 30, lang: BenchLanguage | 'typescript' = 'typescript'): Promise<Record<string, number>> {
  const base = lang === 'typescript' ? generateCdkStack() : generateCdkStackIn(lang);
  const ext = EXTENSION[lang];
  const uri = `file:///bench/stack.${ext}`;
  let t = performance.now();
  await initCdk();
  const runtimeMs = performance.now() - t;
  t = performance.now();
  await initCdkFor({ uri, text: base });
  const grammarMs = performance.now() - t;
  t = performance.now();
  const first = parseCdk({ uri, text: base });
  const firstParseMs = performance.now() - t;
  const statements = first.policies.reduce((n, p) => n + p.statements.length, 0);
  first.tree?.delete();
  const service = new PolicyService(undefined, { cacheFindings: true }); // as the server runs it
  t = performance.now();
  service.validate({ uri: `file:///bench/first.${ext}`, text: base });
  const firstValidateMs = performance.now() - t;
  // Versions, as the server passes them (the facade keeps the document's parse and state).
  let version = 0;
  for (let w = 0; w < 3; w++) service.validate({ uri, text: base + ' '.repeat(w), version: ++version });
  const validateTimes: number[] = [];
  // CPU time as well: on a shared, loaded machine wall time is mostly waiting for a core.
  const cpuTimes: number[] = [];
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  // From the last warm-up's text: starting from `base` made the first measured edit also delete the
  // warm-ups' trailing spaces, one edit from the typing place to the end of the file (a full
  // re-extraction, ≈ 100 policies checked: most of the "4.2 policies checked per edit").
  let text = base + ' '.repeat(2);
  const cache = service.findingsCache!;
  const missesBefore = cache.misses;
  for (let r = 0; r < runs; r++) {
    // Typing one character inside an action string (everything after it moves by one); every 5th
    // edit adds a line instead (Enter at the end of that line: a new, indented blank line). Until
    // 2026-12-02 the new line went inside the action string, which breaks the string: in Python
    // tree-sitter's recovery then changes the parse of the rest of the file (p95).
    const { open, skip } = ACTION_LIST[lang];
    const found = text.indexOf(open, (r * 7919) % (text.length - 200));
    const at = r % 5 === 4 ? text.indexOf('\n', found) : found + skip;
    text = text.slice(0, at) + (r % 5 === 4 ? '\n      ' : 'x') + text.slice(at);
    t = performance.now();
    const c = cpu();
    service.validate({ uri, text, version: ++version });
    validateTimes.push(performance.now() - t);
    cpuTimes.push(cpu() - c);
  }
  return {
    lines: base.split('\n').length - 1,
    statements,
    runtimeMs,
    grammarMs,
    firstParseMs,
    firstValidateMs,
    validateMs: median(validateTimes),
    validateP95Ms: p95(validateTimes),
    validateCpuMs: median(cpuTimes),
    validateCpuP95Ms: p95(cpuTimes),
    checkedPerEdit: (cache.misses - missesBefore) / runs,
    policies: first.policies.length,
  };
}

/** /proc CPU time (user + system, ms) of a process; undefined where /proc is not available. */
function procCpuMs(pid: number): number | undefined {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/**
 * The cold open through the real server (dist/server.js over stdio), in `runs` fresh processes:
 * initialize, the reference data loaded (a serverStatus request, as the client sends at start-up),
 * then the first CDK file opened; the time until its diagnostics are published, and the server's
 * CPU time for it. Includes the tree-sitter runtime and grammar load (lazy, on this file).
 */
export async function benchCdkColdOpen(text: string, runs = 5): Promise<Record<string, number>> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const c = new TestLspClient();
    try {
      await c.initialize();
      await c.connection.sendRequest('iamPolicy/serverStatus');
      const uri = `file:///bench/first-${i}.ts`;
      const cpu0 = procCpuMs(c.proc.pid!);
      const t0 = performance.now();
      await c.open(uri, text, 'typescript');
      const p = await c.waitForDiagnostics((d) => d.uri === uri && d.diagnostics.length > 0, 60_000);
      walls.push(performance.now() - t0);
      const cpu1 = procCpuMs(c.proc.pid!);
      if (cpu0 !== undefined && cpu1 !== undefined) cpus.push(cpu1 - cpu0);
      diagnostics = p.diagnostics.length;
    } finally {
      await c.shutdown();
    }
  }
  return { lines: text.split('\n').length - 1, openMs: median(walls), cpuMs: cpus.length ? median(cpus) : NaN, diagnostics };
}

export async function printCdkBench(): Promise<void> {
  const small = await benchCdkColdOpen(generateCdkStack(45));
  const large = await benchCdkColdOpen(generateCdkStack(), 3);
  console.log('\nCDK: the first CDK file opened in a fresh server (dist/server.js, data loaded): didOpen → diagnostics published, including the tree-sitter wasm load (median of 5 / 3 servers)');
  console.table({
    [`${small.lines}-line stack`]: { 'open → diagnostics (ms)': small.openMs.toFixed(1), 'server CPU (ms)': small.cpuMs.toFixed(0), diagnostics: small.diagnostics, 'budget (ms)': 300 },
    [`${large.lines}-line stack`]: { 'open → diagnostics (ms)': large.openMs.toFixed(1), 'server CPU (ms)': large.cpuMs.toFixed(0), diagnostics: large.diagnostics, 'budget (ms)': '–' },
  });
  const r = await benchCdk();
  console.log('\nCDK (TypeScript) stack: load, first parse, re-validation after an edit (median of 30 edits: typing in an action string, every 5th a new line at the end of a line)');
  console.table({
    'stack lines': r.lines,
    'statements found': r.statements,
    'tree-sitter runtime load (ms)': r.runtimeMs.toFixed(1),
    'TypeScript grammar load (ms)': r.grammarMs.toFixed(1),
    'first parse + extraction (ms)': r.firstParseMs.toFixed(1),
    'first validate, new document (ms)': r.firstValidateMs.toFixed(1),
    'validate after a 1-char edit (ms)': r.validateMs.toFixed(1),
    'validate p95 (ms)': r.validateP95Ms.toFixed(1),
    'validate CPU time, median (ms)': r.validateCpuMs.toFixed(1),
    'validate CPU time, p95 (ms)': r.validateCpuP95Ms.toFixed(1),
    'policies': r.policies,
    'policies checked per edit (cache misses)': r.checkedPerEdit.toFixed(1),
    'budget (ms)': 30,
  });
  const rows: Record<string, Record<string, string | number>> = {};
  const row = (x: Record<string, number>): Record<string, string | number> => ({
    lines: x.lines,
    statements: x.statements,
    policies: x.policies,
    'first parse (ms)': x.firstParseMs.toFixed(0),
    'edit: median (ms)': x.validateMs.toFixed(1),
    'p95 (ms)': x.validateP95Ms.toFixed(1),
    'CPU median (ms)': x.validateCpuMs.toFixed(1),
    'CPU p95 (ms)': x.validateCpuP95Ms.toFixed(1),
    'checked per edit': x.checkedPerEdit.toFixed(1),
  });
  rows.typescript = row(r);
  for (const lang of ['python', 'java', 'csharp', 'go'] as const) rows[lang] = row(await benchCdk(30, lang));
  console.log('\nCDK re-validation after a 1-char edit per language (the same generated stack in each; median and p95 of 30 edits; budget 30 ms)');
  console.table(rows);
}

if (require.main === module) void printCdkBench();
