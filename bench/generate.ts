/**
 * A synthetic European-AI-shaped ecosystem for benchmarks, from a seeded random number
 * generator: the same seed and size give the same dataset, byte for byte.
 *
 * Shape (per company, on average; see SHAPE): 2 founders, 1.5 funding rounds with 3.5
 * investors each, investors picked by a power law (a handful of investors sit in
 * thousands of rounds, most in a few, as in reality), people with career histories
 * (jobs at older companies, labs and universities before founding), customers and
 * partners among older organizations (a third of partnerships commercial), products,
 * acquisitions, subsidiaries and competitors, every link dated where its type has dates.
 * Companies are generated oldest first until the requested number of relationships is
 * reached, so a size is met within one company's links.
 *
 * Nothing here is a fact: every id starts with "gen-", every name is made of invented
 * syllables, and every record cites one of a few sources titled "Synthetic benchmark
 * data" with no URL. The result is an ordinary SeedDataset, loaded with loadSeed as its
 * own dataset ("generated" by default), so it sits beside the real seed.
 *
 *   npx tsx bench/generate.ts --size 100k [--seed 42] [--load] [--dataset generated]
 *
 * prints the counts; with --load, loads it (bulk mode) into NEO4J_URI, or the embedded
 * Neo4j of the EMBEDDED_NEO4J_* settings.
 */
import { pathToFileURL } from 'node:url';
import type { EntityRecord, RelationshipRecord, SeedDataset, SourceRecord } from '../src/seed/dataset.js';
import type { EntityLabel, Fact, Money, RelationshipType, Scalar } from '../src/graph/model.js';

export const SIZES = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 } as const;
export type SizeName = keyof typeof SIZES;
export const GENERATED_DATASET = 'generated';

export interface GenerateOptions {
  /** Target number of relationships; the result is within one company's links of it. */
  relationships: number;
  seed?: number;
}

/** Ids the benchmark queries start from: typical entities of the generated graph, not outliers. */
export interface Probes {
  /** A company with founders (who worked elsewhere before), rounds with several investors. */
  company: string;
  /** An investor with a typical portfolio (about the 50th busiest), and a customer its money reaches in 3 or 4 hops. */
  investor: string;
  customer: string;
  /** A name prefix shared by many entities. */
  searchText: string;
}

export interface Generated {
  data: SeedDataset;
  probes: Probes;
}

// Average links per company. Tuned so the type mix resembles the seed graph's.
const SHAPE = {
  investorsPerCompany: 0.2,
  foundersMin: 1,
  foundersMax: 3,
  roundsMax: 4, // 0..roundsMax, skewed low
  investorsPerRoundMin: 1,
  investorsPerRoundMax: 6,
  angelShare: 0.1, // share of investments by people
  hiresPerCompany: 0.6, // people who never founded anything
  jobsMin: 1,
  jobsMax: 3,
  studiedShare: 0.5,
  customers: 1.0,
  partners: 0.8,
  commercialShare: 0.35,
  products: 0.7,
  acquired: 0.05,
  partOf: 0.05,
  competitors: 0.3,
};

const SYLLABLES = [
  'ka',
  'lo',
  'vi',
  'ra',
  'ne',
  'tu',
  'mi',
  'so',
  'da',
  'fe',
  'qu',
  'zen',
  'or',
  'el',
  'ix',
  'ba',
  'ko',
  'ly',
  'pra',
  'sti',
];
const ORG_SUFFIX = [
  'AI',
  'Labs',
  'Systems',
  'Robotics',
  'Analytics',
  'Health',
  'Vision',
  'Dynamics',
  'Technologies',
  'Intelligence',
];
const INVESTOR_SUFFIX = ['Ventures', 'Capital', 'Partners', 'Invest', 'Fund'];
const FIRST = [
  'Anna',
  'Lukas',
  'Marie',
  'Jonas',
  'Sofia',
  'Mateo',
  'Elena',
  'Pierre',
  'Ingrid',
  'Tomasz',
  'Giulia',
  'Mikkel',
  'Clara',
  'Arnaud',
  'Eva',
  'Jan',
];
const COUNTRIES = [
  'France',
  'Germany',
  'United Kingdom',
  'Netherlands',
  'Sweden',
  'Spain',
  'Italy',
  'Finland',
  'Switzerland',
  'Poland',
  'Denmark',
  'Belgium',
];
const SERIES = ['Pre-seed', 'Seed', 'Series A', 'Series B', 'Series C', 'Series D'];
const ROLES = ['Research Scientist', 'Engineer', 'Product Manager', 'Head of Research', 'CTO', 'Data Scientist'];
const PRODUCT_KINDS = ['model', 'platform', 'app', 'service', 'chatbot'] as const;
const INVESTOR_KINDS = ['investment-firm', 'investment-firm', 'investment-firm', 'bank', 'public-body'] as const;

export function sizeOf(name: string): number {
  const size = SIZES[name.toLowerCase() as SizeName];
  if (size === undefined) throw new Error(`size must be one of ${Object.keys(SIZES).join(', ')}, got "${name}"`);
  return size;
}

export function generateEcosystem(options: GenerateOptions): Generated {
  const target = options.relationships;
  if (!Number.isInteger(target) || target < 1_000)
    throw new Error(`relationships must be an integer of at least 1000, got ${target}`);
  const seed = options.seed ?? 42;
  const g = new Generator(seed, target);
  return g.run();
}

// ---- private: the generator ----

interface Org {
  id: string;
  founded: number;
  rounds: { id: string; date: string; investors: Set<string> }[];
}

class Generator {
  private readonly random: () => number;
  private readonly sources: SourceRecord[] = [];
  private readonly entities: EntityRecord[] = [];
  private readonly rels: RelationshipRecord[] = [];
  private readonly names = new Set<string>();
  private readonly nameById = new Map<string, string>();
  private readonly companies: Org[] = [];
  private readonly investors: string[] = [];
  private readonly investorUse = new Map<string, number>();
  private readonly labs: string[] = [];
  private readonly people: { id: string; born: number }[] = [];
  private readonly pairs = new Set<string>();
  private serial = 0;

  constructor(
    private readonly seed: number,
    private readonly target: number,
  ) {
    this.random = mulberry32(seed);
  }

  run(): Generated {
    const companyEstimate = Math.max(20, Math.round(this.target / 17));
    const sourceCount = Math.max(5, Math.round(this.target / 2_000));
    for (let i = 0; i < sourceCount; i++) {
      this.sources.push({
        id: `gen-source-${i}`,
        url: null,
        title: `Synthetic benchmark data, part ${i} (bench/generate.ts, seed ${this.seed})`,
        publisher: 'bench/generate.ts',
      });
    }
    for (let i = 0; i < Math.max(5, Math.round(companyEstimate * SHAPE.investorsPerCompany)); i++) {
      const id = this.org('investor', this.pick(INVESTOR_KINDS), 1950 + this.int(0, 70), INVESTOR_SUFFIX);
      this.investors.push(id);
    }
    for (let i = 0; i < Math.max(3, Math.round(companyEstimate / 100)); i++) {
      this.labs.push(
        this.org('lab', this.random() < 0.5 ? 'university' : 'research-lab', 1900 + this.int(0, 100), [
          'University',
          'Institute',
        ]),
      );
    }
    // Oldest companies first: customers, partners, employers and acquirers are older ones.
    while (this.rels.length < this.target)
      this.company(1995 + Math.floor((30 * this.companies.length) / companyEstimate));
    // Every entity takes part in some relationship (as the seed validator requires).
    const recentRounds = this.companies.flatMap((c) => c.rounds).slice(-50);
    for (const investor of this.investors) {
      if (!this.investorUse.has(investor)) this.invest(investor, this.pick(recentRounds));
    }
    return { data: this.dataset(), probes: this.probes() };
  }

  private company(year: number): void {
    const founded = Math.min(2025, year + this.int(0, 2));
    const id = this.org('company', 'company', founded, ORG_SUFFIX);
    const org: Org = { id, founded, rounds: [] };
    const older = this.companies;
    for (let f = this.int(SHAPE.foundersMin, SHAPE.foundersMax); f > 0; f--) {
      const person = this.person(founded);
      this.career(person, founded);
      this.rel('FOUNDED', person, id, { date: `${founded}`, role: f === 1 ? 'CEO' : 'co-founder' });
    }
    if (this.random() < SHAPE.hiresPerCompany) {
      const person = this.person(founded);
      this.career(person, founded);
      this.rel('WORKED_AT', person, id, { role: this.pick(ROLES), since: `${Math.min(2025, founded + 1)}` }, 'now');
    }
    const roundCount = Math.floor(this.random() ** 1.6 * (SHAPE.roundsMax + 1));
    let date = founded;
    for (let r = 0; r < roundCount && date <= 2025; r++) {
      const announced = `${date}-${pad(this.int(1, 12))}`;
      const series = SERIES[Math.min(r, SERIES.length - 1)];
      const roundId = `${id}-${slug(series)}`;
      const amount = Math.round(10 ** (5.5 + r * 0.6 + this.random()) / 1e4) * 1e4;
      this.entity(
        'FundingRound',
        roundId,
        `${this.nameOf(id)} ${series} (${date})`,
        [
          this.fact('announced', announced),
          this.fact('amount', { value: amount, currency: this.random() < 0.8 ? 'EUR' : 'USD' }),
        ],
        { series },
      );
      this.rel('RAISED', id, roundId, {});
      const round = { id: roundId, date: announced, investors: new Set<string>() };
      org.rounds.push(round);
      for (let k = this.int(SHAPE.investorsPerRoundMin, SHAPE.investorsPerRoundMax); k > 0; k--) {
        const investor =
          this.random() < SHAPE.angelShare && this.people.length > 10
            ? this.pick(this.people).id
            : this.powerLawInvestor();
        this.invest(investor, round, k === 1);
      }
      date += this.int(1, 3);
    }
    if (older.length > 10) {
      for (let n = this.count(SHAPE.customers); n > 0; n--)
        this.pairRel('CUSTOMER_OF', this.popularOlder().id, id, {
          since: `${Math.min(2025, founded + this.int(1, 4))}`,
          scope: 'deployment',
        });
      for (let n = this.count(SHAPE.partners); n > 0; n--) {
        const commercial = this.random() < SHAPE.commercialShare;
        this.pairRel('PARTNER_OF', this.popularOlder().id, id, {
          since: `${Math.min(2025, founded + this.int(0, 4))}`,
          scope: commercial ? 'deployment' : 'research',
          commercial,
        });
      }
      for (let n = this.count(SHAPE.competitors); n > 0; n--)
        this.pairRel('COMPETES_WITH', id, this.pick(older.slice(-2_000)).id, {});
      if (this.random() < SHAPE.acquired)
        this.pairRel('ACQUIRED', this.popularOlder().id, id, {
          date: `${Math.min(2025, founded + this.int(2, 8))}`,
          status: 'completed',
        });
      if (this.random() < SHAPE.partOf) this.pairRel('PART_OF', id, this.popularOlder().id, { relation: 'subsidiary' });
    }
    for (let n = this.count(SHAPE.products); n > 0; n--) {
      const productId = `${id}-product-${n}`;
      const released = `${Math.min(2025, founded + this.int(0, 3))}`;
      this.entity(
        'Product',
        productId,
        `${this.nameOf(id)} ${this.pick(['Core', 'Studio', 'Assist', 'Edge', 'One'])} ${n}`,
        [this.fact('released', released)],
        { kind: this.pick(PRODUCT_KINDS) },
      );
      this.rel('DEVELOPS', id, productId, { released });
    }
    this.companies.push(org);
  }

  /** Jobs before founding: at older companies (mostly recent ones) or labs, and a degree. */
  private career(person: string, until: number): void {
    let year = until - this.int(3, 12);
    for (let j = this.int(SHAPE.jobsMin, SHAPE.jobsMax); j > 0 && year < until; j--) {
      const employer =
        this.companies.length > 20 && this.random() < 0.7
          ? this.pick(this.companies.slice(-5_000)).id
          : this.pick(this.labs);
      const end = Math.min(until, year + this.int(1, 5));
      this.pairRel('WORKED_AT', person, employer, { role: this.pick(ROLES), since: `${year}`, until: `${end}` });
      year = end;
    }
    if (this.random() < SHAPE.studiedShare) {
      this.pairRel('STUDIED_AT', person, this.pick(this.labs), {
        degree: this.pick(['MSc', 'PhD']),
        field: 'Computer Science',
        since: `${until - 14}`,
        until: `${until - 9}`,
      });
    }
  }

  private invest(investor: string, round: Org['rounds'][number], lead = false): void {
    if (round.investors.has(investor)) return;
    round.investors.add(investor);
    this.investorUse.set(investor, (this.investorUse.get(investor) ?? 0) + 1);
    this.rel('INVESTED_IN', investor, round.id, { date: round.date, lead });
  }

  /** Zipf-like: the i-th investor is picked about 1/(i+1) as often as the first. */
  private powerLawInvestor(): string {
    const n = this.investors.length;
    return this.investors[Math.min(n - 1, Math.floor(Math.exp(this.random() * Math.log(n + 1))) - 1)];
  }

  /** An older company, the oldest (biggest) ones more often: large firms buy from and partner with many. */
  private popularOlder(): Org {
    const n = this.companies.length;
    return this.companies[Math.min(n - 1, Math.floor(Math.exp(this.random() * Math.log(n + 1))) - 1)];
  }

  private org(role: string, kind: string, founded: number, suffixes: readonly string[]): string {
    const name = this.uniqueName(() => `${this.word(2, 3)} ${this.pick(suffixes)}`);
    const id = `gen-${role}-${slug(name)}`;
    this.entity(
      'Organization',
      id,
      name,
      [this.fact('foundedYear', founded), this.fact('country', this.pick(COUNTRIES))],
      { kind },
    );
    return id;
  }

  private person(foundedBy: number): string {
    const name = this.uniqueName(() => `${this.pick(FIRST)} ${this.word(2, 3)}`);
    const id = `gen-person-${slug(name)}`;
    const born = foundedBy - this.int(25, 45);
    this.entity('Person', id, name, [this.fact('nationality', this.pick(COUNTRIES))]);
    this.people.push({ id, born });
    return id;
  }

  private entity(
    label: EntityLabel,
    id: string,
    name: string,
    facts: Fact[],
    extra: { kind?: string; series?: string } = {},
  ): void {
    this.nameById.set(id, name);
    this.entities.push({ label, id, name, aliases: [], ...extra, sources: [this.source()], facts, statements: [] });
  }

  private rel(
    type: RelationshipType,
    from: string,
    to: string,
    fields: Record<string, Scalar | Money>,
    key = '',
  ): void {
    this.rels.push({
      type,
      from,
      to,
      key,
      fields,
      sources: [this.source()],
      confidence: 'single-source',
      facts: [],
      statements: [],
    });
  }

  /** A relationship that is not a self-loop and not a second one of the same type between the same ends. */
  private pairRel(type: RelationshipType, from: string, to: string, fields: Record<string, Scalar | Money>): void {
    const key = `${type}:${from}:${to}`;
    if (from === to || this.pairs.has(key)) return;
    this.pairs.add(key);
    this.rel(type, from, to, fields);
  }

  private fact(property: string, value: Fact['value']): Fact {
    return { property, value, sources: [this.source()], confidence: 'single-source', preferred: false };
  }

  private probes(): Probes {
    const byUse = [...this.investorUse]
      .filter(([id]) => id.startsWith('gen-investor-'))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const investor = byUse[Math.min(49, Math.floor(byUse.length / 4))][0];
    // A customer its money reaches: a buyer of a company it backed (investor -> round <- company <- buyer).
    const backed = new Set(this.rels.filter((r) => r.type === 'INVESTED_IN' && r.from === investor).map((r) => r.to));
    const companies = new Set(this.rels.filter((r) => r.type === 'RAISED' && backed.has(r.to)).map((r) => r.from));
    const buyers = this.rels.filter((r) => r.type === 'CUSTOMER_OF' && companies.has(r.to)).map((r) => r.from);
    const customer = buyers.sort()[0] ?? this.companies[0].id;
    // A company of median age with founders and at least two rounds.
    const mid =
      this.companies
        .slice(Math.floor(this.companies.length / 2))
        .find((c) => c.rounds.length >= 2 && c.rounds.some((r) => r.investors.size >= 3)) ?? this.companies[0];
    return { company: mid.id, investor, customer, searchText: SYLLABLES[0] + SYLLABLES[1] };
  }

  private dataset(): SeedDataset {
    return {
      dir: '(generated)',
      files: [],
      hash: `generated:v1:seed-${this.seed}:rels-${this.target}`,
      sources: this.sources,
      entities: this.entities,
      relationships: this.rels,
      omitted: [],
      aliases: [],
    };
  }

  // ---- random helpers ----

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** A count with the given mean: its whole part, plus one with the fractional part's probability. */
  private count(mean: number): number {
    return (
      Math.floor(mean) +
      (this.random() < mean % 1 ? 1 : 0) +
      (this.random() < 0.2 ? this.int(0, 2) : 0) -
      (this.random() < 0.2 ? 1 : 0)
    );
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private source(): string {
    return this.sources[Math.floor(this.random() * this.sources.length)].id;
  }

  private word(min: number, max: number): string {
    let w = '';
    for (let i = this.int(min, max); i > 0; i--) w += this.pick(SYLLABLES);
    return w[0].toUpperCase() + w.slice(1);
  }

  private uniqueName(make: () => string): string {
    for (;;) {
      const base = make();
      // Names are unique (as the validator requires): a clash gets a serial number.
      const name = this.names.has(base.toLowerCase()) ? `${base} ${++this.serial}` : base;
      if (!this.names.has(name.toLowerCase())) {
        this.names.add(name.toLowerCase());
        return name;
      }
    }
  }

  private nameOf(id: string): string {
    return this.nameById.get(id) ?? id;
  }
}

/** Mulberry32: a small, fast, well-distributed 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// ---- command line ----

async function main(args: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const size = sizeOf(arg('--size') ?? '10k');
  const seed = Number(arg('--seed') ?? 42);
  const started = Date.now();
  const { data, probes } = generateEcosystem({ relationships: size, seed });
  console.error(
    `generated ${data.entities.length} entities, ${data.relationships.length} relationships, ${data.sources.length} sources in ${Date.now() - started} ms`,
  );
  const byType: Record<string, number> = {};
  for (const r of data.relationships) byType[r.type] = (byType[r.type] ?? 0) + 1;
  console.log(JSON.stringify({ relationships: byType, probes }, null, 2));
  if (!args.includes('--load')) return;
  const { readConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/db/open.js');
  const { migrate } = await import('../src/db/migrations.js');
  const { loadSeed } = await import('../src/seed/load.js');
  const opened = await openDatabase(readConfig(), { tieToParent: false });
  try {
    await migrate(opened.db);
    const summary = await loadSeed(opened.db, data, {
      dataset: arg('--dataset') ?? GENERATED_DATASET,
      bulk: true,
      progress: (line) => console.error(line),
    });
    const rels = Object.values(summary.relationships).reduce((a, b) => a + b, 0);
    console.error(
      `loaded ${rels} relationships in ${summary.millis} ms (${Math.round(rels / (summary.millis / 1000))} relationships/s)`,
    );
  } finally {
    await opened.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
