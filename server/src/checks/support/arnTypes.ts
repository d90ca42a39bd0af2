
/** `"bucket"`, `"bucket" or "object"`, `"a", "b" or 3 more`. */
export function typeNames(names: string[]): string {
  const unique = [...new Set(names)];
  const q = unique.slice(0, 2).map((n) => `"${n}"`);
  if (unique.length <= 2) return q.join(' or ');
  return `${q.join(', ')} or ${unique.length - 2} more`;
}
