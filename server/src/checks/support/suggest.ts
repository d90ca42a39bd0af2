/**
 * Did-you-mean lists of the reference data, memoised per data instance: an unknown service or
 * action is usually repeated (across statements, policies and re-validations), and each list is an
 * edit-distance scan over hundreds of names.
 */
import type { IamData } from '../../data/iamData';
import { dataMemo } from '../../facts/cache';

export function suggestServices(data: IamData, prefix: string): readonly string[] {
  return dataMemo(data, 'suggestServices', prefix, () => Object.freeze(data.suggestServices(prefix)), 2000);
}

export function suggestActions(data: IamData, service: string, name: string): readonly string[] {
  return dataMemo(data, 'suggestActions', `${service}:${name}`, () => Object.freeze(data.suggestActions(service, name)), 2000);
}
