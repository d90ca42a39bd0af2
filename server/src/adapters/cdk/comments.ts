/**
 * How suppressions are written in CDK source (the adapter's `suppressions` hook, read by
 * engine/suppressions.ts): `# iam-policy-lint-disable-next-line CODE` in Python, `// …` (or a
 * block comment) in TypeScript, JavaScript, Java, C# and Go, found by a scanner aware of the
 * language's strings (hostComments.ts), so a marker inside a string or docstring is data.
 */
import type { HostSuppressions } from '../types';
import { hostComments } from '../hostComments';
import type { CdkLanguage } from './runtime';

const HASH: HostSuppressions = { comments: { lineMarker: '#', scan: (text) => hostComments(text, 'hash') } };
const SLASH: HostSuppressions = { comments: { lineMarker: '//', scan: (text) => hostComments(text, 'slash') } };

/** The suppression syntax of a file in `lang` (the adapter passes the document's language). */
export function cdkSuppressions(lang: CdkLanguage | undefined): HostSuppressions | undefined {
  return lang === 'python' ? HASH : lang ? SLASH : undefined;
}
