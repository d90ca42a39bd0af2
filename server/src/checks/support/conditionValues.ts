/**
 * Parsers for condition values by operator family: IP addresses/CIDR ranges, dates, numbers,
 * booleans, base64. Pure and total (never throw).
 */
import { textMemo } from '../../facts/cache';

export interface Cidr {
  version: 4 | 6;
  /** Address bits as a bigint (32 or 128 bits). */
  address: bigint;
  /** Prefix length; the full width when no /n was written. */
  prefix: number;
  hasPrefix: boolean;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 ? (halves[1] ? halves[1].split(':') : []) : [];
  const groups = halves.length === 2 ? head.length + rest.length : head.length;
  if (halves.length === 2 ? groups > 7 : groups !== 8) return undefined;
  const all = halves.length === 2 ? [...head, ...new Array<string>(8 - groups).fill('0'), ...rest] : head;
  let v = 0n;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4;
  return v;
}

/** Parses `203.0.113.0/24`, `203.0.113.7`, `2001:db8::/32`. Undefined when malformed. Memoized in facts/cache.ts (several checks parse the same values). */
export function parseCidr(text: string): Cidr | undefined {
  return textMemo('cidr', text, () => parseCidrUncached(text), 4096);
}

function parseCidrUncached(text: string): Cidr | undefined {
  const s = text.trim();
  if (s !== text || s.length === 0) return undefined;
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  const prefixText = slash >= 0 ? s.slice(slash + 1) : undefined;
  const version: 4 | 6 = addr.includes(':') ? 6 : 4;
  const address = version === 4 ? parseIPv4(addr) : parseIPv6(addr);
  if (address === undefined) return undefined;
  const width = version === 4 ? 32 : 128;
  let prefix = width;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > width) return undefined;
  }
  return { version, address, prefix, hasPrefix: prefixText !== undefined };
}

function mask(version: 4 | 6, prefix: number): bigint {
  const width = BigInt(version === 4 ? 32 : 128);
  const all = (1n << width) - 1n;
  return prefix === 0 ? 0n : (all >> (width - BigInt(prefix))) << (width - BigInt(prefix));
}

/** True when bits are set after the prefix (e.g. 10.0.0.1/8). */
export function hasHostBits(c: Cidr): boolean {
  return (c.address & ~mask(c.version, c.prefix) & ((1n << BigInt(c.version === 4 ? 32 : 128)) - 1n)) !== 0n;
}

function formatIPv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

function formatIPv6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // Longest run of zero groups (length ≥ 2) becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The network address of a range in CIDR form (`10.0.0.1/8` → `10.0.0.0/8`). */
export function normalizeCidr(c: Cidr): string {
  const net = c.address & mask(c.version, c.prefix);
  return `${c.version === 4 ? formatIPv4(net) : formatIPv6(net)}/${c.prefix}`;
}

const PRIVATE_RANGES: Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map((s) => parseCidr(s)!);

/** True when the whole range lies inside a private (RFC 1918 / IPv6 unique local) block. */
export function isPrivateRange(c: Cidr): boolean {
  return PRIVATE_RANGES.some((p) => p.version === c.version && c.prefix >= p.prefix && (c.address & mask(p.version, p.prefix)) === p.address);
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * ISO 8601 / W3C date or date-time as IAM accepts it: `2025-01-31`, `2025-01-31T12:00:00Z`,
 * `2025-01-31T12:00:00.000+02:00`, or a year/month alone.
 */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/.exec(text);
  if (!m) return false;
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  if (month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month - 1]) return false;
  if (m[4] && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] && Number(m[6]) > 60))) return false;
  return true;
}

/** Epoch seconds (or milliseconds) written as digits. */
export function isEpoch(text: string): boolean {
  return /^\d{1,13}$/.test(text);
}

export function isNumeric(text: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text);
}

export function isBooleanText(text: string): boolean {
  const l = text.toLowerCase();
  return l === 'true' || l === 'false';
}

export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

export function isIpText(text: string): boolean {
  return parseCidr(text) !== undefined;
}
