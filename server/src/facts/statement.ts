/**
 * The facts of one statement under one data instance, computed lazily and once: known values of
 * its elements, its parsed ARNs, its Condition entries, its principals, the actions its Action
 * element resolves to and the condition keys those actions support. Built by statementFacts()
 * (index.ts) and cached in cache.ts per (statement, data).
 */
import { resourceArnValues, type ResourceArnValue } from './arns';
import type { ActionRef, IamData } from '../data/iamData';
import type { Span, Statement, ValueNode } from '../model';
import { actionRefsOf, actionServicesOf, conditionKeysForActions, effectOf, grantedSetOf, knownValues, resolveActions, type ActionServices, type Effect, type GrantedSet, type KeyUse, type KnownValue } from './actions';
import { readConditionEntries, readConditionOperators, type ConditionEntry, type ConditionOperatorEntry } from './conditions';
import { readPrincipals, type PrincipalEntry } from './principals';

/** A key under an operator of a Condition block, in the light shape the security checks need (no data lookup). */
export interface ConditionKeyEntry {
  operator: string;
  key: string;
  keyLower: string;
  keySpan: Span;
  values: ValueNode;
}

const UNSET = Symbol('unset');
type Lazy<T> = T | typeof UNSET;

export class StatementFacts {
  private _actions: Lazy<KnownValue[]> = UNSET;
  private _notActions: Lazy<KnownValue[]> = UNSET;
  private _resources: Lazy<KnownValue[]> = UNSET;
  private _arns: Lazy<ResourceArnValue[]> = UNSET;
  private _operators: Lazy<ConditionOperatorEntry[]> = UNSET;
  private _entries: Lazy<ConditionEntry[]> = UNSET;
  private _keyEntries: Lazy<ConditionKeyEntry[]> = UNSET;
  private _principals: Lazy<PrincipalEntry[]> = UNSET;
  private _resolved: Lazy<ActionRef[]> = UNSET;
  private _keys: Lazy<Map<string, KeyUse>> = UNSET;
  private _granted: Lazy<GrantedSet> = UNSET;
  private _actionRefs: Lazy<readonly (ActionRef | undefined)[]> = UNSET;
  private _notActionRefs: Lazy<readonly (ActionRef | undefined)[]> = UNSET;
  private _actionServices: Lazy<ActionServices> = UNSET;
  private _effect: Lazy<Effect | undefined> = UNSET;
  private _starResource: Lazy<KnownValue | undefined> = UNSET;

  constructor(
    readonly statement: Statement,
    readonly data: IamData,
  ) {}

  get effect(): Effect | undefined {
    if (this._effect === UNSET) this._effect = effectOf(this.statement);
    return this._effect;
  }

  /** Fully known values of Action. */
  get actions(): KnownValue[] {
    if (this._actions === UNSET) this._actions = knownValues(this.statement.action);
    return this._actions;
  }

  /** Per known value of Action (parallel to `actions`): the action it names (no wildcard, known service and name), else undefined. */
  get actionRefs(): readonly (ActionRef | undefined)[] {
    if (this._actionRefs === UNSET) this._actionRefs = actionRefsOf(this.data, this.actions);
    return this._actionRefs;
  }

  /** The services the known values of Action name (lower case), or `any` when a value may reach every service. */
  get actionServices(): ActionServices {
    if (this._actionServices === UNSET) this._actionServices = actionServicesOf(this.actions, this.actionRefs);
    return this._actionServices;
  }

  /** Whether a known value of Action may cover an action of this service (lower case): it names it, or has a wildcard in its service part. */
  actionsMayReach(serviceLower: string): boolean {
    const s = this.actionServices;
    return s.any || s.services.includes(serviceLower);
  }

  /** Per known value of NotAction (parallel to `notActions`): the action it names, else undefined. */
  get notActionRefs(): readonly (ActionRef | undefined)[] {
    if (this._notActionRefs === UNSET) this._notActionRefs = actionRefsOf(this.data, this.notActions);
    return this._notActionRefs;
  }

  /** Fully known values of NotAction. */
  get notActions(): KnownValue[] {
    if (this._notActions === UNSET) this._notActions = knownValues(this.statement.notAction);
    return this._notActions;
  }

  /** Fully known values of Resource. */
  get resources(): KnownValue[] {
    if (this._resources === UNSET) this._resources = knownValues(this.statement.resource);
    return this._resources;
  }

  /** The `Resource` element's bare wildcard `*`, if it has one. */
  get starResource(): KnownValue | undefined {
    if (this._starResource === UNSET) this._starResource = this.resources.find((r) => r.value === '*');
    return this._starResource;
  }

  /** Every string of Resource and NotResource, parsed as an ARN (partially known strings included). */
  get arns(): ResourceArnValue[] {
    if (this._arns === UNSET) this._arns = resourceArnValues(this.statement);
    return this._arns;
  }

  /** The operators of the Condition block, in source order. */
  get conditionOperators(): ConditionOperatorEntry[] {
    if (this._operators === UNSET) this._operators = readConditionOperators(this.statement);
    return this._operators;
  }

  /** Every (operator, key) pair of the Condition block, keys resolved against this data. */
  get conditionEntries(): ConditionEntry[] {
    if (this._entries === UNSET) this._entries = readConditionEntries(this.conditionOperators, this.data);
    return this._entries;
  }

  /** Operator → key entries without a data lookup (objects only). */
  get conditionKeyEntries(): ConditionKeyEntry[] {
    if (this._keyEntries === UNSET) {
      const out: ConditionKeyEntry[] = [];
      const operators = this.conditionOperators;
      for (let i = 0; i < operators.length; i++) {
        const op = operators[i];
        if (!op.block) continue;
        const properties = op.block.properties;
        for (let j = 0; j < properties.length; j++) {
          const k = properties[j];
          out.push({ operator: op.property.key, key: k.key, keyLower: k.key.toLowerCase(), keySpan: k.keySpan, values: k.value });
        }
      }
      this._keyEntries = out;
    }
    return this._keyEntries;
  }

  /** Whether the Condition block uses one of these keys (lower-case, exact or `prefix/` template). */
  hasConditionKey(keysLower: readonly string[]): boolean {
    return this.conditionKeyEntries.some((e) => keysLower.some((k) => (k.endsWith('/') ? e.keyLower.startsWith(k) : e.keyLower === k)));
  }

  /** Fully known values of the Principal element. */
  get principals(): PrincipalEntry[] {
    if (this._principals === UNSET) this._principals = readPrincipals(this.statement);
    return this._principals;
  }

  /** The actions the Action element grants, wildcards matched against the data (bounded), deduplicated. */
  /** What the Action element's known values grant, per service, after wildcard matching (breadth checks). */
  get grantedSet(): GrantedSet {
    if (this._granted === UNSET) this._granted = grantedSetOf(this.data, this.actions, this.actionRefs);
    return this._granted;
  }

  get resolvedActions(): ActionRef[] {
    if (this._resolved === UNSET) this._resolved = resolveActions(this.data, this.statement);
    return this._resolved;
  }

  /** The condition keys the statement's resolved actions support, by lower-cased key. */
  get effectiveKeys(): Map<string, KeyUse> {
    if (this._keys === UNSET) this._keys = conditionKeysForActions(this.data, this.resolvedActions);
    return this._keys;
  }
}
