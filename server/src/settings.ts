import type { RuleConfig } from './checks/registry';
import type { EngineSettings } from './service';

/** The `iamPolicy.*` settings as the editor sends them. */
export interface ServerSettings extends EngineSettings {
  enable: boolean;
  /** Delay between the last keystroke and validation (push diagnostics). */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, debounceMs: 200, policyTypes: {}, rules: {} };

function record(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
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
  };
}
