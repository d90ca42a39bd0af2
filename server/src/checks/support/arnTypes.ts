import { patternCovers, splitArnFormat, type ParsedArn } from '../../data/arn';

/** `"bucket"`, `"bucket" or "object"`, `"a", "b" or 3 more`. */
export function typeNames(names: string[]): string {
  const unique = [...new Set(names)];
  const q = unique.slice(0, 2).map((n) => `"${n}"`);
  if (unique.length <= 2) return q.join(' or ');
  return `${q.join(', ')} or ${unique.length - 2} more`;
}

/**
 * Whether a user ARN names every resource a reference-data ARN format can denote, whatever the
 * account and Region (`arn:*:cloudtrail:*:*:trail/*` for `arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}`):
 * the service segment is the format's (or `*`), the Region and account fields are `*` (or empty
 * where the format has none), and the resource part covers the format's (placeholders as `*`).
 * The partition is not judged: `arn:aws:…` is still every resource of the commercial partition.
 * False for uncertain fields (template holes) and when unsure.
 */
export function arnCoversFormat(arn: ParsedArn, format: string): boolean {
  if (arn.service.uncertain || arn.region.uncertain || arn.account.uncertain || arn.resource.uncertain || arn.hasHoles) return false;
  const f = splitArnFormat(format);
  if (!f) return false;
  const service = arn.service.text.toLowerCase();
  if (service !== '*' && service !== f.service.toLowerCase()) return false;
  const anyField = (user: string, fmt: string) => user === '*' || (fmt === '' && user === '');
  if (!anyField(arn.region.text, f.region) || !anyField(arn.account.text, f.account)) return false;
  return patternCovers(arn.resource.text, f.resource);
}
