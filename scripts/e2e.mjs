// Editor (e2e) tests: runs test/e2e/suite in a real VS Code and takes screenshots.
//   node scripts/e2e.mjs [--runner=auto|code-server|electron] [--vsix] [--filter=<text>] [--timeout=<s>] [--docs-images]
//
// Runners (same suite, same `run()` entry point):
//   electron     @vscode/test-electron (scripts/e2e-electron.mjs). Needs a VS Code download or
//                VSCODE_EXECUTABLE_PATH, and a display on Linux.
//   code-server  The VS Code 1.100 bundled in the npm package code-server@4.100.3, shown in Debian's
//                headless Chromium driven by playwright-core. Needs only npm and Debian packages; it
//                installs them itself (idempotent, cached in .e2e-cache/) and takes the screenshots.
// `auto` (default) picks electron when VSCODE_EXECUTABLE_PATH is set, or when VS Code can be
// downloaded and a display exists; otherwise code-server. It says which one it uses.
// --vsix packages the extension with vsce, installs the VSIX into the editor and runs the suite
// against the installed copy (code-server runner). Screenshots go to .artifacts/e2e/;
// --docs-images also copies the README's ones to docs/images/ when the run passed.
// Every process this script starts runs in its own process group and is killed at the end.
/* global fetch, AbortSignal, document */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { artifactsDir, buildSuite, prepareWorkspace, root, waitFor } from './e2e-build.mjs';

const CODE_SERVER_VERSION = '4.100.3'; // the last code-server whose engines.node is 20 (VS Code 1.100.3)
const PLAYWRIGHT_VERSION = '1.65.1';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'ripgrep'];
const CHROMIUM = '/usr/bin/chromium';
const VSIX_BUDGET_MB = 8;

const opts = { runner: 'auto', vsix: false, filter: '', timeout: 300, docsImages: false };
// The screenshots the README shows (docs/images/), refreshed with --docs-images after a full run.
const DOCS_IMAGES = ['diagnostics-problems', 'hover-action', 'completion-actions', 'quickfix-wildcard', 'cfn-yaml-diagnostics', 'access-analyzer-yaml', 'cdk-diagnostics', 'cdk-hover', 'lightbulb-service-wildcard', 'problems-panel-fix', 'access-level-picker', 'flow-yaml-expansion'];
for (const a of process.argv.slice(2)) {
  const [k, v] = a.replace(/^--/, '').split('=');
  if (k === 'runner') opts.runner = v;
  else if (k === 'vsix') opts.vsix = true;
  else if (k === 'filter') opts.filter = v ?? '';
  else if (k === 'timeout') opts.timeout = Number(v);
  else if (k === 'docs-images') opts.docsImages = true;
  else {
    console.error(`unknown option ${a}`);
    process.exit(2);
  }
}

const say = (m) => console.log(`[e2e] ${m}`);

async function canDownloadVSCode() {
  try {
    const r = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(4000) });
    return r.ok;
  } catch {
    return false;
  }
}

async function chooseRunner() {
  if (opts.runner !== 'auto') return [opts.runner, 'asked for with --runner'];
  if (opts.vsix) return ['code-server', '--vsix is tested in code-server'];
  if (process.env.VSCODE_EXECUTABLE_PATH) return ['electron', 'VSCODE_EXECUTABLE_PATH is set'];
  const display = process.platform !== 'linux' || !!process.env.DISPLAY;
  const download = await canDownloadVSCode();
  if (display && download) return ['electron', 'VS Code can be downloaded and a display exists'];
  const why = [download ? '' : 'VS Code cannot be downloaded from here', display ? '' : 'no display for Electron'].filter(Boolean);
  return ['code-server', why.join(', ')];
}

// ---- setup: Debian packages and the cached code-server + playwright-core install ----------------

/** Runs a setup command to completion, with a time limit (default 10 min). */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 10 * 60_000, killSignal: 'SIGKILL', ...options });
  if (r.error?.code === 'ETIMEDOUT') throw new Error(`${cmd} ${args.join(' ')} did not finish within ${(options.timeout ?? 600_000) / 1000} s`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function ensureSystemPackages() {
  const have = fs.existsSync(CHROMIUM) && fs.existsSync('/usr/bin/rg') && fs.existsSync('/usr/bin/pkg-config') && fs.existsSync('/usr/include/gssapi/gssapi.h');
  if (have) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages; run: sudo apt-get install -y ${APT_PACKAGES.join(' ')}`);
  say(`installing Debian packages: ${APT_PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES], { env });
}

let heldLock; // the install lock this process holds, released on a signal too

async function ensureCodeServer() {
  const cache = path.join(root, '.e2e-cache', `code-server-${CODE_SERVER_VERSION}`);
  const serverMain = path.join(cache, 'node_modules/code-server/lib/vscode/out/server-main.js');
  const marker = path.join(cache, '.ready');
  const want = JSON.stringify({ codeServer: CODE_SERVER_VERSION, playwright: PLAYWRIGHT_VERSION });
  const ready = () => fs.existsSync(serverMain) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want;
  if (ready()) return { cache, serverMain };
  // One installer at a time (several runs may share this working tree): mkdir is atomic.
  const lock = `${cache}.lock`;
  fs.mkdirSync(path.dirname(cache), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      heldLock = lock;
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let age = 0;
    try {
      age = Date.now() - fs.statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > 15 * 60_000) {
      say('taking over a stale install lock');
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!waited) say('another run is installing code-server; waiting for it');
    waited = true;
    await delay(2000);
    if (ready()) return { cache, serverMain };
  }
  try {
    if (ready()) return { cache, serverMain };
    installCodeServer(cache, serverMain, marker, want);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
    heldLock = undefined;
  }
  return { cache, serverMain };
}

function installCodeServer(cache, serverMain, marker, want) {
  say(`installing code-server@${CODE_SERVER_VERSION} and playwright-core@${PLAYWRIGHT_VERSION} into ${path.relative(root, cache)} (once, ~2 min)`);
  fs.rmSync(cache, { recursive: true, force: true });
  const tmp = path.join(cache, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(cache, 'package.json'), JSON.stringify({ name: 'iam-policy-author-e2e-cache', private: true }, null, 2));
  // @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here) unless it finds this
  // archive in its cache folder under os.tmpdir(): give it Debian's rg.
  const arch = process.arch === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const rgCache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  fs.mkdirSync(rgCache, { recursive: true });
  run('tar', ['czf', path.join(rgCache, `ripgrep-v13.0.0-10-${arch}.tar.gz`), '-C', '/usr/bin', 'rg']);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_VERSION}`], {
    cwd: cache,
    env: { ...process.env, TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_update_notifier: 'false' },
  });
  if (!fs.existsSync(serverMain)) throw new Error(`code-server installed but ${serverMain} is missing`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(marker, want);
}

// ---- processes: own process group each, all killed on exit --------------------------------------

const groups = new Set();
const cleanups = [];

function startGroup(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true }); // detached = setsid: a new process group
  groups.add(child.pid);
  child.on('exit', () => groups.delete(child.pid));
  return child;
}

function alive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killGroup(pid) {
  if (!alive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const end = Date.now() + 5000;
  while (alive(pid) && Date.now() < end) await delay(100);
  if (alive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      say(`cleanup: ${err.message}`);
    }
  }
  for (const pid of [...groups]) await killGroup(pid);
}

let currentRunDir; // removed on a signal too
let stopping = false;
function killNow(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
// Last line of defence, whatever ends this process (an uncaught error, process.exit): the 'exit'
// handler runs synchronously, so kill every group we started and drop the run folder.
process.on('exit', () => {
  for (const pid of groups) killNow(pid);
  if (currentRunDir) fs.rmSync(currentRunDir, { recursive: true, force: true });
  if (heldLock) fs.rmSync(heldLock, { recursive: true, force: true });
});
// A closed stdout (e.g. `| head`) must not kill the run halfway: ignore EPIPE and go on.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) {
      for (const pid of groups) killNow(pid); // a second signal: no more waiting
      process.exit(130);
    }
    stopping = true;
    say(`${sig}: stopping`);
    void cleanup().finally(() => {
      if (currentRunDir) fs.rmSync(currentRunDir, { recursive: true, force: true });
      if (heldLock) fs.rmSync(heldLock, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---- the code-server runner ------------------------------------------------------------------

async function packageVsix(dir) {
  const vsix = path.join(dir, 'iam-policy-author.vsix');
  run('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: root });
  return vsix;
}

async function runCodeServer() {
  ensureSystemPackages();
  const { cache, serverMain } = await ensureCodeServer();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-e2e-'));
  currentRunDir = runDir;
  const dirs = Object.fromEntries(['tmp', 'data', 'ext', 'shots'].map((d) => [d, path.join(runDir, d)]));
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const started = Date.now();
  fs.rmSync(artifactsDir, { recursive: true, force: true }); // artifacts always describe the last run
  fs.mkdirSync(artifactsDir, { recursive: true });
  const logLines = [];
  let ok = false;
  try {
    const vsix = opts.vsix ? await packageVsix(runDir) : undefined;
    const suite = await buildSuite({ outDir: runDir, skipExtension: opts.vsix });
    const workspace = prepareWorkspace(runDir);
    const env = {
      ...process.env,
      TMPDIR: dirs.tmp,
      IAM_E2E_SHOTS: dirs.shots,
      IAM_E2E_RESULTS: path.join(runDir, 'results.json'),
      IAM_E2E_FILTER: opts.filter,
      // Fake AWS credentials for the Access Analyzer test (its mock runs on 127.0.0.1): the extension
      // host and the language server it spawns inherit them; nothing of the machine's AWS setup is used.
      AWS_ACCESS_KEY_ID: 'e2e-test-access-key',
      AWS_SECRET_ACCESS_KEY: 'e2e-test-secret-key',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    };
    for (const k of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ACCESSANALYZER', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) delete env[k];
    let extensionDevelopmentPath = root;
    if (vsix) {
      const mb = fs.statSync(vsix).size / 1024 / 1024;
      if (mb > VSIX_BUDGET_MB) throw new Error(`the VSIX is ${mb.toFixed(2)} MB, over the ${VSIX_BUDGET_MB} MB budget`);
      say(`installing ${path.basename(vsix)} (${mb.toFixed(2)} MB, budget ${VSIX_BUDGET_MB} MB) into the editor`);
      run(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', dirs.ext, '--server-data-dir', dirs.data, '--user-data-dir', dirs.data, '--accept-server-license-terms'], { env, timeout: 120_000 });
      // Extension tests need a development extension; an empty one keeps the installed VSIX in charge.
      extensionDevelopmentPath = path.join(root, 'test/e2e/host-extension');
      env.IAM_E2E_EXPECT_EXTENSION_DIR = dirs.ext;
    }

    const port = await freePort();
    const serverLog = fs.openSync(path.join(runDir, 'server.log'), 'w');
    const server = startGroup(
      process.execPath,
      [
        serverMain,
        ...['--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms'],
        ...['--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust'],
        ...['--server-data-dir', dirs.data, '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext],
      ],
      { env, stdio: ['ignore', serverLog, serverLog] },
    );
    cleanups.push(() => killGroup(server.pid));
    await waitFor('the VS Code server to answer', async () => {
      if (server.exitCode !== null) throw new Error(`the VS Code server exited (${server.exitCode}); see ${runDir}/server.log`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    }, 60_000);

    const { chromium } = createRequire(path.join(cache, 'package.json'))('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Our own signal handlers stop everything in order; playwright's would exit the process first.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      env: { ...process.env, TMPDIR: dirs.tmp },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });

    let exitCode;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      logLines.push(`${type}: ${text}`);
      if (text.includes('[e2e]')) console.log(text.slice(text.indexOf('[e2e]')));
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
    });

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(suite)],
      ['skipWelcome', 'true'],
    ];
    say(`VS Code ${CODE_SERVER_VERSION.replace(/^4\./, 'code-server 4.')} server on 127.0.0.1:${port}, workspace ${workspace}`);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    // Wait for the suite to finish, taking the screenshots it asks for along the way.
    const deadline = Date.now() + opts.timeout * 1000;
    while (exitCode === undefined) {
      if (Date.now() > deadline) throw new Error(`the editor tests did not finish within ${opts.timeout} s`);
      for (const req of fs.readdirSync(dirs.shots).filter((f) => f.endsWith('.request'))) {
        const name = req.slice(0, -'.request'.length);
        let wantSelector = '';
        try {
          wantSelector = JSON.parse(fs.readFileSync(path.join(dirs.shots, req), 'utf8') || '{}').selector ?? '';
        } catch {
          /* no selector */
        }
        if (wantSelector) {
          await page.waitForSelector(wantSelector, { state: 'visible', timeout: 10_000 }).catch(() => say(`screenshot ${name}: ${wantSelector} did not appear`));
        }
        // Let finite animations (e.g. the hover's fade-in) end so the picture is not half transparent.
        await page
          .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity), null, { timeout: 3000, polling: 50 })
          .catch(() => say(`screenshot ${name}: animations still running`));
        const tmpPng = path.join(dirs.shots, `${name}.tmp.png`);
        await page.screenshot({ path: tmpPng });
        fs.renameSync(tmpPng, path.join(dirs.shots, `${name}.png`));
        fs.rmSync(path.join(dirs.shots, req), { force: true });
        say(`screenshot ${name}.png`);
      }
      await delay(100);
    }

    const shots = fs.readdirSync(dirs.shots).filter((f) => f.endsWith('.png'));
    for (const f of shots) fs.copyFileSync(path.join(dirs.shots, f), path.join(artifactsDir, f));
    if (shots.length) say(`${shots.length} screenshots in ${path.relative(root, artifactsDir)}/`);
    const results = path.join(runDir, 'results.json');
    if (fs.existsSync(results)) fs.copyFileSync(results, path.join(artifactsDir, 'results.json'));
    ok = exitCode === 0;
    if (ok && opts.docsImages) {
      const docs = path.join(root, 'docs/images');
      fs.mkdirSync(docs, { recursive: true });
      for (const name of DOCS_IMAGES) {
        if (!shots.includes(`${name}.png`)) throw new Error(`--docs-images: the run took no ${name}.png (use it without --filter)`);
        fs.copyFileSync(path.join(dirs.shots, `${name}.png`), path.join(docs, `${name}.png`));
      }
      say(`copied ${DOCS_IMAGES.length} screenshots to docs/images/`);
    }
    say(`${ok ? 'passed' : `FAILED (exit ${exitCode})`} in ${((Date.now() - started) / 1000).toFixed(1)} s (code-server runner${opts.vsix ? ', installed VSIX' : ''})`);
  } finally {
    await cleanup();
    fs.mkdirSync(artifactsDir, { recursive: true });
    fs.writeFileSync(path.join(artifactsDir, 'workbench.log'), logLines.join('\n') + '\n');
    if (!ok) {
      const serverLog = path.join(runDir, 'server.log');
      if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(artifactsDir, 'server.log'));
      const errors = logLines.filter((l) => l.startsWith('error:') && !/Service Worker|open-vsx|telemetry/i.test(l)).slice(-10);
      if (errors.length) say(`last workbench errors:\n${errors.join('\n')}`);
      say(`logs: ${path.relative(root, artifactsDir)}/workbench.log, server.log`);
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

const [runner, why] = await chooseRunner();
say(`runner: ${runner} (${why})`);
let code;
try {
  if (runner === 'electron') {
    code = spawnSync(process.execPath, [path.join(root, 'scripts/e2e-electron.mjs'), ...(opts.filter ? [`--filter=${opts.filter}`] : [])], { stdio: 'inherit' }).status ?? 1;
  } else if (runner === 'code-server') {
    code = await runCodeServer();
  } else {
    console.error(`unknown runner ${runner}`);
    code = 2;
  }
} catch (err) {
  console.error(`[e2e] ${err.stack ?? err}`);
  await cleanup();
  code = 1;
}
process.exit(code);
