import { arnFieldNotAllowedCheck } from '../../support/arnFieldNotAllowed';

export default arnFieldNotAllowedCheck({
  code: 'ARN_ACCOUNT_NOT_ALLOWED',
  title: 'ARN account not allowed',
  description: 'A resource ARN has an account ID although the resource type\'s ARN format has an empty account field (e.g. S3 buckets).',
  field: 'account',
  have: 'have no account ID',
  fieldName: 'account',
});
