// Neovim end to end (#17): the README's Neovim 0.7–0.10 recipe, run headless against dist/server.js.
//   node scripts/e2e-neovim.mjs            (npm run test:e2e:neovim; also run by .ci/run)
// Installs Debian's Neovim when missing (apt-get, as root; idempotent, like scripts/e2e.mjs does for
// Chromium). Takes the Lua block marked `-- iam-policy-author: neovim 0.7+` from README.md, points it
// at this checkout, opens a policy with an error and a missing Version, and checks through
// vim.diagnostic.get that the error arrives with its code and line and that the recipe's settings
// reached the server (MISSING_VERSION off); then changes the settings the way a user does
// (client.config.settings + workspace/didChangeConfiguration) and checks the server re-validated
// with them (MISSING_VERSION back as an error). Exit 0 on success; 1 with the reason otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const fail = (msg) => {
  console.error(`e2e-neovim: FAIL: ${msg}`);
  process.exit(1);
};

function haveNvim() {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}
if (!haveNvim()) {
  if (process.getuid?.() !== 0) fail('nvim is not installed (apt-get install neovim)');
  console.log('e2e-neovim: installing neovim with apt-get');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'neovim'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

// The recipe exactly as the README gives it, with the path of this checkout.
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const block = /```lua\n(-- iam-policy-author: neovim 0\.7\+[\s\S]*?)```/.exec(readme);
if (!block) fail('README.md has no ```lua block starting with "-- iam-policy-author: neovim 0.7+"');
const recipe = block[1].replaceAll('/path/to/iam-policy-author', root);
if (!/MISSING_VERSION = 'off'/.test(recipe)) fail("the README recipe's settings must turn MISSING_VERSION off (the test checks they reach the server)");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-nvim-'));
process.on('exit', () => {
  if (process.env.E2E_NVIM_DEBUG) console.log(`e2e-neovim: kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
});
const policy = path.join(tmp, 'policy.json');
// Line 4 (1-based) holds the misspelt action; no Version (MISSING_VERSION, turned off by the recipe).
fs.writeFileSync(policy, '{\n  "Statement": [\n    {\n      "Effect": "Allow", "Action": "s3:GetObjekt",\n      "Resource": "*"\n    }\n  ]\n}\n');
const out = path.join(tmp, 'result.json');
fs.writeFileSync(path.join(tmp, 'init.lua'), (process.env.E2E_NVIM_DEBUG ? "vim.lsp.set_log_level('debug')\n" : '') + recipe);
fs.writeFileSync(
  path.join(tmp, 'check.lua'),
  `
local function codes()
local list = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(list, { code = code, lnum = d.lnum, severity = d.severity })
end
return list
end
local function has(list, code)
for _, d in ipairs(list) do if d.code == code then return true end end
return false
end
local result = {}
vim.wait(30000, function() return has(codes(), 'INVALID_ACTION') end, 100)
result.first = codes()
local client = vim.lsp.get_active_clients()[1]
result.clients = #vim.lsp.get_active_clients()
if client then
local settings = { iamPolicy = { rules = { MISSING_VERSION = 'error' } } }
client.config.settings = settings
client.notify('workspace/didChangeConfiguration', { settings = settings })
vim.wait(30000, function() return has(codes(), 'MISSING_VERSION') end, 100)
end
result.second = codes()
vim.fn.writefile({ vim.fn.json_encode(result) }, ${JSON.stringify(out)})
vim.cmd('qa!')
`,
);
const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(tmp, 'init.lua'), policy, '-c', `luafile ${path.join(tmp, 'check.lua')}`], {
  cwd: tmp,
  encoding: 'utf8',
  timeout: 120_000,
  env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'), XDG_STATE_HOME: path.join(tmp, 'state'), XDG_CACHE_HOME: path.join(tmp, 'cache') },
});
if (!fs.existsSync(out)) fail(`nvim wrote no result (exit ${r.status}, ${r.signal ?? ''}): ${r.stderr || r.stdout}`);
const res = JSON.parse(fs.readFileSync(out, 'utf8'));
const show = (list) => list.map((d) => `${d.code}@${d.lnum + 1}`).join(', ') || 'none';
if (res.clients !== 1) fail(`expected one LSP client attached, got ${res.clients}`);
const invalid = res.first.find((d) => d.code === 'INVALID_ACTION');
if (!invalid) fail(`no INVALID_ACTION diagnostic (got: ${show(res.first)})`);
if (invalid.lnum !== 3 || invalid.severity !== 1) fail(`INVALID_ACTION on line ${invalid.lnum + 1}, severity ${invalid.severity}; expected line 4, error`);
if (res.first.some((d) => d.code === 'MISSING_VERSION')) fail(`the recipe's settings did not reach the server: MISSING_VERSION reported (${show(res.first)})`);
const missing = res.second.find((d) => d.code === 'MISSING_VERSION');
if (!missing || missing.severity !== 1) fail(`the changed settings did not reach the server: expected MISSING_VERSION as an error (got: ${show(res.second)})`);
console.log(`e2e-neovim: ok (${version}): ${show(res.first)}; after the settings change: ${show(res.second)}`);
