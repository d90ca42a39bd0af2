import { tagKeyCheck } from '../../support/tagKeys';

export default tagKeyCheck({
  code: 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  title: 'Deny with unsupported tag condition key for service',
  findingType: 'SECURITY_WARNING',
  effect: 'Deny',
  notAction: false,
  description: 'A Deny conditioned on a tag key lists actions of services that do not support the key, so they are never denied; move them to their own statement.',
});
