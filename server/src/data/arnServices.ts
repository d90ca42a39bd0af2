import type { IamData, ResourceTypeInfo } from './iamData';
import type { ParsedArn } from './arnParse';
import { matchResourceTypes, splitArnFormat, templateMayMatch, type ArnFormat } from './arnMatch';

/**
 * Which services and resource types an ARN service segment stands for, and the resource types an
 * ARN may denote (data/arn.ts re-exports it).
 */

/**
 * Resource types of a service whose ARN service segment may match this ARN's service field.
 * The ARN service segment is usually the IAM prefix; a few services use another segment
 * (see arnServiceIndex), which is looked up lazily.
 */
export function resourceTypesForArn(data: IamData, arn: ParsedArn): ResourceTypeInfo[] {
  const service = arn.service.text;
  if (arn.service.wild || arn.service.uncertain) return [];
  const out: ResourceTypeInfo[] = [];
  const segmentServices = servicesForArnSegment(data, service);
  for (let i = 0; i < segmentServices.length; i++) {
    const prefix = segmentServices[i];
    out.push(...matchResourceTypes(arn, data.listResourceTypes(prefix)));
  }
  return out;
}

const arnIndexCache = new WeakMap<IamData, Map<string, string[]>>();

/**
 * ARN service segment (lower case) → IAM prefixes whose resource types use it. Built once, lazily,
 * from the segments the index lists per service (IamData.arnServiceSegments): no service file is read.
 */
export function arnServiceIndex(data: IamData): Map<string, string[]> {
  let idx = arnIndexCache.get(data);
  if (!idx) {
    idx = new Map();
    const services = data.listServices();
    for (let i = 0; i < services.length; i++) {
      const s = services[i];
      const segments = data.arnServiceSegments(s.prefix);
      for (let j = 0; j < segments.length; j++) {
        const seg = segments[j];
        const list = idx.get(seg);
        if (list === undefined) idx.set(seg, [s.prefix]);
        else if (!list.includes(s.prefix)) list.push(s.prefix);
      }
    }
    arnIndexCache.set(data, idx);
  }
  return idx;
}

/** IAM prefixes whose resources use this ARN service segment (exact IAM prefix first). */
export function servicesForArnSegment(data: IamData, segment: string): string[] {
  let bySegment = segmentCache.get(data);
  if (!bySegment) segmentCache.set(data, (bySegment = new Map()));
  let hit = bySegment.get(segment);
  if (!hit) {
    hit = Object.freeze(servicesForArnSegmentUncached(data, segment)) as string[];
    if (bySegment.size >= 4096) bySegment.clear();
    bySegment.set(segment, hit);
  }
  return hit;
}
/** Per data instance: ARN service segment as written → IAM prefixes (shared, frozen; bounded). */
const segmentCache = new WeakMap<IamData, Map<string, string[]>>();

function servicesForArnSegmentUncached(data: IamData, segment: string): string[] {
  const lower = segment.toLowerCase();
  const direct = data.hasService(lower) ? [lower] : [];
  // Most services use their IAM prefix; only consult the full index when that prefix has no
  // resource type using this segment (the index's segments of the service: no service file read).
  const ownUses = direct.length > 0 && data.arnServiceSegments(lower).includes(lower);
  if (ownUses) return direct;
  const fromIndex = arnServiceIndex(data).get(lower) ?? [];
  return [...new Set([...direct, ...fromIndex])];
}

/** Whether a segment is a known ARN service segment (an IAM prefix or used by some ARN format). */
export function isKnownArnService(data: IamData, segment: string): boolean {
  const lower = segment.toLowerCase();
  return data.hasService(lower) || arnServiceIndex(data).has(lower);
}

export type ArnFieldName = 'region' | 'account' | 'resource';

/**
 * Resource types of the ARN's service whose format may match every field of the ARN except
 * `ignore` (so a check can ask "would it match if the Region were right?"). Empty when the
 * service field is wild, uncertain or unknown.
 */
export function candidateResourceTypes(data: IamData, arn: ParsedArn, ignore?: ArnFieldName): { type: ResourceTypeInfo; format: ArnFormat }[] {
  if (arn.service.wild || arn.service.uncertain) return [];
  const out: { type: ResourceTypeInfo; format: ArnFormat }[] = [];
  const service = arn.service.text.toLowerCase();
  const region = ignore !== 'region' && !arn.region.uncertain;
  const account = ignore !== 'account' && !arn.account.uncertain;
  const resource = ignore !== 'resource' && !arn.resource.uncertain;
  // A service's formats mostly repeat their Region and account fields (`${Region}`, `${Account}`,
  // empty): the answer for the previous type's field is reused when the template text is the same.
  let regionT: string | undefined;
  let regionV = false;
  let accountT: string | undefined;
  let accountV = false;
  const segmentServices = servicesForArnSegment(data, arn.service.text);
  for (let i = 0; i < segmentServices.length; i++) {
    const prefix = segmentServices[i];
    const typeFormats = splitFormats(data.listResourceTypes(prefix));
    for (let j = 0; j < typeFormats.length; j++) {
      const { type: rt, format: f, service: fs } = typeFormats[j];
      if (fs !== service) continue;
      if (region) {
        if (f.region !== regionT) regionV = templateMayMatch(arn.region.text, (regionT = f.region));
        if (!regionV) continue;
      }
      if (account) {
        if (f.account !== accountT) accountV = templateMayMatch(arn.account.text, (accountT = f.account));
        if (!accountV) continue;
      }
      if (resource && !templateMayMatch(arn.resource.text, f.resource)) continue;
      out.push({ type: rt, format: f });
    }
  }
  return out;
}

/**
 * Whether some resource type of this ARN service segment has a Region field other than empty or
 * `*` in its ARN format, i.e. whether an ARN of the segment can need a Region (memoised per data
 * instance and segment). MISSING_ARN_REGION asks it before matching every type of the service.
 */
export function arnSegmentMayNeedRegion(data: IamData, segment: string): boolean {
  let bySegment = needsRegionCache.get(data);
  if (!bySegment) needsRegionCache.set(data, (bySegment = new Map()));
  let v = bySegment.get(segment);
  if (v === undefined) {
    const service = segment.toLowerCase();
    v = false;
    const segmentServices = servicesForArnSegment(data, segment);
    for (let i = 0; i < segmentServices.length; i++) {
      const prefix = segmentServices[i];
      const typeFormats = splitFormats(data.listResourceTypes(prefix));
      for (let j = 0; j < typeFormats.length; j++) {
        const { format: f, service: fs } = typeFormats[j];
        if (fs === service && f.region !== '' && f.region !== '*') v = true;
      }
    }
    if (bySegment.size >= 4096) bySegment.clear();
    bySegment.set(segment, v);
  }
  return v;
}
const needsRegionCache = new WeakMap<IamData, Map<string, boolean>>();

/** A service's resource types with their split ARN formats (lower-cased service segment), per shared type list. */
function splitFormats(types: readonly ResourceTypeInfo[]): readonly { type: ResourceTypeInfo; format: ArnFormat; service: string }[] {
  let out = splitFormatsCache.get(types);
  if (!out) {
    const list: { type: ResourceTypeInfo; format: ArnFormat; service: string }[] = [];
    for (let i = 0; i < types.length; i++) {
      const type = types[i];
      const format = splitArnFormat(type.arn);
      if (format) list.push({ type, format, service: format.service.toLowerCase() });
    }
    splitFormatsCache.set(types, (out = list));
  }
  return out;
}
const splitFormatsCache = new WeakMap<readonly ResourceTypeInfo[], readonly { type: ResourceTypeInfo; format: ArnFormat; service: string }[]>();

/**
 * Prefixes under which the reference data merges two services and keeps, for an action both
 * define, only one service's resource types: API Gateway's v1 ("Management") and v2 ("Management
 * V2") share `apigateway`, and GET, POST, PUT, PATCH and DELETE list v1's types only, so v2's (`/apis`,
 * routes, …: 17 types) are listed by no action. Elsewhere a type no action lists is the Service
 * Authorization Reference's own (CodeBuild's `build`), not a gap of the data.
 */
const MERGED_PREFIXES: ReadonlySet<string> = new Set(['apigateway']);

/**
 * The resource types that a merged prefix (above) named by an ARN service segment has and no
 * action of the data lists: what an action may act on although the data does not say so. Empty for
 * any other segment. Per data instance and segment.
 */
export function unlistedResourceTypes(data: IamData, segment: string): readonly ResourceTypeInfo[] {
  if (!MERGED_PREFIXES.has(segment)) return [];
  let bySegment = unlistedCache.get(data);
  if (!bySegment) unlistedCache.set(data, (bySegment = new Map()));
  let out = bySegment.get(segment);
  if (!out) {
    const list: ResourceTypeInfo[] = [];
    const services = servicesForArnSegment(data, segment);
    for (let i = 0; i < services.length; i++) {
      const service = services[i];
      const listed = new Set<string>();
      const names = data.actionNames(service);
      for (let j = 0; j < names.length; j++) {
        const types = data.getAction(service, names[j])?.resourceTypes ?? [];
        for (let k = 0; k < types.length; k++) listed.add(types[k].name.toLowerCase());
      }
      const all = data.listResourceTypes(service);
      for (let j = 0; j < all.length; j++) if (!listed.has(all[j].name.toLowerCase()) && !list.includes(all[j])) list.push(all[j]);
    }
    bySegment.set(segment, (out = list));
  }
  return out;
}
const unlistedCache = new WeakMap<IamData, Map<string, readonly ResourceTypeInfo[]>>();
