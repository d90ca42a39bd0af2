import { looseTemplates, servicesForArnSegment, someLooseTemplateMatches, splitArnFormat, type LooseTemplates, type ParsedArn } from '../../../data/arn';
import { arnFieldSpan } from '../../../facts/arns';
import { factsOf } from '../../../facts';

/** ARN segments whose resources the reference data lists under another service. */
const SIBLINGS: ReadonlyMap<string, readonly string[]> = new Map([['sts', ['iam']], ['iam', ['sts']]]);
/** IAM ARNs that name principals, not resource types ("arn:aws:iam::123456789012:root"). */
const PRINCIPAL_ONLY_IAM = new Set(['root']);
import { closest, isTypo } from '../../../data/editDistance';
import type { IamData } from '../../../data/iamData';
import { accessAnalyzerCheck } from '../../types';
import { dataMemo, dataMemo2, nodeDataMemo } from '../../../facts/cache';

/** The resource-type word an ARN resource starts with ("role" in "role/app", "" for "${Name}"). */
function leadingWord(resource: string): string {
  let i = 0;
  while (i < resource.length && resource[i] !== '/' && resource[i] !== ':' && resource[i] !== '$' && resource[i] !== '*') i++;
  return resource.slice(0, i).toLowerCase();
}

/**
 * Formats of this ARN segment and of the IAM service of the same name, whatever their segment,
 * Region and account fields (the reference data files some formats under a sibling segment, e.g.
 * sts:assumed-role under iam, servicecatalog portfolios under catalog). Once per data instance and
 * segment (the data is immutable), not once per ARN.
 */
function segmentFormats(data: IamData, segment: string): SegmentFormats {
  return dataMemo(data, 'arnFormatsOfSegment', segment, () => {
    const prefixes = new Set([...servicesForArnSegment(data, segment), ...(SIBLINGS.get(segment) ?? [])]);
    const formats: string[] = [];
    for (const prefix of prefixes) for (const rt of data.listResourceTypes(prefix)) formats.push(rt.arn);
    // The resource field of each format, as matched (a format that does not split matches anything).
    return { formats, resources: looseTemplates(formats.map((a) => splitArnFormat(a)?.resource ?? '*')), suggestions: undefined };
  });
}

interface SegmentFormats {
  formats: readonly string[];
  resources: LooseTemplates;
  /** What a finding suggests from, built at the segment's first finding. */
  suggestions: Suggestions | undefined;
}

/** The distinct resource fields of the segment's formats, and per leading resource-type word the shortest of them. */
interface Suggestions {
  resources: readonly string[];
  byWord: ReadonlyMap<string, string>;
}

function suggestionsOf(seg: SegmentFormats): Suggestions {
  if (seg.suggestions === undefined) {
    const resources = [...new Set(seg.formats.map((a) => splitArnFormat(a)?.resource ?? ''))].filter((r) => r);
    const byWord = new Map<string, string>();
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i];
      const w = leadingWord(r);
      const prev = byWord.get(w);
      if (prev === undefined || r.length < prev.length) byWord.set(w, r);
    }
    seg.suggestions = { resources, byWord };
  }
  return seg.suggestions;
}

/**
 * Whether the resource part matches one of the segment's formats, the format's last placeholder
 * standing for one or more path segments (templateMayMatchLoosely), memoised per data instance,
 * segment and resource text (the data is immutable).
 */
function matchesSomeFormat(data: IamData, segment: string, resources: LooseTemplates, resource: string): boolean {
  return dataMemo2(data, 'arnResourceMatchesLoosely', segment, resource, () => someLooseTemplateMatches(resource, resources), 50000);
}

/** A finding on an ARN's resource part: its message and whether it is demoted (not a typo). */
interface Verdict {
  message: string;
  demote: boolean;
}

/**
 * The finding on this ARN's resource part (known and certain, of a certain, literal service
 * segment), or null: memoised per parse and data instance (a fully known ARN's parse is shared by
 * every node that spells it).
 */
function resourceVerdict(data: IamData, arn: ParsedArn): Verdict | null {
  return nodeDataMemo(arn, data, 'invalidArnResource', resourceVerdictUncached);
}

function resourceVerdictUncached(arn: ParsedArn, data: IamData): Verdict | null {
  const f = arn.resource;
  const segment = arn.service.text.toLowerCase();
  if (segment === 'iam' && PRINCIPAL_ONLY_IAM.has(f.text)) return null;
  const seg = segmentFormats(data, segment);
  const formats = seg.formats;
  if (formats.length === 0) return null; // unknown service or no documented formats: nothing to compare
  if (matchesSomeFormat(data, segment, seg.resources, f.text)) return null;
  // Suggest the formats whose leading resource-type word is closest to the one written.
  const { resources, byWord } = suggestionsOf(seg);
  const written = leadingWord(f.text);
  const nearWords = closest(written, byWord.keys(), 3);
  const near = nearWords.map((w) => byWord.get(w)!);
  const examples = (near.length ? near : resources.slice(0, 3)).map((r) => `"${r}"`);
  // A misspelled resource-type word ("endpointconfig" for "endpoint-config") is an error. Any
  // other mismatch may be a resource type the reference data does not list yet: a warning.
  // A typo is judged as for actions (isTypo): a missing or extra word is not one.
  const typo = written !== '' && !byWord.has(written) && nearWords.some((w) => isTypo(written, w));
  return {
    message: `"${f.text}" matches no ${arn.service.text} resource type. ${near.length ? `Did you mean ${examples.join(' or ')}?` : `The resource part must follow one of the service's ${resources.length} ARN formats, e.g. ${examples.join(', ')}.`}${typo ? '' : byWord.has(written) && written ? ` Check the parts after "${written}".` : ' (If this is a resource type newer than the reference data, ignore this.)'}`,
    demote: !typo,
  };
}

export default accessAnalyzerCheck({
  code: 'INVALID_ARN_RESOURCE',
  title: 'Invalid ARN resource',
  findingType: 'ERROR',
  policyTypes: 'all',
  requires: ['ResourceArn'],
  description: 'The resource part of an ARN matches none of the service\'s resource-type ARN formats.',
  details:
    'The resource part is compared with every ARN format the reference data lists for the service (and for services sharing its ARN segment). The format\'s last placeholder may stand for one or more path segments whatever its name, because real ARNs often have more segments there than the format shows: AWS-managed Config rules (`config-rule/aws-service-rule/securityhub.amazonaws.com/…`), CloudTrail service-linked channels (`channel/aws-service-channel/…`), OpenSearch sub-resources (`domain/my-domain/_cluster/settings`), Glue schemas (`schema/registry/schema`). Other placeholders stand for one segment (no `/`), except log group names. Wildcards and policy variables match anything.\n\nAn error only when the resource-type word is a typo of a listed one (the rule of INVALID_ACTION: case, or a few single-character edits, never a missing or extra word): `instances/i-123`, `roles/app`. Any other mismatch — a listed word with too few parts (`stack/my-stack`), or an unknown word that may be a resource type newer than the data — is a warning.',
  run(policy, ctx) {
    const arns = factsOf(policy, ctx.data).arns;
    for (let i = 0; i < arns.length; i++) {
      const v = arns[i];
      if (v.parse.kind !== 'arn') continue;
      const arn = v.parse.arn;
      const f = arn.resource;
      if (f.uncertain || f.hole || arn.service.wild || arn.service.uncertain) continue;
      const verdict = resourceVerdict(ctx.data, arn);
      if (verdict === null) continue;
      ctx.report(
        arnFieldSpan(v.node, f),
        verdict.message,
        undefined,
        { demote: verdict.demote },
      );
    }
  },
});
