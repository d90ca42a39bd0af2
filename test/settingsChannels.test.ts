/**
 * Settings in every channel and shape (#17, Neovim 0.7–0.10 and other clients): initializationOptions,
 * workspace/didChangeConfiguration and workspace/configuration each accept the settings wrapped in
 * `iamPolicy`, unwrapped, under `settings`, or with dotted keys; a channel with nothing keeps what
 * another channel gave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, settingsFrom, unwrapSettings } from '../server/src/settings';
import { TestLspClient } from './helpers/lspClient';

const RULES = { MISSING_VERSION: 'off' };

test('unwrapSettings: every shape a client sends gives the same settings', () => {
  const shapes: [string, unknown][] = [
    ['unwrapped', { rules: RULES }],
    ['wrapped', { iamPolicy: { rules: RULES } }],
    ['initializationOptions.settings unwrapped', { settings: { rules: RULES } }],
    ['initializationOptions.settings wrapped', { settings: { iamPolicy: { rules: RULES } } }],
    ['dotted key', { 'iamPolicy.rules': RULES }],
    ['dotted key under settings', { settings: { 'iamPolicy.rules': RULES } }],
  ];
  for (const [name, raw] of shapes) assert.deepEqual(unwrapSettings(raw), { rules: RULES }, name);
  // Dotted keys merge; keys inside values (policyTypes globs have dots) are left alone.
  assert.deepEqual(unwrapSettings({ 'iamPolicy.accessAnalyzer.enabled': true, 'iamPolicy.accessAnalyzer.region': 'eu-west-1', 'iamPolicy.policyTypes': { 'scp/*.json': 'scp' } }), {
    accessAnalyzer: { enabled: true, region: 'eu-west-1' },
    policyTypes: { 'scp/*.json': 'scp' },
  });
  for (const nothing of [null, undefined, 'x', 3, [], {}, { iamPolicy: {} }, { settings: {} }, { settings: { iamPolicy: null } }]) assert.equal(unwrapSettings(nothing), undefined, JSON.stringify(nothing));
});

test('settingsFrom: normalized settings, or the fallback when the channel had none', () => {
  const fallback = { ...DEFAULT_SETTINGS, debounceMs: 7 };
  assert.equal(settingsFrom(null, fallback), fallback);
  assert.equal(settingsFrom({ iamPolicy: {} }, fallback), fallback);
  const s = settingsFrom({ iamPolicy: { rules: RULES, debounceMs: 50 } }, fallback);
  assert.deepEqual(s.rules, RULES);
  assert.equal(s.debounceMs, 50);
  assert.equal(settingsFrom({ settings: { enable: false } }, fallback).enable, false);
});

// A policy with an error (always published) and a MISSING_VERSION warning that RULES turns off.
const URI = 'file:///settings-channels/policy.json';
const POLICY = '{\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }]\n}\n';

async function codesWith(setup: (c: TestLspClient) => Promise<void>, after?: (c: TestLspClient) => Promise<void>): Promise<string[]> {
  const c = new TestLspClient();
  try {
    await setup(c);
    await c.open(URI, POLICY);
    let p = await c.waitForDiagnostics((d) => d.uri === URI);
    if (after) {
      const seen = c.published.length;
      await after(c);
      p = await c.waitForDiagnostics((d) => d.uri === URI && c.published.indexOf(d) >= seen);
    }
    return p.diagnostics.map((d) => String(d.code)).sort();
  } finally {
    await c.shutdown();
  }
}

test('the server without settings reports MISSING_VERSION (the baseline the other cases change)', async () => {
  assert.deepEqual(await codesWith((c) => c.initialize({}).then(() => undefined)), ['INVALID_ACTION', 'MISSING_VERSION']);
});

test('initializationOptions: wrapped, unwrapped, under settings', async () => {
  for (const init of [{ settings: { iamPolicy: { rules: RULES } } }, { settings: { rules: RULES } }, { iamPolicy: { rules: RULES } }, { rules: RULES }]) {
    assert.deepEqual(await codesWith((c) => c.initialize({}, init).then(() => undefined)), ['INVALID_ACTION'], JSON.stringify(init));
  }
});

test('workspace/didChangeConfiguration without workspace/configuration: wrapped and unwrapped', async () => {
  for (const settings of [{ iamPolicy: { rules: RULES } }, { rules: RULES }]) {
    const codes = await codesWith(
      (c) => c.initialize({}).then(() => undefined),
      (c) => c.connection.sendNotification('workspace/didChangeConfiguration', { settings }),
    );
    assert.deepEqual(codes, ['INVALID_ACTION'], JSON.stringify(settings));
  }
});

test('workspace/configuration: a wrapped answer is unwrapped; a null answer keeps initializationOptions (Neovim 0.7)', async () => {
  const answers: [unknown, unknown][] = [
    [{ iamPolicy: { rules: RULES } }, undefined],
    [null, { settings: { iamPolicy: { rules: RULES } } }],
  ];
  for (const [answer, init] of answers) {
    const codes = await codesWith(async (c) => {
      c.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => answer));
      await c.initialize({ workspace: { configuration: true } }, init);
    });
    assert.deepEqual(codes, ['INVALID_ACTION'], JSON.stringify({ answer, init }));
  }
});

test('with workspace/configuration answering null, a didChangeConfiguration payload is used (Neovim sends settings so)', async () => {
  const codes = await codesWith(
    async (c) => {
      c.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
      await c.initialize({ workspace: { configuration: true } });
    },
    (c) => c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { rules: RULES } }),
  );
  assert.deepEqual(codes, ['INVALID_ACTION']);
});
