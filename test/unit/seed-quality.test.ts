/**
 * Data-quality checks on the project's seed files, before any load. readSeedDir refuses a
 * folder that breaks a rule (a relationship or entity without a source, a reference that
 * does not resolve, a bad date, amount or currency, a self-loop, an orphan node, two
 * entities sharing a normalised name or alias); these tests hold the real seed to those
 * rules and add the ones that only make sense for the whole project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { normalizeName, readSeedDir, type SeedDataset } from '../../src/seed/dataset.js';
import { seedCounts, withCounts } from '../../src/seed/counts.js';
import { statementLineCount } from '../../src/seed/coverage.js';

const { factsDir, seedDir } = readConfig();
let data: SeedDataset;

beforeAll(() => {
  data = readSeedDir(seedDir); // throws, listing every problem, if any rule is broken
});

function resolver(): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const entity of data.entities) {
    for (const name of [entity.name, ...entity.aliases]) byName.set(normalizeName(name), entity.id);
    // A round's name carries its year ("Legora Series B (2025)"); statements name it without.
    if (entity.label === 'FundingRound') byName.set(normalizeName(entity.name.replace(/\s*\(\d{4}\)$/, '')), entity.id);
  }
  return (name) => byName.get(normalizeName(name));
}

describe('the seed files', () => {
  it('pass every check of the loader', () => {
    expect(data.entities.length).toBeGreaterThan(0);
    expect(data.relationships.length).toBeGreaterThan(0);
  });

  it('give every organization and person a row in the alias table', () => {
    const rows = new Set(data.aliases.map((row) => row.id));
    const missing = data.entities
      .filter((e) => (e.label === 'Organization' || e.label === 'Person') && !rows.has(e.id))
      .map((e) => e.id);
    expect(missing).toEqual([]);
  });

  it('resolve the spellings the sources use to one entity each', () => {
    const resolve = resolver();
    expect(resolve('a16z')).toBe('andreessen-horowitz');
    expect(resolve('Andreessen Horowitz')).toBe('andreessen-horowitz');
    expect(resolve('DeepMind')).toBe('google-deepmind');
    expect(resolve('Meta AI')).toBe('meta'); // Meta's AI organisation and assistant; its research lab is FAIR
    expect(resolve('Meta (FAIR / Meta AI)')).toBe('meta-fair');
    expect(resolve('Salesforce Ventures')).toBe('salesforce');
    expect(resolve('Alex Lebrun')).toBe('alexandre-lebrun');
    const partOf = new Map(data.aliases.filter((row) => row.partOf).map((row) => [row.id, row.partOf]));
    expect(partOf.get('nventures')).toBe('nvidia');
    expect(partOf.get('meta-fair')).toBe('meta');
    expect(partOf.get('meta-fair-paris')).toBe('meta-fair');
  });

  it('cite existing sources only, each URL once', () => {
    const urls = data.sources.map((s) => s.url).filter((u) => u !== null);
    expect(new Set(urls).size).toBe(urls.length);
    for (const source of data.sources) expect(source.title.trim(), source.id).not.toBe('');
  });

  it('keep every fact and link on a source and within the closed vocabularies', () => {
    for (const rel of data.relationships) {
      expect(rel.sources.length, `${rel.type} ${rel.from} -> ${rel.to}`).toBeGreaterThan(0);
      expect(rel.from).not.toBe(rel.to);
    }
    for (const entity of data.entities)
      for (const fact of entity.facts) expect(fact.sources.length, `${entity.id}.${fact.property}`).toBeGreaterThan(0);
  });

  it('match the counts the README gives (npm run counts writes them)', () => {
    const readme = fs.readFileSync(path.join(seedDir, '..', 'README.md'), 'utf8');
    expect(withCounts(readme, seedCounts(data, statementLineCount(factsDir)))).toBe(readme);
  });

  it('mark a property disputed on every side when the sources disagree', () => {
    for (const entity of data.entities) {
      const disputed = entity.facts.filter((f) => f.confidence === 'disputed');
      for (const fact of disputed) {
        const sides = entity.facts.filter((f) => f.property === fact.property);
        expect(sides.length, `${entity.id}.${fact.property} has another side`).toBeGreaterThan(1);
      }
    }
  });
});

// The statement files the seed is built from (FACTS_DIR, default seed/statements).
describe('the seed against the statement files', () => {
  const statements = () =>
    fs
      .readdirSync(factsDir)
      .filter((file) => file.endsWith('.jsonl'))
      .sort()
      .flatMap((file) =>
        fs
          .readFileSync(path.join(factsDir, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ ref: `${file}:${i + 1}`, line }))
          .filter(({ line }) => line.trim() !== '')
          .map(({ ref, line }) => ({
            ref,
            ...(JSON.parse(line) as { subject: string; subject_type: string; object: unknown; object_type: string }),
          })),
      );

  // Names some statements use for what the graph keeps as a fact, not as an entity.
  const KEPT_AS_FACTS = new Set([
    'Emmanuel Macron', // his endorsement is a fact of Le Chat
    'UK Competition and Markets Authority', // its clearance is a fact of the Microsoft investment
    'Mistral AI strategic committee', // ASML's seat on it is a fact of its investment
    'Euronext Growth Paris', // LightOn's listing is a fact of LightOn
    'Université Paris-Saclay / Inria', // two institutions in one name: a link to each
  ]);

  it('have an entity for every organization, person, product and round a carried statement names', () => {
    const resolve = resolver();
    // A line no record carries yet is the coverage test's concern; here, what is carried.
    const records = [...data.entities, ...data.relationships];
    const carried = new Set(records.flatMap((r) => [...r.statements, ...r.facts.flatMap((f) => f.statements ?? [])]));
    const unresolved = new Set<string>();
    for (const st of statements()) {
      if (!carried.has(st.ref)) continue;
      for (const [name, type] of [
        [st.subject, st.subject_type],
        [String(st.object), st.object_type],
      ]) {
        if (
          ['Organization', 'Person', 'Product', 'FundingRound'].includes(type) &&
          !KEPT_AS_FACTS.has(name) &&
          resolve(name) === undefined
        ) {
          unresolved.add(`${name} (${type}, ${st.ref})`);
        }
      }
    }
    expect([...unresolved]).toEqual([]);
  });
});
