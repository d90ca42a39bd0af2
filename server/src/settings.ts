import type { RuleConfig } from './checks/registry';
import type { AccessAnalyzerSettings, EngineSettings } from './service';

/** `iamPolicy.accessAnalyzer.*`: opt-in, off by default (nothing is sent unless enabled and asked for). */
export interface ServerAccessAnalyzerSettings extends AccessAnalyzerSettings {
  enabled: boolean;
  /** `save`: the client asks for a run when a policy file is saved; `command`: only on a command. */
  validateOn: 'save' | 'command';
}

/** The `iamPolicy.*` settings as the editor sends them. */
export interface ServerSettings extends EngineSettings {
  enable: boolean;
  /** Delay between the last keystroke and validation (push diagnostics). */
  debounceMs: number;
  accessAnalyzer: ServerAccessAnalyzerSettings;
}

export const DEFAULT_ACCESS_ANALYZER: ServerAccessAnalyzerSettings = Object.freeze({ enabled: false, validateOn: 'command' as const });

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, debounceMs: 200, policyTypes: {}, rules: {}, accessAnalyzer: DEFAULT_ACCESS_ANALYZER };

function record(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A non-empty trimmed string without control characters, at most `max` long; else undefined. */
function text(value: unknown, max = 256): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  // eslint-disable-next-line no-control-regex
  return t && t.length <= max && !/[\u0000-\u001f\u007f]/.test(t) ? t : undefined;
}

const LEVELS = new Set(['off', 'error', 'warning', 'info', 'hint']);
const FINDING_TYPES = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] as const;

/** `iamPolicy.accessAnalyzer` (also accepts flat `accessAnalyzer.enabled`-style keys), field by field. */
export function normalizeAccessAnalyzer(raw: unknown): ServerAccessAnalyzerSettings {
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const region = text(r.region, 64);
  const profile = text(r.profile, 128);
  const endpoint = text(r.endpoint, 2048);
  const locale = text(r.locale, 16);
  const severity: NonNullable<AccessAnalyzerSettings['severity']> = {};
  const sev = (r.severity && typeof r.severity === 'object' ? r.severity : {}) as Record<string, unknown>;
  for (const t of FINDING_TYPES) if (typeof sev[t] === 'string' && LEVELS.has(sev[t] as string)) severity[t] = sev[t] as 'off';
  return {
    enabled: r.enabled === true,
    validateOn: r.validateOn === 'save' ? 'save' : 'command',
    ...(region && /^[a-z0-9-]+$/.test(region) ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpoint && /^https?:\/\//i.test(endpoint) ? { endpoint } : {}),
    ...(locale ? { locale } : {}),
    ...(Object.keys(severity).length ? { severity } : {}),
  };
}

/** Validates untrusted settings input, falling back to defaults field by field. */
export function normalizeSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const debounce = Number(r.debounceMs ?? (r.validate as Record<string, unknown> | undefined)?.debounceMs);
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    debounceMs: Number.isFinite(debounce) && debounce >= 0 && debounce <= 5000 ? debounce : DEFAULT_SETTINGS.debounceMs,
    policyTypes: record(r.policyTypes),
    rules: record(r.rules) as RuleConfig,
    accessAnalyzer: normalizeAccessAnalyzer(r.accessAnalyzer),
  };
}

const SECTION = 'iamPolicy';
const MAX_SETTINGS_DEPTH = 8;

/**
 * `{"iamPolicy.rules": x}` → `{iamPolicy: {rules: x}}` (dotted keys as some clients send them). Only
 * the keys of this level are split, never those inside values (a `policyTypes` glob has dots).
 */
function expandDotted(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const parts = key.split('.').filter(Boolean);
    if (parts.length === 0 || parts.length > MAX_SETTINGS_DEPTH) continue;
    let target = out;
    for (const p of parts.slice(0, -1)) {
      const next = target[p];
      target = target[p] = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    }
    const last = parts[parts.length - 1];
    const prev = target[last];
    target[last] = prev && typeof prev === 'object' && v && typeof v === 'object' && !Array.isArray(v) ? { ...(prev as Record<string, unknown>), ...(v as Record<string, unknown>) } : v;
  }
  return out;
}

/**
 * The `iamPolicy` settings out of whatever a client sends, in every channel (initializationOptions,
 * workspace/didChangeConfiguration, workspace/configuration): wrapped (`{iamPolicy: {…}}`), unwrapped
 * (`{rules: …}`), under `settings` (`{settings: {iamPolicy: {…}}}`, the shape of initializationOptions
 * and of didChangeConfiguration's params), or with dotted keys (`{"iamPolicy.rules": …}`). Returns
 * undefined when there is nothing (null, not an object, or an empty object), so the caller can keep
 * the settings it had from another channel.
 */
export function unwrapSettings(raw: unknown): Record<string, unknown> | undefined {
  let r: unknown = raw;
  for (let i = 0; i < 3; i++) {
    if (!r || typeof r !== 'object' || Array.isArray(r)) return undefined;
    const o = expandDotted(r as Record<string, unknown>);
    if (SECTION in o) r = o[SECTION];
    else if ('settings' in o) r = o.settings;
    else return Object.keys(o).length ? o : undefined;
  }
  return r && typeof r === 'object' && !Array.isArray(r) && Object.keys(r).length ? (r as Record<string, unknown>) : undefined;
}

/** The settings a client sent in any channel and shape (see unwrapSettings); `fallback` when it sent none. */
export function settingsFrom(raw: unknown, fallback: ServerSettings): ServerSettings {
  const s = unwrapSettings(raw);
  return s ? normalizeSettings(s) : fallback;
}
