import { tagKeyCheck } from '../../support/tagKeys';

export default tagKeyCheck({
  code: 'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  title: 'Allow NotAction with unsupported tag condition key for service',
  findingType: 'SUGGESTION',
  effect: 'Allow',
  notAction: true,
  description: 'An Allow with NotAction depends on a tag condition key that many services lack, so their actions are quietly not granted; allow an explicit Action list.',
});
