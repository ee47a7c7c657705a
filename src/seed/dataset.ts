/**
 * Reads and validates a folder of seed files. Nothing is written anywhere: the result is
 * either a complete, valid dataset or the full list of errors, each naming the file,
 * line, record and field. The loader refuses to start on any error.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, visit, type Node as YamlNode, type Document } from 'yaml';
import {
  ALIAS_FIELDS,
  CLOSED_FACT_VALUES,
  CLOSED_RELATIONSHIP_VALUES,
  COMMON_ENTITY_FIELDS,
  COMMON_RELATIONSHIP_FIELDS,
  CONFIDENCES,
  ENTITY_SECTIONS,
  EXTRA_ENTITY_FIELDS,
  FACT_FIELDS,
  KNOWN_FACTS,
  OMITTED_FIELDS,
  ORGANIZATION_KINDS,
  PRODUCT_KINDS,
  RELATIONSHIPS,
  RELATIONSHIP_TYPES,
  SOURCE_FIELDS,
  type Confidence,
  type EntityLabel,
  type EntitySection,
  type FieldKind,
  type RelationshipType,
  isIsoDate,
  type Fact,
  type FactValue,
  type Money,
  type Scalar,
} from '../graph/model.js';

/** Bump when the way seed files become graph data changes, so `npm start` reloads. */
export const LOADER_VERSION = 3;

export interface SourceRecord {
  id: string;
  url: string | null;
  title: string;
  publisher?: string;
  date?: string;
}

export interface EntityRecord {
  label: EntityLabel;
  id: string;
  name: string;
  aliases: string[];
  kind?: string;
  series?: string;
  sources: string[];
  facts: Fact[];
  statements: string[];
}

export interface RelationshipRecord {
  type: RelationshipType;
  from: string;
  to: string;
  key: string;
  fields: Record<string, Scalar | Money>;
  sources: string[];
  confidence: Confidence;
  note?: string;
  facts: Fact[];
  statements: string[];
}

/** A row of the alias table (aliases.yaml): where an entity's other names live. */
export interface AliasRecord {
  id: string;
  name: string;
  aliases: string[];
  partOf?: string;
}

export interface OmittedRecord {
  statements: string[];
  reason: string;
}

export interface SeedDataset {
  dir: string;
  files: string[];
  /** sha256 of the files' names and contents and the loader version. */
  hash: string;
  sources: SourceRecord[];
  entities: EntityRecord[];
  relationships: RelationshipRecord[];
  omitted: OmittedRecord[];
  aliases: AliasRecord[];
  /** Where each entity and source id is defined (file:line), for the loader's messages. */
  origins?: ReadonlyMap<string, string>;
}

export interface SeedIssue {
  file: string;
  line?: number;
  record: string;
  field?: string;
  message: string;
}

export class SeedValidationError extends Error {
  constructor(readonly issues: SeedIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in the seed files; nothing was loaded:\n${issues.map(formatIssue).join('\n')}`,
    );
    this.name = 'SeedValidationError';
  }
}

export function formatIssue(issue: SeedIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const field = issue.field === undefined ? '' : `, field "${issue.field}"`;
  return `  ${where}: ${issue.record}${field}: ${issue.message}`;
}

/**
 * The largest seed file read (the biggest of the project's is under 0.1 MB): a 50 MB file
 * took 40 s and 2.8 GB of memory to parse. `npm start` and `npm run seed` read alike.
 */
export const MAX_SEED_FILE_BYTES = 5_000_000;
/** The longest id (the project's longest is under 60 characters). */
export const MAX_ID_LENGTH = 200;

/** Reads every *.yaml file of `dir`; throws SeedValidationError listing every problem. */
export function readSeedDir(dir: string): SeedDataset {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new SeedValidationError([{ file: dir, record: '(folder)', message: 'is not a folder of seed files' }]);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) {
    throw new SeedValidationError([{ file: dir, record: '(folder)', message: 'holds no .yaml seed file' }]);
  }
  const label = path.relative(process.cwd(), dir) || '.';
  const reader = new Reader(label);
  const hash = crypto.createHash('sha256').update(`loader-v${LOADER_VERSION}\n`);
  const refused: SeedIssue[] = [];
  for (const file of files) {
    // Checked before reading: a folder named x.yaml, or a file too big to parse safely.
    const stat = fs.statSync(path.join(dir, file));
    if (!stat.isFile()) {
      refused.push({
        file: path.join(label, file),
        record: '(file)',
        message: 'is not a file (a folder?); seed files are .yaml files',
      });
      continue;
    }
    if (stat.size > MAX_SEED_FILE_BYTES) {
      refused.push({
        file: path.join(label, file),
        record: '(file)',
        message: `is ${stat.size} bytes; a seed file may be at most ${MAX_SEED_FILE_BYTES} bytes (split it into several files)`,
      });
      continue;
    }
    if (refused.length > 0) continue;
    const bytes = fs.readFileSync(path.join(dir, file));
    hash.update(`${file}\n`).update(bytes);
    reader.readFile(file, bytes);
  }
  if (refused.length > 0) throw new SeedValidationError(refused);
  const dataset = reader.finish(dir, files, hash.digest('hex'));
  return dataset;
}

// ---- private: the reader ----

/**
 * Folds each record into the first one of the same key when `merge` takes it (and returns
 * true); a record it does not take stays in the list, to be refused as a duplicate.
 */
function mergeInto<T>(
  records: Located<T>[],
  keyOf: (value: T) => string,
  merge: (first: T, repeat: T) => boolean,
): void {
  const firsts = new Map<string, Located<T>>();
  const kept = records.filter((record) => {
    const key = keyOf(record.value);
    const first = firsts.get(key);
    if (!first) {
      firsts.set(key, record);
      return true;
    }
    return !merge(first.value, record.value);
  });
  records.splice(0, records.length, ...kept);
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** A value's JSON with its keys in order, to compare two records' fields. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v,
  );
}

/** Facts that claim the same value for the same property and period are one claim with all their sources. */
function mergeFacts(facts: Fact[]): Fact[] {
  const byClaim = new Map<string, Fact>();
  const merged: Fact[] = [];
  for (const fact of facts) {
    const claim = canonical([fact.property, fact.value, fact.qualifiers ?? {}, fact.confidence === 'disputed']);
    const first = byClaim.get(claim);
    if (!first) {
      byClaim.set(claim, fact);
      merged.push(fact);
      continue;
    }
    first.sources = union(first.sources, fact.sources);
    first.statements = union(first.statements ?? [], fact.statements ?? []);
    first.note ??= fact.note;
    first.preferred ||= fact.preferred;
    if (first.confidence === 'single-source' && first.sources.length > 1) first.confidence = 'confirmed';
  }
  return merged;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const STATEMENT_REF = /^[a-z0-9-]+\.jsonl:[1-9]\d*$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const TOP_LEVEL = ['sources', 'aliases', ...Object.keys(ENTITY_SECTIONS), 'relationships', 'omitted'];

interface Located<T> {
  value: T;
  file: string;
  line?: number;
  record: string;
}

class Reader {
  private readonly issues: SeedIssue[] = [];
  private readonly sources: Located<SourceRecord>[] = [];
  private readonly entities: Located<EntityRecord>[] = [];
  private readonly relationships: Located<RelationshipRecord>[] = [];
  private readonly omitted: Located<OmittedRecord>[] = [];
  private readonly aliasRows: Located<AliasRecord>[] = [];
  private lines = new LineCounter();
  private file = '';

  constructor(private readonly dirLabel: string) {}

  readFile(file: string, bytes: Buffer): void {
    this.file = path.join(this.dirLabel, file);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      this.issue(undefined, '(file)', undefined, 'is not valid UTF-8 text');
      return;
    }
    this.lines = new LineCounter();
    const doc: Document = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      // The first error is the cause; the ones after it usually follow from it.
      const [error] = doc.errors;
      this.issue(
        this.lines.linePos(error.pos[0]).line,
        '(file)',
        undefined,
        `YAML syntax error: ${error.message.split('\n')[0]}`,
      );
      return;
    }
    // An alias (*name) would show in messages as its anchor, not its value; seed files are
    // reviewed line by line, so each value is written where it applies.
    let aliased = false;
    visit(doc, {
      Alias: (_key, node) => {
        if (!aliased)
          this.issue(
            this.lineOf(node),
            '(file)',
            undefined,
            `uses the YAML alias *${node.source}; write the value out instead of an anchor and alias`,
          );
        aliased = true;
      },
    });
    if (aliased) return;
    const root = doc.contents;
    if (root === null) return; // an empty file holds nothing
    if (!isMap(root)) {
      this.issue(this.lineOf(root), '(file)', undefined, `must be a mapping of ${TOP_LEVEL.join(', ')}`);
      return;
    }
    for (const pair of root.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const value = pair.value as YamlNode | null;
      if (!TOP_LEVEL.includes(key)) {
        this.issue(
          this.lineOf(pair.key as YamlNode),
          '(file)',
          key,
          `is not a seed section; expected one of ${TOP_LEVEL.join(', ')}`,
        );
        continue;
      }
      if (value === null) continue;
      if (!isSeq(value)) {
        this.issue(this.lineOf(value), key, undefined, 'must be a list of records');
        continue;
      }
      value.items.forEach((item, index) => this.readRecord(key, index, item as YamlNode));
    }
  }

  finish(dir: string, files: string[], hash: string): SeedDataset {
    this.crossCheck();
    if (this.issues.length > 0) throw new SeedValidationError(this.issues);
    return {
      dir,
      files,
      hash,
      sources: this.sources.map((s) => s.value),
      entities: this.entities.map((e) => e.value),
      relationships: this.relationships.map((r) => r.value),
      omitted: this.omitted.map((o) => o.value),
      aliases: this.aliasRows.map((a) => a.value),
      origins: new Map([...this.sources, ...this.entities].map((at) => [(at.value as { id: string }).id, where(at)])),
    };
  }

  private readRecord(section: string, index: number, node: YamlNode): void {
    const line = this.lineOf(node);
    const raw = node.toJSON() as unknown;
    const baseRecord = `${section}[${index}]`;
    if (!isPlainObject(raw)) {
      this.issue(line, baseRecord, undefined, 'must be a mapping of fields');
      return;
    }
    const record =
      typeof raw.id === 'string'
        ? `${baseRecord} "${raw.id}"`
        : section === 'relationships' && typeof raw.type === 'string'
          ? `${baseRecord} ${raw.type} ${String(raw.from)} -> ${String(raw.to)}`
          : baseRecord;
    // Issues point at the line of the field they name, where it exists, else at the record.
    const ctx: Ctx = {
      line,
      record,
      issue: (field, message) => this.issue(this.lineOfField(node, field) ?? line, record, field, message),
    };
    if (section === 'sources') this.readSource(raw, ctx);
    else if (section === 'relationships') this.readRelationship(raw, ctx);
    else if (section === 'omitted') this.readOmitted(raw, ctx);
    else if (section === 'aliases') this.readAlias(raw, ctx);
    else this.readEntity(section as EntitySection, raw, ctx);
  }

  private readSource(raw: Record<string, unknown>, ctx: Ctx): void {
    unknownFields(raw, SOURCE_FIELDS, ctx);
    const id = requireId(raw, ctx);
    const title = requireString(raw, 'title', ctx);
    let url: string | null = null;
    if (!('url' in raw)) ctx.issue('url', 'is missing (write url: null for a source without one)');
    else if (raw.url !== null) {
      if (typeof raw.url !== 'string' || !/^https?:\/\/\S+$/.test(raw.url))
        ctx.issue('url', `must be an http(s) URL or null, got ${show(raw.url)}`);
      else url = raw.url;
    }
    const publisher = optionalString(raw, 'publisher', ctx);
    const date = raw.date === undefined ? undefined : checkValue(raw.date, 'date', 'date', ctx);
    if (id && title) {
      this.sources.push({
        value: { id, url, title, publisher, date: date as string | undefined },
        file: this.file,
        line: ctx.line,
        record: ctx.record,
      });
    }
  }

  private readEntity(section: EntitySection, raw: Record<string, unknown>, ctx: Ctx): void {
    const label = ENTITY_SECTIONS[section];
    if ('aliases' in raw)
      ctx.issue(
        'aliases',
        'belongs in the alias table (a row under `aliases:`, kept in aliases.yaml), not in the entity record',
      );
    else unknownFields(raw, [...COMMON_ENTITY_FIELDS, ...EXTRA_ENTITY_FIELDS[label]], ctx);
    const id = requireId(raw, ctx);
    const name = requireString(raw, 'name', ctx);
    const aliases: string[] = []; // filled from the alias table in crossCheck()
    const sources = sourceList(raw, ctx);
    const statements = statementList(raw, ctx);
    const facts = this.readFacts(raw.facts, label, ctx);
    let kind: string | undefined;
    if (label === 'Organization' || label === 'Product') {
      const kinds: readonly string[] = label === 'Organization' ? ORGANIZATION_KINDS : PRODUCT_KINDS;
      kind = requireString(raw, 'kind', ctx);
      if (kind !== undefined && !kinds.includes(kind))
        ctx.issue('kind', `must be one of ${kinds.join(', ')}, got "${kind}"`);
    }
    const series = label === 'FundingRound' ? requireString(raw, 'series', ctx) : undefined;
    if (id && name) {
      this.entities.push({
        value: { label, id, name, aliases, kind, series, sources, facts, statements },
        file: this.file,
        line: ctx.line,
        record: ctx.record,
      });
    }
  }

  private readRelationship(raw: Record<string, unknown>, ctx: Ctx): void {
    const type = raw.type;
    if (typeof type !== 'string' || !(RELATIONSHIP_TYPES as readonly string[]).includes(type)) {
      ctx.issue('type', `must be one of ${RELATIONSHIP_TYPES.join(', ')}, got ${show(type)}`);
      return;
    }
    const spec = RELATIONSHIPS[type as RelationshipType];
    unknownFields(raw, [...COMMON_RELATIONSHIP_FIELDS, ...Object.keys(spec.fields)], ctx);
    const from = requireString(raw, 'from', ctx);
    const to = requireString(raw, 'to', ctx);
    const key = raw.key === undefined ? '' : (requireString(raw, 'key', ctx) ?? '');
    const fields: Record<string, Scalar | Money> = {};
    for (const [field, kind] of Object.entries(spec.fields)) {
      if (raw[field] === undefined || raw[field] === null) continue;
      const value = checkValue(raw[field], kind, field, ctx);
      const allowed = CLOSED_RELATIONSHIP_VALUES[type as RelationshipType]?.[field];
      if (allowed && typeof value === 'string' && !allowed.includes(value))
        ctx.issue(field, `must be one of ${allowed.join(', ')}, got "${value}"`);
      if (value !== undefined) fields[field] = value;
    }
    const sources = sourceList(raw, ctx);
    const confidence = confidenceOf(raw, sources, ctx);
    const note = optionalString(raw, 'note', ctx);
    const facts = this.readFacts(raw.facts, undefined, ctx);
    const statements = statementList(raw, ctx);
    if (from && to) {
      this.relationships.push({
        value: { type: type as RelationshipType, from, to, key, fields, sources, confidence, note, facts, statements },
        file: this.file,
        line: ctx.line,
        record: ctx.record,
      });
    }
  }

  private readAlias(raw: Record<string, unknown>, ctx: Ctx): void {
    unknownFields(raw, ALIAS_FIELDS, ctx);
    const id = requireId(raw, ctx);
    const name = requireString(raw, 'name', ctx);
    const aliases = stringList(raw, 'aliases', ctx, false);
    const partOf = raw.partOf === undefined ? undefined : requireId(raw, ctx, 'partOf');
    if (id && name)
      this.aliasRows.push({
        value: { id, name, aliases, partOf },
        file: this.file,
        line: ctx.line,
        record: ctx.record,
      });
  }

  private readOmitted(raw: Record<string, unknown>, ctx: Ctx): void {
    unknownFields(raw, OMITTED_FIELDS, ctx);
    const statements = statementList(raw, ctx);
    if (statements.length === 0) ctx.issue('statements', 'must list at least one statement');
    const reason = requireString(raw, 'reason', ctx);
    if (reason !== undefined)
      this.omitted.push({ value: { statements, reason }, file: this.file, line: ctx.line, record: ctx.record });
  }

  private readFacts(raw: unknown, label: EntityLabel | undefined, ctx: Ctx): Fact[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      ctx.issue('facts', 'must be a list');
      return [];
    }
    const facts: Fact[] = [];
    raw.forEach((item, index) => {
      const field = `facts[${index}]`;
      const sub: Ctx = { ...ctx, issue: (f, message) => ctx.issue(f ? `${field}.${f}` : field, message) };
      if (!isPlainObject(item)) {
        ctx.issue(field, 'must be a mapping');
        return;
      }
      unknownFields(item, FACT_FIELDS, sub);
      const property = requireString(item, 'property', sub);
      if (property !== undefined && !CAMEL.test(property))
        sub.issue('property', `must be camelCase, got "${property}"`);
      const kind: FieldKind | undefined = label && property ? KNOWN_FACTS[label][property] : undefined;
      let value: FactValue | undefined;
      if (item.value === undefined || item.value === null) sub.issue('value', 'is missing');
      else value = checkValue(item.value, kind ?? 'any', 'value', sub);
      const allowed = label && property ? CLOSED_FACT_VALUES[label]?.[property] : undefined;
      if (allowed && typeof value === 'string' && !allowed.includes(value))
        sub.issue('value', `${property} must be one of ${allowed.join(', ')}, got "${value}"`);
      const sources = sourceList(item, sub);
      const confidence = confidenceOf(item, sources, sub);
      const note = optionalString(item, 'note', sub);
      let qualifiers: Record<string, Scalar> | undefined;
      if (item.qualifiers !== undefined) {
        if (!isPlainObject(item.qualifiers) || !Object.values(item.qualifiers).every(isScalar)) {
          sub.issue('qualifiers', 'must be a mapping of text, number or boolean values');
        } else qualifiers = item.qualifiers as Record<string, Scalar>;
      }
      if (item.preferred !== undefined && typeof item.preferred !== 'boolean')
        sub.issue('preferred', `must be true or false, got ${show(item.preferred)}`);
      if (item.preferred === true && note === undefined)
        sub.issue('note', 'must say why this claim is preferred over the others');
      const statements = statementList(item, sub);
      if (property !== undefined && value !== undefined) {
        facts.push({
          property,
          value,
          sources,
          confidence,
          note,
          qualifiers,
          preferred: item.preferred === true,
          statements,
        });
      }
    });
    const preferred = new Map<string, number>();
    for (const fact of facts.filter((f) => f.preferred)) {
      const period = periodOf(fact);
      const key = `${fact.property}${period ? ` (${period})` : ''}`;
      preferred.set(key, (preferred.get(key) ?? 0) + 1);
    }
    for (const [key, count] of preferred) {
      if (count > 1) ctx.issue('facts', `marks ${count} claims of "${key}" as preferred; at most one may be`);
    }
    return facts;
  }

  /** Checks that span records: unique ids, resolvable references, one link per identity. */
  private crossCheck(): void {
    this.mergeRepeated();
    const sourceIds = new Map<string, Located<SourceRecord>>();
    const urls = new Map<string, Located<SourceRecord>>();
    for (const source of this.sources) {
      const { id, url } = source.value;
      const first = sourceIds.get(id);
      if (first) this.issueAt(source, 'id', `duplicates the source id of ${where(first)}`);
      else sourceIds.set(id, source);
      if (url !== null) {
        const sameUrl = urls.get(url);
        if (sameUrl)
          this.issueAt(
            source,
            'url',
            `is the URL of source "${sameUrl.value.id}" (${where(sameUrl)}); one source per URL`,
          );
        else urls.set(url, source);
      }
    }
    const entities = new Map<string, Located<EntityRecord>>();
    for (const entity of this.entities) {
      const first = entities.get(entity.value.id);
      if (first) this.issueAt(entity, 'id', `duplicates the id of ${where(first)}`);
      else entities.set(entity.value.id, entity);
    }
    this.applyAliasTable(entities);
    const names = new Map<string, Located<EntityRecord>>();
    for (const entity of this.entities) {
      const { id } = entity.value;
      for (const name of [entity.value.name, ...entity.value.aliases]) {
        const normal = normalizeName(name);
        const other = names.get(normal);
        if (other && other.value.id !== id) {
          this.issueAt(
            entity,
            'name',
            `"${name}" is also the name or an alias of "${other.value.id}" (${where(other)}); one entity per real-world entity`,
          );
        } else names.set(normal, entity);
      }
      this.checkSources(entity, entity.value.sources, 'sources', sourceIds);
      entity.value.facts.forEach((fact, i) =>
        this.checkSources(entity, fact.sources, `facts[${i}].sources`, sourceIds),
      );
    }
    const identities = new Map<string, Located<RelationshipRecord>>();
    for (const rel of this.relationships) {
      const { type, from, to, key } = rel.value;
      const spec = RELATIONSHIPS[type];
      for (const [field, id, allowed] of [
        ['from', from, spec.from],
        ['to', to, spec.to],
      ] as const) {
        const target = entities.get(id);
        if (!target) this.issueAt(rel, field, `refers to "${id}", which no seed file defines`);
        else if (!allowed.includes(target.value.label)) {
          this.issueAt(
            rel,
            field,
            `${type} ${field === 'from' ? 'starts at' : 'ends at'} ${allowed.join(' or ')}, but "${id}" is a ${target.value.label}`,
          );
        }
      }
      if (from === to) this.issueAt(rel, 'to', `links "${from}" to itself`);
      const identity = `${type}|${from}|${to}|${key}`;
      const first = identities.get(identity);
      if (first)
        this.issueAt(
          rel,
          'key',
          `repeats the ${type} link ${from} -> ${to} of ${where(first)}; merge the sources into one record, or set distinct keys`,
        );
      else identities.set(identity, rel);
      this.checkSources(rel, rel.value.sources, 'sources', sourceIds);
      rel.value.facts.forEach((fact, i) => this.checkSources(rel, fact.sources, `facts[${i}].sources`, sourceIds));
    }
    this.checkPartOf(identities);
    this.checkOrphans();
  }

  /**
   * One real-world entity may be cited by several cluster files (an investor in every
   * cluster it invested in): records that repeat an id are one record when they agree on
   * what identifies it (an entity's label, name, kind and series; a source's URL; an alias
   * row's name and parent; a link's fields), and their sources, facts and statements are
   * put together. Records that repeat an id but disagree are refused in crossCheck as
   * duplicates, naming both places.
   */
  private mergeRepeated(): void {
    // A source that repeats an id with the same URL is the same source: the first is kept.
    mergeInto(
      this.sources,
      (s) => s.id,
      (a, b) => a.url === b.url,
    );
    mergeInto(
      this.entities,
      (e) => e.id,
      (a, b) => {
        if (a.label !== b.label || a.name !== b.name || a.kind !== b.kind || a.series !== b.series) return false;
        a.sources = union(a.sources, b.sources);
        a.statements = union(a.statements, b.statements);
        a.facts = mergeFacts([...a.facts, ...b.facts]);
        return true;
      },
    );
    mergeInto(
      this.aliasRows,
      (row) => row.id,
      (a, b) => {
        if (a.name !== b.name || (a.partOf !== undefined && b.partOf !== undefined && a.partOf !== b.partOf))
          return false;
        a.aliases = union(a.aliases, b.aliases);
        a.partOf ??= b.partOf;
        return true;
      },
    );
    mergeInto(
      this.relationships,
      (r) => `${r.type}|${r.from}|${r.to}|${r.key}`,
      (a, b) => {
        if (
          canonical(a.fields) !== canonical(b.fields) ||
          (a.note !== undefined && b.note !== undefined && a.note !== b.note)
        )
          return false;
        a.sources = union(a.sources, b.sources);
        a.statements = union(a.statements, b.statements);
        a.facts = mergeFacts([...a.facts, ...b.facts]);
        a.note ??= b.note;
        if (a.confidence === 'single-source' && a.sources.length > 1)
          a.confidence = b.confidence === 'disputed' ? 'disputed' : 'confirmed';
        return true;
      },
    );
  }

  /** Moves each row's aliases onto its entity; a row must name an entity by its own name. */
  private applyAliasTable(entities: Map<string, Located<EntityRecord>>): void {
    const rows = new Map<string, Located<AliasRecord>>();
    for (const row of this.aliasRows) {
      const { id, name, aliases } = row.value;
      const first = rows.get(id);
      if (first) {
        this.issueAt(row, 'id', `has a second row in the alias table (first at ${where(first)}); one row per entity`);
        continue;
      }
      rows.set(id, row);
      const entity = entities.get(id);
      if (!entity) {
        this.issueAt(row, 'id', `refers to "${id}", which no seed file defines`);
        continue;
      }
      if (entity.value.name !== name)
        this.issueAt(
          row,
          'name',
          `is "${name}", but entity "${id}" (${where(entity)}) is named "${entity.value.name}"`,
        );
      const repeated = aliases.filter((alias, i) => aliases.indexOf(alias) !== i || alias === name);
      if (repeated.length > 0)
        this.issueAt(row, 'aliases', `repeats ${[...new Set(repeated)].map((a) => `"${a}"`).join(', ')}`);
      entity.value.aliases = [...new Set(aliases.filter((alias) => alias !== name))];
    }
  }

  /** A row's `partOf` must be backed by a PART_OF relationship, which carries the sources. */
  private checkPartOf(identities: Map<string, Located<RelationshipRecord>>): void {
    const parents = new Set(
      [...identities.values()].filter((r) => r.value.type === 'PART_OF').map((r) => `${r.value.from}|${r.value.to}`),
    );
    for (const row of this.aliasRows) {
      const { id, partOf } = row.value;
      if (partOf !== undefined && !parents.has(`${id}|${partOf}`)) {
        this.issueAt(
          row,
          'partOf',
          `says "${id}" is part of "${partOf}", but no PART_OF relationship ${id} -> ${partOf} (with its sources) exists`,
        );
      }
    }
  }

  /** Every entity takes part in at least one relationship: an isolated node is a loose end. */
  private checkOrphans(): void {
    const linked = new Set(this.relationships.flatMap((r) => [r.value.from, r.value.to]));
    for (const entity of this.entities) {
      if (!linked.has(entity.value.id))
        this.issueAt(
          entity,
          'id',
          `"${entity.value.id}" takes part in no relationship; link it to the graph or leave it out`,
        );
    }
  }

  private checkSources(at: Located<unknown>, ids: string[], field: string, known: Map<string, unknown>): void {
    for (const id of ids) {
      if (!known.has(id)) this.issueAt(at, field, `refers to source "${id}", which no seed file defines`);
    }
  }

  private issueAt(at: Located<unknown>, field: string, message: string): void {
    this.issues.push({ file: at.file, line: at.line, record: at.record, field, message });
  }

  private issue(line: number | undefined, record: string, field: string | undefined, message: string): void {
    this.issues.push({ file: this.file, line, record, field, message });
  }

  /** The line of a field such as "facts[1].value.currency" inside a record node. */
  private lineOfField(node: YamlNode, field: string | undefined): number | undefined {
    if (field === undefined || !isMap(node)) return undefined;
    const path = field
      .split(/\.|\[(\d+)\]/)
      .filter((part) => part !== undefined && part !== '')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    for (let depth = path.length; depth > 0; depth--) {
      const target = node.getIn(path.slice(0, depth), true) as YamlNode | undefined;
      const line = this.lineOf(target);
      if (line !== undefined) return line;
    }
    // An unknown field has no value node of its own in the schema sense: find its key.
    const pair = node.items.find((item) => String((item.key as { value?: unknown })?.value) === path[0]);
    return pair ? this.lineOf(pair.key as YamlNode) : undefined;
  }

  private lineOf(node: YamlNode | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }
}

// ---- private: field checks ----

interface Ctx {
  line?: number;
  record: string;
  issue: (field: string | undefined, message: string) => void;
}

function where(at: Located<unknown>): string {
  return at.line === undefined ? at.file : `${at.file}:${at.line}`;
}

/** The period a claim is about (a `fiscalYear`, `year` or `asOf` qualifier), or ''. */
export function periodOf(fact: Pick<Fact, 'qualifiers'>): string {
  const q = fact.qualifiers ?? {};
  return String(q.fiscalYear ?? q.year ?? q.asOf ?? '');
}

export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean'
  );
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON would say null for YAML's .nan and .inf.
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? '.nan (not a number)' : value > 0 ? '.inf' : '-.inf';
  const json = JSON.stringify(value);
  return json.length > 200 ? `${json.slice(0, 200)}… (${json.length} characters)` : json;
}

function unknownFields(raw: Record<string, unknown>, allowed: readonly string[], ctx: Ctx): void {
  for (const field of Object.keys(raw)) {
    if (!allowed.includes(field)) ctx.issue(field, `is not a known field here; expected one of ${allowed.join(', ')}`);
  }
}

function requireString(raw: Record<string, unknown>, field: string, ctx: Ctx): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null) {
    ctx.issue(field, 'is missing');
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    ctx.issue(field, `must be non-empty text, got ${show(value)}`);
    return undefined;
  }
  if (value.includes('\u0000')) {
    ctx.issue(field, 'must not hold a NUL character (\\0)');
    return undefined;
  }
  return value;
}

function optionalString(raw: Record<string, unknown>, field: string, ctx: Ctx): string | undefined {
  return raw[field] === undefined || raw[field] === null ? undefined : requireString(raw, field, ctx);
}

function requireId(raw: Record<string, unknown>, ctx: Ctx, field = 'id'): string | undefined {
  const id = requireString(raw, field, ctx);
  if (id !== undefined && id.length > MAX_ID_LENGTH) {
    ctx.issue(field, `must be at most ${MAX_ID_LENGTH} characters, got ${id.length}`);
    return undefined;
  }
  if (id !== undefined && !KEBAB.test(id)) {
    ctx.issue(field, `must be a kebab-case slug (a-z, 0-9, single hyphens), got "${id}"`);
    return undefined;
  }
  return id;
}

function stringList(raw: Record<string, unknown>, field: string, ctx: Ctx, required: boolean): string[] {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (required) ctx.issue(field, 'is missing');
    return [];
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
    ctx.issue(field, `must be a list of non-empty text, got ${show(value)}`);
    return [];
  }
  return value as string[];
}

function sourceList(raw: Record<string, unknown>, ctx: Ctx): string[] {
  const sources = stringList(raw, 'sources', ctx, true);
  if ('sources' in raw && Array.isArray(raw.sources) && raw.sources.length === 0)
    ctx.issue('sources', 'must name at least one source');
  const repeated = sources.filter((id, i) => sources.indexOf(id) !== i);
  // A repeated source would count twice towards "confirmed".
  if (repeated.length > 0)
    ctx.issue('sources', `names ${[...new Set(repeated)].map((id) => `"${id}"`).join(', ')} more than once`);
  return [...new Set(sources)];
}

function statementList(raw: Record<string, unknown>, ctx: Ctx): string[] {
  const refs = stringList(raw, 'statements', ctx, false);
  for (const ref of refs) {
    if (!STATEMENT_REF.test(ref)) ctx.issue('statements', `entries look like core.jsonl:12, got "${ref}"`);
  }
  return refs;
}

function confidenceOf(raw: Record<string, unknown>, sources: string[], ctx: Ctx): Confidence {
  const value = raw.confidence;
  if (value === undefined || value === null) return sources.length >= 2 ? 'confirmed' : 'single-source';
  if (typeof value !== 'string' || !(CONFIDENCES as readonly string[]).includes(value)) {
    ctx.issue('confidence', `must be one of ${CONFIDENCES.join(', ')}, got ${show(value)}`);
    return 'single-source';
  }
  return value as Confidence;
}

/** Checks one value against its kind; 'any' accepts text, numbers, booleans and money. */
function checkValue(value: unknown, kind: FieldKind | 'any', field: string, ctx: Ctx): Scalar | Money | undefined {
  switch (kind) {
    case 'string':
    case 'text':
      if (typeof value === 'string' && value.trim() !== '') return value;
      ctx.issue(field, `must be non-empty text, got ${show(value)}`);
      return undefined;
    case 'date':
      if (typeof value === 'string' && isIsoDate(value)) return value;
      ctx.issue(
        field,
        typeof value === 'number'
          ? `must be an ISO date in quotes, got the number ${value} (write "${value}")`
          : `must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD, quoted), got ${show(value)}`,
      );
      return undefined;
    case 'number':
      if (typeof value === 'number' && value > Number.MAX_SAFE_INTEGER) {
        ctx.issue(
          field,
          `must be at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1, the largest exact number), got ${value}`,
        );
        return undefined;
      }
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
      ctx.issue(field, `must be a number of 0 or more, got ${show(value)}`);
      return undefined;
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
      ctx.issue(field, `must be a whole number of 0 or more, got ${show(value)}`);
      return undefined;
    case 'percent':
      if (typeof value === 'number' && value > 0 && value <= 100) return value;
      ctx.issue(field, `must be a percentage above 0 and at most 100, got ${show(value)}`);
      return undefined;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      ctx.issue(field, `must be true or false, got ${show(value)}`);
      return undefined;
    case 'money':
      return checkMoney(value, field, ctx);
    case 'any':
      if (isPlainObject(value)) return checkMoney(value, field, ctx);
      if (isScalar(value) && value !== '') return value;
      ctx.issue(field, `must be text, a number, true/false or money { value, currency }, got ${show(value)}`);
      return undefined;
  }
}

function checkMoney(value: unknown, field: string, ctx: Ctx): Money | undefined {
  if (!isPlainObject(value) || Object.keys(value).some((k) => k !== 'value' && k !== 'currency')) {
    ctx.issue(field, `must be money { value, currency }, got ${show(value)}`);
    return undefined;
  }
  const { value: amount, currency } = value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
    ctx.issue(`${field}.value`, `must be a positive number, got ${show(amount)}`);
    return undefined;
  }
  if (amount > Number.MAX_SAFE_INTEGER) {
    ctx.issue(
      `${field}.value`,
      `must be at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1, the largest exact number), got ${amount}`,
    );
    return undefined;
  }
  if (typeof currency !== 'string' || !CURRENCIES.has(currency)) {
    ctx.issue(`${field}.currency`, `must be an ISO 4217 currency code such as EUR or USD, got ${show(currency)}`);
    return undefined;
  }
  return { value: amount, currency };
}
