/**
 * The one home of memoised facts. Every cache of checks/, facts/ and the features that read facts
 * lives here, each under an explicit key:
 *
 * - per policy and data: on the policy itself for its first data instance (a non-enumerable
 *   symbol slot), else `WeakMap<PolicyDocument, Map<IamData, T>>` (policyFacts);
 * - per statement and data: the same, on the statement (statementFacts);
 * - per model node and table name: facts of one node alone (the ARN parse of a partial string),
 *   and with the data instance as well (nodeDataMemo: a check's verdict on a shared ARN parse);
 * - per data instance and table name: derived reference-data tables (bounded);
 * - per table name: pure functions of a string (bounded; `textTable` hands a hot caller the table).
 *
 * Facts that depend on the reference data are always keyed by the IamData instance as well as
 * by the model node, so two data instances (tests, a reloaded index) never share an answer.
 * Model nodes are immutable once built (an edit builds new nodes), so node-keyed entries never go
 * stale; they are weakly held and go with their policy.
 */
import type { IamData } from '../data/iamData';
import type { PolicyDocument, Statement } from '../model';
import { StringTable } from '../data/stringTable';

const byPolicy = new WeakMap<PolicyDocument, Map<IamData, unknown>>();
const byStatement = new WeakMap<Statement, Map<IamData, unknown>>();
/** Per table name, pure functions of a string (textMemo, textTable). */
const byText = new Map<string, StringTable>();

/**
 * The facts of a node under its first data instance ride on the node itself, in a non-enumerable
 * symbol-keyed slot (invisible to JSON, Object.keys and deep equality): every check asks for them
 * once per statement, and a property load is far cheaper than a WeakMap and a Map lookup. The
 * slot holds the facts object itself, which names its data instance (`data`), so a hit is one load
 * and one comparison. Other data instances (tests) use the maps.
 */
const OWN = Symbol('facts');
/** A facts object: it knows the data instance it was built with. */
export interface OfData {
  readonly data: IamData;
}
/** A node with (perhaps) its facts under its first data instance in the OWN slot. */
export type Slotted = { [OWN]?: OfData };
/**
 * The slot itself, for the hottest readers (factsOf, statementFacts in index.ts): they read it in
 * place and call policySlot/statementSlot only on a miss, one call instead of three per hit.
 */
export const FACTS_SLOT: typeof OWN = OWN;

function slot<K extends object, T extends OfData>(cache: WeakMap<K, Map<IamData, unknown>>, node: K, data: IamData, build: (node: K, data: IamData) => T): T {
  const own = (node as Slotted)[OWN];
  if (own !== undefined) {
    if (own.data === data) return own as T;
  } else if (Object.isExtensible(node)) {
    const value = build(node, data);
    Object.defineProperty(node, OWN, { value, enumerable: false, writable: false, configurable: false });
    return value;
  }
  let byData = cache.get(node);
  if (!byData) cache.set(node, (byData = new Map()));
  let hit = byData.get(data) as T | undefined;
  if (hit === undefined) {
    hit = build(node, data);
    byData.set(data, hit);
  }
  return hit;
}

/** The facts object of a policy under one data instance, built once (`build`: a function of both, so no closure per call). */
export function policySlot<T extends OfData>(policy: PolicyDocument, data: IamData, build: (policy: PolicyDocument, data: IamData) => T): T {
  return slot(byPolicy, policy, data, build);
}

/** The facts object of a statement under one data instance, built once (`build`: a function of both, so no closure per call). */
export function statementSlot<T extends OfData>(st: Statement, data: IamData, build: (st: Statement, data: IamData) => T): T {
  return slot(byStatement, st, data, build);
}

const byNodeTable = new Map<string, WeakMap<object, unknown>>();

/**
 * A fact of one model node that depends on nothing else (e.g. the ARN parse of a partially known
 * string node), per node and table: one WeakMap per table, so a lookup is the table (a constant
 * name) and one WeakMap probe, and a first answer stores one entry (no Map per node).
 */
export function nodeMemo<T>(node: object, table: string, build: () => T): T {
  let t = byNodeTable.get(table);
  if (t === undefined) byNodeTable.set(table, (t = new WeakMap()));
  const hit = t.get(node);
  if (hit !== undefined || t.has(node)) return hit as T;
  const v = build();
  t.set(node, v);
  return v;
}

/** A nodeDataMemo entry: the answer under the first data instance asked, the others' by instance. */
interface DataAnswers<T> {
  data: IamData;
  value: T;
  others: Map<IamData, T> | undefined;
}

/**
 * A fact of one model node (or shared parse) under a data instance (e.g. a check's verdict on a
 * parsed ARN, which every node spelling that ARN shares): nodeMemo's one WeakMap probe for the
 * first data instance asked, a small map for the others (tests, a reloaded index). `build` is a
 * module-level function of both (no closure per call).
 */
export function nodeDataMemo<N extends object, T>(node: N, data: IamData, table: string, build: (node: N, data: IamData) => T): T {
  let t = byNodeTable.get(table) as WeakMap<object, DataAnswers<T>> | undefined;
  if (t === undefined) byNodeTable.set(table, (t = new WeakMap()));
  const hit = t.get(node);
  if (hit === undefined) {
    const value = build(node, data);
    t.set(node, { data, value, others: undefined });
    return value;
  }
  if (hit.data === data) return hit.value;
  const others = (hit.others ??= new Map());
  if (others.has(data)) return others.get(data) as T;
  const value = build(node, data);
  others.set(data, value);
  return value;
}

/** Entries kept per table before it is emptied and refilled (tables are derived, so losing them costs only time). */
const DEFAULT_MAX_ENTRIES = 5000;

/** One named table of a pure function of a string, held by its caller (see textTable). */
export interface TextTable<V> {
  /** The answer for `key`, computed by `compute` (a module-level function: no closure per call) the first time. */
  get(key: string, compute: (key: string) => V): V;
}

/**
 * A handle on the table `textMemo(table, …)` uses, for a caller that asks per value on a hot path
 * (the ARN parse of every Resource string): the table is looked up once, when the handle is made,
 * and each call is one table probe. The table still lives here, bounded like textMemo's.
 */
export function textTable<V>(table: string, max = DEFAULT_MAX_ENTRIES): TextTable<V> {
  let t = byText.get(table);
  if (!t) byText.set(table, (t = new StringTable()));
  const st = t;
  return { get: (key, compute) => st.get(key, compute, max, undefined) };
}

const byData = new WeakMap<IamData, Map<string, StringTable>>();


/**
 * A value derived from the reference data only (e.g. every condition key of a service), per data
 * instance and table. `compute` gets the key and the data, so a hot caller can pass a module-level
 * function instead of a closure built per call.
 */
export function dataMemo<V>(data: IamData, table: string, key: string, compute: (key: string, data: IamData) => V, max = DEFAULT_MAX_ENTRIES): V {
  let tables = byData.get(data);
  if (!tables) byData.set(data, (tables = new Map()));
  let t = tables.get(table);
  if (!t) tables.set(table, (t = new StringTable()));
  return t.get(key, compute, max, data);
}

/** One named table of values derived from one data instance, held by its caller (see dataTable). */
export interface DataTable<V> {
  /** The answer for `key`, computed by `compute(key, data)` (a module-level function) the first time. */
  get(key: string, compute: (key: string, data: IamData) => V): V;
}

/**
 * A handle on the table `dataMemo(data, table, …)` uses, for a caller that asks per value on a hot
 * path (the action of every Action value): looked up once, when the handle is made, so each call
 * is one table probe. The table still lives here, keyed by the data instance and bounded like dataMemo's.
 */
export function dataTable<V>(data: IamData, table: string, max = DEFAULT_MAX_ENTRIES): DataTable<V> {
  let tables = byData.get(data);
  if (!tables) byData.set(data, (tables = new Map()));
  let t = tables.get(table);
  if (!t) tables.set(table, (t = new StringTable()));
  const st = t;
  return { get: (key, compute) => st.get(key, compute, max, data) };
}

const byData2 = new WeakMap<IamData, Map<string, { size: number; outer: Map<string, Map<string, unknown>> }>>();

/**
 * `dataMemo` under two existing strings (e.g. an ARN segment and a resource text) instead of one
 * key built per call from both; at most `max` answers in the table, then it is emptied.
 */
export function dataMemo2<V>(data: IamData, table: string, outerKey: string, innerKey: string, compute: () => V, max = DEFAULT_MAX_ENTRIES): V {
  let tables = byData2.get(data);
  if (!tables) byData2.set(data, (tables = new Map()));
  let t = tables.get(table);
  if (!t) tables.set(table, (t = { size: 0, outer: new Map() }));
  let inner = t.outer.get(outerKey);
  if (inner === undefined) t.outer.set(outerKey, (inner = new Map()));
  if (inner.has(innerKey)) return inner.get(innerKey) as V;
  const v = compute();
  if (t.size >= max) {
    t.outer.clear();
    t.size = 0;
    t.outer.set(outerKey, (inner = new Map()));
  }
  inner.set(innerKey, v);
  t.size++;
  return v;
}

/** A pure function of a string (e.g. a parsed CIDR), per table. */
export function textMemo<V>(table: string, key: string, compute: (key: string) => V, max = DEFAULT_MAX_ENTRIES): V {
  let t = byText.get(table);
  if (!t) byText.set(table, (t = new StringTable()));
  return t.get(key, compute, max, undefined);
}

/** JSON texts of plain objects (rule configurations), per object; see jsonKeyOf. */
const jsonKeys = new WeakMap<object, string>();

/**
 * The JSON text of a plain object that is not changed after it is made (a rule configuration),
 * serialised once per object instead of on every use; '' for none. Equal objects get equal keys.
 */
export function jsonKeyOf(obj: object | undefined): string {
  if (!obj) return '';
  let key = jsonKeys.get(obj);
  if (key === undefined) jsonKeys.set(obj, (key = JSON.stringify(obj)));
  return key;
}
