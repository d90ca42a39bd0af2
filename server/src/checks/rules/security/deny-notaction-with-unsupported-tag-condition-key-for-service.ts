import { tagKeyCheck } from '../../support/tagKeys';

export default tagKeyCheck({
  code: 'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  title: 'Deny NotAction with unsupported tag condition key for service',
  findingType: 'SECURITY_WARNING',
  effect: 'Deny',
  notAction: true,
  description: 'A Deny with NotAction depends on a tag condition key that many services lack, so their actions escape the deny; deny an explicit Action list.',
});
