import { arnFieldNotAllowedCheck } from '../../support/arnFieldNotAllowed';

export default arnFieldNotAllowedCheck({
  code: 'ARN_REGION_NOT_ALLOWED',
  title: 'ARN Region not allowed',
  description: 'A resource ARN names a Region although the resource type is global and its ARN format has an empty Region field (e.g. IAM).',
  field: 'region',
  have: 'have no Region (the resource is not regional)',
  fieldName: 'Region',
});
