import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---- Layering (docs/ARCHITECTURE.md "Invariants"), enforced by no-restricted-imports ----------
// Engine layers, lowest first: model → data → facts → adapters, checks → features → analyzer →
// the facade (service.ts, engine/). Edges: server.ts + edge/ (LSP), cli.ts (CLI), client/ (VS Code).
// Only the LSP edge and the client import LSP/VS Code modules; only analyzer/ imports network modules.
const LSP = ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-textdocument', 'vscode-languageclient', 'vscode-languageclient/node', 'vscode-jsonrpc', 'vscode-jsonrpc/node'];
const NETWORK = ['http', 'https', 'http2', 'net', 'tls', 'dns', 'dgram', 'undici', 'node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'node:dns', 'node:dgram'];
const NETWORK_PATTERNS = [{ regex: '^@aws-sdk/', message: 'Only server/src/analyzer/ may use the network (the AWS SDK).' }, { regex: '^@smithy/', message: 'Only server/src/analyzer/ may use the network.' }];
const ENGINE_TOP = ['model', 'data', 'facts', 'adapters', 'checks', 'features', 'analyzer', 'engine', 'service', 'server', 'edge', 'cli', 'settings', 'protocol'];

/** A relative import that reaches one of these top-level folders/files of server/src from a folder `depth` levels below it. */
function ours(names, why) {
  return { regex: `^(\\.\\./)+(${names.join('|')})(/|$)`, message: why };
}

/** One config block per layer: every restriction of the layer in one rule (flat config replaces, not merges, a rule's options). */
function layer(files, why, forbidden, { lsp = false, network = false } = {}) {
  const below = ENGINE_TOP.filter((n) => forbidden.includes(n));
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...(lsp ? [] : LSP.map((name) => ({ name, message: 'Only the LSP edge (server.ts) and client/ know LSP or VS Code.' }))), ...(network ? [] : NETWORK.map((name) => ({ name, message: 'Only server/src/analyzer/ may use the network.' })))],
          patterns: [...(below.length ? [ours(below, why)] : []), ...(network ? [] : NETWORK_PATTERNS)],
        },
      ],
    },
  };
}

const EDGES = ['service', 'engine', 'server', 'edge', 'cli', 'settings', 'protocol'];
const layers = [
  layer(['server/src/model/**/*.ts'], 'The model imports nothing of ours.', ENGINE_TOP.filter((n) => n !== 'model')),
  layer(['server/src/data/**/*.ts'], 'data/ imports nothing of ours.', ENGINE_TOP.filter((n) => n !== 'data')),
  layer(['server/src/facts/**/*.ts'], 'facts/ read the model and data only.', ['adapters', 'checks', 'features', 'analyzer', ...EDGES]),
  layer(['server/src/checks/**/*.ts'], 'Checks never import features, adapters or the edges.', ['adapters', 'features', 'analyzer', ...EDGES]),
  layer(['server/src/adapters/**/*.ts'], 'Adapters never import checks, features or the edges.', ['checks', 'features', 'analyzer', ...EDGES]),
  layer(['server/src/features/**/*.ts'], 'Features read the model, never the adapters or the edges.', ['adapters', 'analyzer', ...EDGES]),
  layer(['server/src/analyzer/**/*.ts'], 'The analyzer sits below the facade and knows no LSP.', ['adapters', 'features', ...EDGES], { network: true }),
  layer(['server/src/engine/**/*.ts', 'server/src/service.ts', 'server/src/serviceAnalyzer.ts'], 'The facade knows no edge.', ['server', 'edge', 'cli', 'settings', 'protocol']),
  layer(['server/src/cli.ts', 'server/src/cli/**/*.ts'], 'The CLI edge calls the facade.', ['server', 'edge', 'settings']),
  layer(['server/src/server.ts', 'server/src/edge/**/*.ts', 'server/src/settings.ts', 'server/src/protocol.ts'], 'The LSP edge calls the facade.', ['cli'], { lsp: true }),
];

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'out-*/', 'node_modules/', '.e2e-cache/', '.artifacts/', 'test/**/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  ...layers,
  {
    // Benchmarks and build scripts report on the console.
    files: ['test/bench/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
  },
);
