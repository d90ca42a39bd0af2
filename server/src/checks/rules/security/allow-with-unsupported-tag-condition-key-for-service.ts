import { tagKeyCheck } from '../../support/tagKeys';

export default tagKeyCheck({
  code: 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  title: 'Allow with unsupported tag condition key for service',
  findingType: 'SUGGESTION',
  effect: 'Allow',
  notAction: false,
  description: 'An Allow conditioned on a tag key includes actions of services that do not support the key, so they are never granted; move them to their own statement.',
});
