import type { Check } from '../../types';
import oidcTrustMissingSub from './oidc-trust-missing-sub';
import oidcTrustWildcardSub from './oidc-trust-wildcard-sub';
import oidcTrustMissingAud from './oidc-trust-missing-aud';
import oidcUnknownClaim from './oidc-unknown-claim';
import oidcTrustClaimIfExists from './oidc-trust-claim-if-exists';

/** Web identity (OIDC) role trust: which provider claims are tested. One file per check in this folder; list each here, in reporting order. */
export const OIDC_CHECKS: readonly Check[] = [
  oidcTrustMissingSub,
  oidcTrustWildcardSub,
  oidcTrustMissingAud,
  oidcUnknownClaim,
  oidcTrustClaimIfExists,
];
