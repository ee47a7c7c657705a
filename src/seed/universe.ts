/**
 * The universe the graph means to cover (seed/universe/*.yaml): every European AI company
 * that qualifies by round, valuation, acquisition or as a foundation-model lab, with how it
 * was found. `companyCoverage` says, per company, whether the seed holds it "with
 * substance" and names each gap.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SECTORS, type Fact, type Sector } from '../graph/model.js';
import type { EntityRecord, RelationshipRecord, SeedDataset } from './dataset.js';

export const QUALIFIES = ['round', 'valuation', 'acquisition', 'lab'] as const;
export type Qualifies = (typeof QUALIFIES)[number];

export interface UniverseCompany {
  name: string;
  id: string;
  country: string;
  sector: Sector;
  qualifies: Qualifies[];
  why: string;
  found: string;
  sources: string[];
  file: string;
}

/** Financings that have no lead investor by their nature: listings, offerings, grants, loans. */
const UNLED = /\b(ipo|listing|offering|placement|grant|endowment|debt|loan|credit|convertible|notes?)\b/i;

/** The first day from which rounds count for coverage. */
export const UNIVERSE_FROM = '2023-01-01';
export const UNIVERSE_AS_OF = '2026-11-30';

/** Reads every *.yaml of `dir`; throws an Error listing every problem with file and entry. */
export function readUniverse(dir: string): UniverseCompany[] {
  if (!fs.existsSync(dir)) return [];
  const problems: string[] = [];
  const companies: UniverseCompany[] = [];
  const seen = new Map<string, string>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const label = path.join(path.basename(dir), file);
    let doc: unknown;
    try {
      doc = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${label}: YAML syntax error: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const list = (doc as { companies?: unknown } | null)?.companies;
    if (!Array.isArray(list)) {
      problems.push(`${label}: must hold a list under "companies"`);
      continue;
    }
    list.forEach((raw: Record<string, unknown>, index) => {
      const where = `${label}: companies[${index}]${typeof raw?.id === 'string' ? ` "${raw.id}"` : ''}`;
      const bad = (field: string, message: string) => problems.push(`${where}, field "${field}": ${message}`);
      for (const field of ['name', 'id', 'country', 'why', 'found']) {
        if (typeof raw?.[field] !== 'string' || raw[field] === '') bad(field, 'must be non-empty text');
      }
      if (!(SECTORS as readonly string[]).includes(raw?.sector as string))
        bad('sector', `must be one of ${SECTORS.join(', ')}, got ${JSON.stringify(raw?.sector)}`);
      const qualifies = raw?.qualifies;
      if (
        !Array.isArray(qualifies) ||
        qualifies.length === 0 ||
        !qualifies.every((q) => (QUALIFIES as readonly string[]).includes(q))
      ) {
        bad('qualifies', `must be a list of ${QUALIFIES.join(', ')}, got ${JSON.stringify(qualifies)}`);
      }
      const sources = raw?.sources;
      if (
        !Array.isArray(sources) ||
        sources.length === 0 ||
        !sources.every((s) => typeof s === 'string' && /^https?:\/\/\S+$/.test(s))
      ) {
        bad('sources', 'must list at least one http(s) URL that shows why the company qualifies');
      }
      if (typeof raw?.id === 'string') {
        const first = seen.get(raw.id);
        if (first) bad('id', `repeats the company of ${first}`);
        else seen.set(raw.id, where);
      }
      companies.push({ ...(raw as unknown as UniverseCompany), file: label });
    });
  }
  if (problems.length > 0)
    throw new Error(`${problems.length} problem(s) in the universe files:\n  ${problems.join('\n  ')}`);
  return companies;
}

export interface CompanyCoverage {
  company: UniverseCompany;
  covered: boolean;
  /** What the seed lacks for the company, in words. */
  gaps: string[];
}

/** What "covered" asks of a company: see the gaps below, one line each. */
export function companyCoverage(universe: UniverseCompany[], data: SeedDataset): CompanyCoverage[] {
  const entities = new Map(data.entities.map((e) => [e.id, e]));
  const links = (type: string, pick: (r: RelationshipRecord) => string, id: string) =>
    data.relationships.filter((r) => r.type === type && pick(r) === id);
  return universe.map((company) => {
    const gaps: string[] = [];
    const org = entities.get(company.id);
    if (!org || org.label !== 'Organization') return { company, covered: false, gaps: ['not in the graph'] };
    const has = (property: string) => org.facts.some((f) => f.property === property);
    for (const [property, what] of [
      ['headquarters', 'headquarters city'],
      ['country', 'country'],
      ['sector', 'sector'],
    ] as const) {
      if (!has(property)) gaps.push(`no ${what}`);
    }
    if (!has('foundedYear') && !has('founded')) gaps.push('no founding year');
    if (links('FOUNDED', (r) => r.to, company.id).length === 0) gaps.push('no founders');
    // Rounds announced in the window (any claimed date in it: a disputed date still counts).
    const rounds = links('RAISED', (r) => r.from, company.id)
      .map((r) => entities.get(r.to))
      .filter((round): round is EntityRecord => round !== undefined)
      .filter((round) => datesOf(round.facts, 'announced').some((d) => d >= UNIVERSE_FROM.slice(0, d.length)));
    if (company.qualifies.includes('round') && rounds.length === 0)
      gaps.push(`no round announced since ${UNIVERSE_FROM}`);
    for (const round of rounds) {
      const what: string[] = [];
      if (!round.facts.some((f) => f.property === 'amount')) what.push('amount');
      const led = links('INVESTED_IN', (r) => r.to, round.id).some((r) => r.fields.lead === true);
      if (!led && !UNLED.test(`${round.series ?? ''} ${round.name}`)) what.push('lead investor');
      if (what.length > 0) gaps.push(`${round.id} lacks its ${what.join(', ')}`);
    }
    if (company.qualifies.includes('acquisition') && links('ACQUIRED', (r) => r.to, company.id).length === 0)
      gaps.push('no ACQUIRED link');
    return { company, covered: gaps.length === 0, gaps };
  });
}

function datesOf(facts: Fact[], property: string): string[] {
  return facts.filter((f) => f.property === property && typeof f.value === 'string').map((f) => f.value as string);
}

/** A plain-text report: totals, per sector, then every company that is not covered and why. */
export function formatCompanyCoverage(rows: CompanyCoverage[]): string {
  if (rows.length === 0) return 'universe: no companies listed (seed/universe/*.yaml)';
  const pct = (n: number, of: number) => `${of === 0 ? 0 : Math.round((1000 * n) / of) / 10} %`;
  const covered = rows.filter((r) => r.covered).length;
  const out = [
    `universe: ${rows.length} companies, ${covered} covered (${pct(covered, rows.length)}), as of ${UNIVERSE_AS_OF}`,
  ];
  for (const sector of SECTORS) {
    const inSector = rows.filter((r) => r.company.sector === sector);
    if (inSector.length === 0) continue;
    const n = inSector.filter((r) => r.covered).length;
    out.push(
      `  ${sector.padEnd(24)} ${String(n).padStart(3)} of ${String(inSector.length).padStart(3)} covered (${pct(n, inSector.length)})`,
    );
  }
  const gaps = rows.filter((r) => !r.covered);
  if (gaps.length > 0) out.push('not covered, and what is missing:');
  for (const row of gaps) out.push(`  ${row.company.id} (${row.company.sector}): ${row.gaps.join('; ')}`);
  return out.join('\n');
}
