import { elementValues, type PolicyDocument, type Span, type Statement } from '../../../model';
import { ownCheck, type CheckContext } from '../../types';
import { valueSpan } from '../../support/anchors';
import { factsOf, effectOf, type StatementFacts } from '../../../facts';

/** An account root as a principal: `arn:aws:iam::111122223333:root` or `111122223333`, partition and account possibly computed (`${?}`). */
const ACCOUNT_ROOT = /^(?:arn:(?:aws[a-z-]*|\$\{\?\}):iam::(?:\d{12}|\$\{\?\}):root|\d{12})$/;

/**
 * The statement of AWS KMS's default key policy: `kms:*` on `*` for account roots only. In a key
 * policy this does not grant the key to anyone by itself; it lets the account's IAM policies grant
 * it (KMS honours IAM policies only when the key policy delegates to the account this way).
 */
function delegatesKeyToAccounts(policy: PolicyDocument, st: Statement): boolean {
  if (policy.type !== 'resource' || st.notPrincipal) return false;
  const p = st.principal?.value;
  if (p?.kind !== 'object' || p.properties.length === 0) return false;
  return p.properties.every((prop) => {
    if (prop.key !== 'AWS') return false;
    const values = elementValues(prop.value);
    return values.length > 0 && values.every((v) => v.kind === 'string' && ACCOUNT_ROOT.test(v.value));
  });
}

/** Services with fewer actions are not judged by their granted set. */
const MIN_ACTIONS = 10;

export default ownCheck({
  code: 'SERVICE_WILDCARD_ACTION',
  title: 'Service-wide wildcard action',
  findingType: 'SECURITY_WARNING',
  policyTypes: ['identity', 'resource'],
  fixes: [{ kind: 'expandWildcard', safe: false }],
  description: 'An Allow of every action of a service ("s3:*"), or of "*" on specific resources, grants far more than most tasks need; list the actions used.',
  details:
    'Judged on the set of actions a statement grants once wildcards are matched against the reference data, not on how it is spelt: listing every S3 action, or wildcards that together reach every S3 action (`s3:Get*`, `s3:Put*`, … or `s*`), is reported like `s3:*`, on the one value that grants them or else on the `Action` key ("These actions together grant all 180 Amazon S3 actions"). A statement that leaves out even one action of the service is not service-wide, and services with fewer than 10 actions, or with only read and list actions, are not judged this way (listing the few actions of a small service is how least privilege is written). A service-wide wildcard such as `s3:*` also grants the service\'s permissions-management and delete actions (for S3: `s3:PutBucketPolicy`, `s3:DeleteBucket`) and every action the service adds later. Replace it with the actions the workload calls, or with narrower wildcards such as `s3:Get*`. `"*"` on `"Resource": "*"` is reported as FULL_ADMIN_ACCESS instead.\n\nNot reported: `kms:*` in a resource (key) policy statement whose principals are only account roots (`arn:aws:iam::111122223333:root` or an account ID). That is AWS KMS\'s default key policy: it grants nothing by itself and lets the account\'s IAM policies grant use of the key.',
  run(policy, ctx) {
    const all = factsOf(policy, ctx.data).statements;
    for (let j = 0; j < all.length; j++) {
      const facts = all[j];
      const st = facts.statement;
      if (effectOf(st) !== 'Allow' || !st.action) continue;
      const onStar = !!facts.starResource;
      const values = facts.actions;
      const refs = facts.actionRefs;
      let reported: Set<string> | undefined; // services reported on a `service:*` value
      let everyService = false;
      let unresolved = 0; // values that name no action (wildcards among them)
      for (let i = 0; i < values.length; i++) {
        if (refs[i] !== undefined) continue; // names one action: not `service:*`
        unresolved++;
        const { node, value } = values[i];
        if (value === '*' || value === '*:*') {
          everyService = true;
          if (!onStar) ctx.report(valueSpan(node), `"${value}" allows every action of every service on these resources. List the actions that are needed instead.`);
          continue;
        }
        // `service:*`: the colon second to last, then a star (read in place, no slice).
        const colon = value.indexOf(':');
        if (colon <= 0 || colon !== value.length - 2 || value.charCodeAt(colon + 1) !== 42 /* * */ || /[*?]/.test(value.slice(0, colon))) continue;
        const service = value.slice(0, colon);
        if (!ctx.data.hasService(service)) continue;
        if (service.toLowerCase() === 'kms' && delegatesKeyToAccounts(policy, st)) continue;
        (reported ??= new Set()).add(service.toLowerCase());
        const info = ctx.data.getService(service)!;
        ctx.report(valueSpan(node), `"${value}" grants all ${info.actionCount} ${info.name} actions, including permissions-management and delete actions. List the actions that are needed, or narrow the wildcard (for example "${service}:Get*").`);
      }
      // The same grant spelt otherwise: every action of a service listed, or reached by narrower
      // wildcards together ("s3:Get*", "s3:Put*", …) or by a wildcard in the service part ("s*").
      if (everyService) continue;
      // Fewer than MIN_ACTIONS values that each name one action reach fewer than MIN_ACTIONS
      // actions of any service: none of the services judged below can be fully granted.
      if (unresolved === 0 && values.length < MIN_ACTIONS) continue;
      reportServiceGrants(policy, ctx, facts, onStar, reported);
    }
  },
});

/**
 * The findings on a statement's granted set (`onStar`: it has `"Resource": "*"`; `reported`: the
 * services already reported on a `service:*` value). Apart from run so that its statement loop
 * captures nothing (no block context per statement).
 */
function reportServiceGrants(policy: PolicyDocument, ctx: CheckContext, facts: StatementFacts, onStar: boolean, reported: Set<string> | undefined): void {
  const st = facts.statement;
  const values = facts.actions;
  const action = st.action!;
  const granted = facts.grantedSet;
  if (granted.everything && onStar) return; // FULL_ADMIN_ACCESS reports it
  // Listing the few actions of a small service, or every read action of a read-only one, is how
  // least privilege is written: only services of MIN_ACTIONS or more with write or
  // permissions-management actions count.
  const rest = granted.full.filter((g) => g.total >= MIN_ACTIONS && (g.write || g.permissions) && !reported?.has(g.service) && !(g.service === 'kms' && delegatesKeyToAccounts(policy, st)));
  if (rest.length === 0) return;
  // Anchor: the one value that grants a service alone, else the Action key.
  const byAnchor = new Map<number, { span: Span; value?: string; services: typeof rest }>();
  for (let k = 0; k < rest.length; k++) {
    const g = rest[k];
    const alone = g.by.length === 1 ? values[g.by[0]] : undefined;
    const span = alone ? valueSpan(alone.node) : action.keySpan;
    let e = byAnchor.get(span.offset);
    if (!e) byAnchor.set(span.offset, (e = { span, value: alone?.value, services: [] }));
    e.services.push(g);
  }
  for (const { span, value, services } of byAnchor.values()) {
    const name = (g: (typeof rest)[number]) => ctx.data.getService(g.service)?.name ?? g.service;
    const what =
      services.length === 1
        ? `all ${services[0].total} ${name(services[0])} actions, the same as "${services[0].service}:*"`
        : `every action of ${services.length} services (${services
            .slice(0, 3)
            .map((g) => `all ${g.total} ${name(g)} actions`)
            .join(', ')}${services.length > 3 ? ', …' : ''})`;
    const subject = value === undefined ? 'These actions together grant' : `"${value}" grants`;
    const kinds = services.some((g) => g.permissions) ? 'permissions-management and write actions' : 'write actions';
    ctx.report(span, `${subject} ${what}, including ${kinds}. List the actions that are needed.`);
  }
}
