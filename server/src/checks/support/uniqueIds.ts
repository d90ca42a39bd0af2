
/** 'role' for an AROA… unique ID, 'user' for an AIDA… one (upper-case letters and digits). */
export function uniqueIdKind(v: string): 'role' | 'user' | undefined {
  if (v.length < 16 || v.length > 128) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return undefined;
  }
  if (v.startsWith('AROA')) return 'role';
  if (v.startsWith('AIDA')) return 'user';
  return undefined;
}
