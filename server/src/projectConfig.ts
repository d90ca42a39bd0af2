/**
 * The project configuration file `.iampolicylintrc.json`, shared by the CLI and the language
 * server so CI and the editor agree. Found upward from the linted file (the nearest one wins; the
 * search stops at a folder holding `.git` or at the file system root); the CLI's `--config`
 * names one explicitly. Schema: schemas/iampolicylintrc.schema.json.
 *
 * ```json
 * {
 *   "rules": { "RESOURCE_STAR": "off", "MISSING_VERSION": "error" },
 *   "policyTypes": { "scp/**": "scp" },
 *   "ignore": ["**\/*.local.json"],
 *   "accessAnalyzer": { "region": "eu-west-1" },
 *   "overrides": [{ "files": ["legacy/**"], "rules": { "PASS_ROLE_WITH_STAR_IN_RESOURCE": "off" } }],
 *   "ignoreSids": { "LegacyBucketAccess": ["RESOURCE_STAR"] }
 * }
 * ```
 * Globs are relative to the folder of the config file. Only file IO is here; what the settings
 * mean stays in the engine (service.ts, engine/suppressions.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { CHECKS, type RuleConfig } from './checks/registry';
import { closest } from './data/editDistance';
import { POLICY_TYPES, type PolicyType } from './model';
import { configuredPolicyType, type AccessAnalyzerSettings, type EngineSettings } from './service';

export const CONFIG_FILE = '.iampolicylintrc.json';
/** Largest config file read (bytes). */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ConfigOverride {
  files: string[];
  rules?: RuleConfig;
  ignoreSids?: Record<string, string[]>;
}

export interface ProjectConfig {
  rules?: RuleConfig;
  policyTypes?: Record<string, PolicyType>;
  ignore?: string[];
  /** Defaults for an Access Analyzer run (the CLI's --access-analyzer); never turns it on. */
  accessAnalyzer?: Pick<AccessAnalyzerSettings, 'region' | 'profile' | 'endpoint' | 'locale'>;
  overrides?: ConfigOverride[];
  /** Statement Sid → codes not reported inside statements with that Sid (`"*"`: every code). */
  ignoreSids?: Record<string, string[]>;
}

export interface LoadedConfig {
  /** The config file's path, and its folder (globs are relative to it). */
  file: string;
  dir: string;
  config: ProjectConfig;
}

/** A config file that cannot be used: unreadable, not JSON, or a wrong value. The message names the file and the fault. */
export class ConfigError extends Error {}

const LEVELS = ['off', 'error', 'warning', 'info', 'hint'] as const;
/** Codes a rule may name: every check's (the parser's problems and UNUSED_SUPPRESSION are checks too). */
export const KNOWN_CODES: ReadonlySet<string> = new Set(CHECKS.map((c) => c.code));

/** Undefined for a known code; else "unknown rule code "X" (did you mean "Y"?)". */
export function unknownCodeMessage(code: string): string | undefined {
  if (KNOWN_CODES.has(code)) return undefined;
  const near = closest(code, KNOWN_CODES, 1)[0];
  return `unknown rule code "${code}"${near ? ` (did you mean "${near}"?)` : ''}; iam-policy-lint --list-checks lists them`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function stringList(v: unknown, where: string): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new ConfigError(`${where} must be a list of strings`);
  return v as string[];
}

function parseRules(v: unknown, where: string): RuleConfig {
  if (!isObject(v)) throw new ConfigError(`${where} must be an object {"CODE": "off|error|warning|info|hint"}`);
  const out: RuleConfig = {};
  for (const [code, level] of Object.entries(v)) {
    const bad = unknownCodeMessage(code);
    if (bad) throw new ConfigError(`${where}: ${bad}`);
    if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) throw new ConfigError(`${where}.${code} must be one of ${LEVELS.join(', ')}`);
    out[code] = level as RuleConfig[string];
  }
  return out;
}

function parseSids(v: unknown, where: string): Record<string, string[]> {
  if (!isObject(v)) throw new ConfigError(`${where} must be an object {"Sid": ["CODE", ...]}`);
  const out: Record<string, string[]> = {};
  for (const [sid, codes] of Object.entries(v)) {
    const list = stringList(codes, `${where}.${sid}`);
    for (const c of list) {
      const bad = c === '*' ? undefined : unknownCodeMessage(c);
      if (bad) throw new ConfigError(`${where}.${sid}: ${bad}`);
    }
    out[sid] = list;
  }
  return out;
}

/** Validates a parsed config value; throws ConfigError naming the first fault. */
export function validateConfig(raw: unknown): ProjectConfig {
  if (!isObject(raw)) throw new ConfigError('the configuration must be a JSON object');
  const out: ProjectConfig = {};
  for (const [key, v] of Object.entries(raw)) {
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        out.rules = parseRules(v, 'rules');
        break;
      case 'policyTypes': {
        if (!isObject(v)) throw new ConfigError('policyTypes must be an object {"glob": "type"}');
        const types: Record<string, PolicyType> = {};
        for (const [glob, t] of Object.entries(v)) {
          if (typeof t !== 'string' || !(POLICY_TYPES as readonly string[]).includes(t)) throw new ConfigError(`policyTypes["${glob}"] must be one of ${POLICY_TYPES.join(', ')}`);
          types[glob] = t as PolicyType;
        }
        out.policyTypes = types;
        break;
      }
      case 'ignore':
        out.ignore = stringList(v, 'ignore');
        break;
      case 'accessAnalyzer': {
        if (!isObject(v)) throw new ConfigError('accessAnalyzer must be an object');
        const aa: ProjectConfig['accessAnalyzer'] = {};
        for (const [k, x] of Object.entries(v)) {
          if (k === 'region' || k === 'profile' || k === 'endpoint' || k === 'locale') {
            if (typeof x !== 'string' || !x.trim()) throw new ConfigError(`accessAnalyzer.${k} must be a non-empty string`);
            if (k === 'region' && !/^[a-z0-9-]{1,64}$/.test(x)) throw new ConfigError(`accessAnalyzer.region must be a Region name such as us-east-1`);
            if (k === 'endpoint' && !/^https?:\/\//i.test(x)) throw new ConfigError('accessAnalyzer.endpoint must be an http(s) URL');
            aa[k] = x;
          } else throw new ConfigError(`unknown key accessAnalyzer.${k} (use region, profile, endpoint, locale)`);
        }
        out.accessAnalyzer = aa;
        break;
      }
      case 'overrides': {
        if (!Array.isArray(v)) throw new ConfigError('overrides must be a list of {"files": [...], "rules": {...}}');
        out.overrides = v.map((o, i) => {
          if (!isObject(o)) throw new ConfigError(`overrides[${i}] must be an object`);
          for (const k of Object.keys(o)) if (k !== 'files' && k !== 'rules' && k !== 'ignoreSids') throw new ConfigError(`unknown key overrides[${i}].${k} (use files, rules, ignoreSids)`);
          if (o.files === undefined) throw new ConfigError(`overrides[${i}].files is required`);
          return {
            files: stringList(o.files, `overrides[${i}].files`),
            ...(o.rules !== undefined ? { rules: parseRules(o.rules, `overrides[${i}].rules`) } : {}),
            ...(o.ignoreSids !== undefined ? { ignoreSids: parseSids(o.ignoreSids, `overrides[${i}].ignoreSids`) } : {}),
          };
        });
        break;
      }
      case 'ignoreSids':
        out.ignoreSids = parseSids(v, 'ignoreSids');
        break;
      default: {
        const near = closest(key, ['rules', 'policyTypes', 'ignore', 'accessAnalyzer', 'overrides', 'ignoreSids'], 1)[0];
        throw new ConfigError(`unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}`);
      }
    }
  }
  return out;
}

/** The file system calls config loading makes (injectable for tests). */
export interface ConfigFs {
  readFileSync(p: string): Buffer;
  existsSync(p: string): boolean;
  statSync(p: string): fs.Stats;
}

export const NODE_CONFIG_FS: ConfigFs = {
  readFileSync: (p) => fs.readFileSync(p),
  existsSync: (p) => fs.existsSync(p),
  statSync: (p) => fs.statSync(p),
};

/** Reads and validates one config file; throws ConfigError "<file>: <fault>". */
export function loadConfigFile(file: string, fsl: ConfigFs = NODE_CONFIG_FS): LoadedConfig {
  let text: string;
  try {
    const st = fsl.statSync(file);
    if (!st.isFile()) throw new ConfigError(`${file}: not a regular file`);
    if (st.size > MAX_CONFIG_BYTES) throw new ConfigError(`${file}: larger than 1 MB`);
    text = fsl.readFileSync(file).toString('utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  try {
    return { file, dir: path.dirname(file), config: validateConfig(raw) };
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
}

/**
 * Finds and loads the nearest config file above a file (cached per folder). Stops at a folder with
 * `.git` (the repository root, whose own config still counts) or the file system root.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig | ConfigError | null>();

  constructor(private readonly fsl: ConfigFs = NODE_CONFIG_FS) {}

  /** The config that applies to `file` (an absolute or cwd-relative path); null when none; a ConfigError when the nearest one is broken. */
  forFile(file: string): LoadedConfig | ConfigError | null {
    return this.forDir(path.dirname(path.resolve(file)));
  }

  private forDir(dir: string): LoadedConfig | ConfigError | null {
    const seen: string[] = [];
    let found: LoadedConfig | ConfigError | null = null;
    let d = dir;
    for (;;) {
      const cached = this.byDir.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      seen.push(d);
      const candidate = path.join(d, CONFIG_FILE);
      if (this.fsl.existsSync(candidate)) {
        try {
          found = loadConfigFile(candidate, this.fsl);
        } catch (err) {
          found = err instanceof ConfigError ? err : new ConfigError(String(err));
        }
        break;
      }
      const parent = path.dirname(d);
      if (parent === d || this.fsl.existsSync(path.join(d, '.git'))) break;
      d = parent;
    }
    for (const s of seen) this.byDir.set(s, found);
    return found;
  }

  /** Forget everything (a config file changed, was created or deleted). */
  clear(): void {
    this.byDir.clear();
  }
}

function relTo(dir: string, file: string): string {
  return path.relative(dir, path.resolve(file)).split(path.sep).join('/');
}

/** Compiled globs: a glob is compiled once per process, not once per file it is tried on. */
const globMatchers = new Map<string, (rel: string) => boolean>();

function globMatcher(g: string): (rel: string) => boolean {
  let m = globMatchers.get(g);
  if (m) return m;
  try {
    const pattern = g.replace(/^\.\//, '').replace(/^\//, '');
    const full = picomatch(pattern, { dot: true });
    // A bare name (no "/") matches in any folder.
    const anywhere = pattern.includes('/') ? undefined : picomatch(`**/${pattern}`, { dot: true });
    m = (rel) => {
      try {
        return full(rel) || (anywhere !== undefined && anywhere(rel));
      } catch {
        return false;
      }
    };
  } catch {
    m = () => false;
  }
  if (globMatchers.size >= 1000) globMatchers.clear();
  globMatchers.set(g, m);
  return m;
}

function matches(globs: readonly string[], rel: string): boolean {
  if (rel.startsWith('../')) return false;
  return globs.some((g) => globMatcher(g)(rel));
}

/** Whether the config's `ignore` globs exclude the file. */
export function configIgnores(loaded: LoadedConfig, file: string): boolean {
  return !!loaded.config.ignore?.length && matches(loaded.config.ignore, relTo(loaded.dir, file));
}

/**
 * The engine settings a config gives one file: its rules with the matching overrides applied in
 * order, the policy type of the first matching `policyTypes` glob, the Sid suppressions.
 * `explicit` (command-line options, editor settings) wins over the file.
 */
export function settingsFor(loaded: LoadedConfig | null | undefined, file: string, explicit: EngineSettings = {}): EngineSettings {
  if (!loaded) return explicit;
  const c = loaded.config;
  const rel = relTo(loaded.dir, file);
  // What decides the outcome for this file: the overrides that match it and the policyTypes glob.
  // Files that agree on those get the same settings object (and the same rules object, so the
  // engine serialises a configuration once per run, not per file: checks/registry.ts rulesKey).
  const overrides = c.overrides ?? [];
  const matched = overrides.filter((o) => matches(o.files, rel));
  let key = matched.map((o) => overrides.indexOf(o)).join(',');
  let policyType = explicit.policyType;
  if (!policyType && c.policyTypes && !configuredPolicyType(path.resolve(file), explicit)) {
    const glob = Object.keys(c.policyTypes).find((g) => matches([g], rel));
    if (glob) policyType = c.policyTypes[glob];
  }
  key += `|${policyType ?? ''}`;
  let byExplicit = settingsMemo.get(loaded);
  if (!byExplicit) settingsMemo.set(loaded, (byExplicit = new WeakMap()));
  let byKey = byExplicit.get(explicit);
  if (!byKey) byExplicit.set(explicit, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  let rules: RuleConfig = { ...c.rules };
  let sids: Record<string, string[]> = { ...c.ignoreSids };
  for (const o of matched) {
    if (o.rules) rules = { ...rules, ...o.rules };
    if (o.ignoreSids) for (const [sid, codes] of Object.entries(o.ignoreSids)) sids[sid] = [...(sids[sid] ?? []), ...codes];
  }
  rules = { ...rules, ...explicit.rules };
  if (explicit.ignoreSids) sids = { ...sids, ...explicit.ignoreSids };
  const settings: EngineSettings = {
    ...explicit,
    ...(Object.keys(rules).length ? { rules } : {}),
    ...(policyType ? { policyType } : {}),
    ...(Object.keys(sids).length ? { ignoreSids: sids } : {}),
  };
  byKey.set(key, settings);
  return settings;
}

/** settingsFor's outcomes, per loaded configuration and explicit settings object (see there). */
const settingsMemo = new WeakMap<LoadedConfig, WeakMap<EngineSettings, Map<string, EngineSettings>>>();
