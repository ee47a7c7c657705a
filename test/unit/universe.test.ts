import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { readSeedDir } from '../../src/seed/dataset.js';
import { companyCoverage, readUniverse } from '../../src/seed/universe.js';
import { VALID_SEED, seedFolder } from '../helpers.js';

const entry = (over: Record<string, unknown> = {}) => ({
  name: 'Acme AI',
  id: 'acme-ai',
  country: 'France',
  sector: 'developer-tools',
  qualifies: ['round'],
  why: 'EUR 100 million Series B (2025)',
  found: 'a round-up',
  sources: ['https://example.org/article'],
  ...over,
});

function universe(companies: unknown[]): string {
  const dir = seedFolder({});
  fs.mkdirSync(path.join(dir, 'universe'));
  fs.writeFileSync(path.join(dir, 'universe', 'a.yaml'), JSON.stringify({ companies }));
  return path.join(dir, 'universe');
}

describe('the universe and its coverage', () => {
  it('names every gap of a company the seed holds only in part', () => {
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    const [acme, missing] = companyCoverage(
      readUniverse(universe([entry(), entry({ id: 'nobody-ai', name: 'Nobody AI' })])),
      data,
    );
    expect(acme.covered).toBe(false);
    // VALID_SEED's Acme AI has a headquarters, a founder and a (disputed) founding month,
    // but no country or sector, and its seed round has no announced date.
    expect(acme.gaps).toEqual(['no country', 'no sector', 'no round announced since 2023-01-01']);
    expect(missing.gaps).toEqual(['not in the graph']);
  });

  it('counts a company as covered when it has every part, and checks each recent round', () => {
    const seed = VALID_SEED.replace(
      '      - { property: headquarters, value: Paris, sources: [example-source] }',
      [
        '      - { property: headquarters, value: Paris, sources: [example-source] }',
        '      - { property: country, value: France, sources: [example-source] }',
        '      - { property: sector, value: developer-tools, sources: [example-source] }',
        '      - { property: foundedYear, value: 2023, sources: [example-source] }',
      ].join('\n'),
    ).replace(
      '      - { property: amount, value: { value: 1000000, currency: EUR }, sources: [example-source, second-source] }',
      '      - { property: amount, value: { value: 1000000, currency: EUR }, sources: [example-source, second-source] }\n      - { property: announced, value: "2024-03", sources: [example-source] }',
    );
    const [acme] = companyCoverage(readUniverse(universe([entry()])), readSeedDir(seedFolder({ 'a.yaml': seed })));
    expect(acme).toMatchObject({ covered: true, gaps: [] });
    const withoutLead = seed.replace('lead: true, ', '');
    const [again] = companyCoverage(
      readUniverse(universe([entry()])),
      readSeedDir(seedFolder({ 'a.yaml': withoutLead })),
    );
    expect(again.gaps).toEqual(['acme-ai-seed lacks its lead investor']);
    // A listing, an offering, a grant or a loan has no lead by its nature.
    const listing = withoutLead.replace('series: Seed', 'series: IPO');
    const [ipo] = companyCoverage(readUniverse(universe([entry()])), readSeedDir(seedFolder({ 'a.yaml': listing })));
    expect(ipo.gaps).toEqual([]);
  });

  it('refuses an entry without a closed-set sector, a reason or a source, naming the file and field', () => {
    expect(() => readUniverse(universe([entry({ sector: 'fintech', sources: [] }), entry()]))).toThrow(
      /universe\/a\.yaml: companies\[0\] "acme-ai", field "sector": must be one of .*got "fintech"[\s\S]*field "sources"[\s\S]*companies\[1\] "acme-ai", field "id": repeats/,
    );
  });

  it("reads the project's universe files, each company in the seed by its id an organization of that name", () => {
    const { seedDir } = readConfig();
    const data = readSeedDir(seedDir);
    const byId = new Map(data.entities.map((e) => [e.id, e]));
    const wrong: string[] = [];
    for (const company of readUniverse(path.join(seedDir, 'universe'))) {
      const entity = byId.get(company.id);
      if (!entity) continue; // not in the graph yet: a gap `npm run coverage` names
      if (entity.label !== 'Organization') wrong.push(`${company.id} is a ${entity.label}`);
      else if (![entity.name, ...entity.aliases].includes(company.name)) {
        wrong.push(`${company.id}: "${company.name}" is neither the name nor an alias of the organization`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
