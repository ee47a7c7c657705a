/**
 * The wider ecosystem through the API, on the seed graph in the real Neo4j: the cross-links
 * researchers come for (DeepMind alumni founding companies, investors recurring across
 * companies), entity resolution through the alias table, and disputes shown on both sides.
 */
import { describe, expect, it } from 'vitest';
import { seededApi } from '../api-helpers.js';

const { api, db } = seededApi();

interface Fact {
  property: string;
  value: string;
  confidence: string;
  sources: { url: string | null }[];
}

describe('the ecosystem graph', () => {
  it('answers the H Company founders query as written: at least three of them worked at Google DeepMind', async () => {
    const { data, errors } = await api.graphql<{
      organization: { founders: { name: string; workedAt: { organization: { id: string } }[] }[] };
    }>('{ organization(id: "h-company") { founders { name workedAt { organization { id } } } } }');
    expect(errors).toBeUndefined();
    const founders = data!.organization.founders;
    expect(founders.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Charles Kantor', 'Laurent Sifre', 'Karl Tuyls', 'Daan Wierstra', 'Julien Perolat']),
    );
    const fromDeepMind = founders.filter((f) => f.workedAt.some((w) => w.organization.id === 'google-deepmind'));
    expect(fromDeepMind.length).toBeGreaterThanOrEqual(3);
  });

  it('answers the Nvidia investments query as written: rounds of at least six companies, each with its sources', async () => {
    const { data, errors } = await api.graphql<{
      organization: {
        investments: { round: { company: { id: string } }; lead: boolean; sources: { url: string | null }[] }[];
      };
    }>('{ organization(id: "nvidia") { investments { round { company { id } } lead sources { url } } } }');
    expect(errors).toBeUndefined();
    const investments = data!.organization.investments;
    const companies = new Set(investments.map((i) => i.round.company.id));
    expect(companies.size).toBeGreaterThanOrEqual(6);
    for (const id of ['mistral-ai', 'hugging-face', 'wayve', 'synthesia', 'black-forest-labs', 'polyai'])
      expect(companies).toContain(id);
    for (const investment of investments) expect(investment.sources.length).toBeGreaterThan(0);
    expect(investments.some((i) => i.lead)).toBe(true); // the PolyAI round, co-led through NVentures
  });

  it("traces where DeepMind's and Meta's people went: alumni who founded companies after they joined", async () => {
    type Alumni = { alumni: { edges: { node: { id: string }; founded: { id: string }[] }[] } };
    const { data, errors } = await api.graphql<{ deepmind: Alumni; meta: Alumni; fair: Alumni }>(`{
      deepmind: organization(id: "google-deepmind") { alumni(first: 100) { edges { node { id } founded { id } } } }
      meta: organization(id: "meta") { alumni(first: 100) { edges { node { id } founded { id } } } }
      fair: organization(id: "meta-fair") { alumni(first: 100) { edges { node { id } founded { id } } } }
    }`);
    expect(errors).toBeUndefined();
    const founded = (a: Alumni) => new Map(a.alumni.edges.map((e) => [e.node.id, e.founded.map((f) => f.id)]));
    const deepmind = founded(data!.deepmind);
    for (const person of ['laurent-sifre', 'karl-tuyls', 'daan-wierstra', 'julien-perolat'])
      expect(deepmind.get(person)).toContain('h-company');
    expect(deepmind.get('arthur-mensch')).toContain('mistral-ai');
    expect(deepmind.get('david-silver')).toContain('ineffable-intelligence');
    expect(founded(data!.fair).get('guillaume-lample')).toContain('mistral-ai');
    expect(founded(data!.meta).get('yann-lecun')).toContain('ami-labs');
    // Karl Tuyls joined Meta in 2025-02, after H Company was founded (2023): not Meta talent that founded H.
    expect(founded(data!.meta).get('karl-tuyls') ?? []).not.toContain('h-company');
  });

  it('finds an entity by any spelling in the alias table, and shows a unit with its parent', async () => {
    const { data, errors } = await api.graphql<{
      a: { id: string }[];
      b: { id: string }[];
      c: { id: string }[];
      unit: { partOf: { id: string }[] };
    }>(`{
      a: search(text: "a16z") { id }
      b: search(text: "DeepMind") { id }
      c: search(text: "Holistic") { id }
      unit: organization(id: "nventures") { partOf { id } }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.a.map((e) => e.id)).toContain('andreessen-horowitz');
    expect(data!.b.map((e) => e.id)).toContain('google-deepmind');
    expect(data!.c.map((e) => e.id)).toContain('h-company');
    expect(data!.unit.partOf.map((o) => o.id)).toEqual(['nvidia']);
  });

  it('shows both sides of a dispute, each with its own sources, and no single value', async () => {
    const { data, errors } = await api.graphql<{
      round: { amount: unknown; disputed: string[]; facts: Fact[] };
      company: { headquarters: string | null; disputed: string[]; facts: Fact[] };
    }>(`{
      round: entity(id: "photoroom-series-b") { ... on FundingRound { amount { value currency } disputed facts(property: "amount") { property value confidence sources { url } } } }
      company: organization(id: "elevenlabs") { headquarters disputed facts(property: "headquarters") { property value confidence sources { url } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.round.amount).toBeNull();
    expect(data!.round.disputed).toContain('amount');
    expect(data!.round.facts.map((f) => f.value).sort()).toEqual(['43000000 EUR', '43000000 USD'].sort());
    expect(data!.company.headquarters).toBeNull();
    expect(data!.company.disputed).toContain('headquarters');
    const places = data!.company.facts.map((f) => f.value).sort();
    expect(places).toEqual(['London', 'New York']);
    for (const fact of [...data!.round.facts, ...data!.company.facts]) {
      expect(fact.confidence).toBe('DISPUTED');
      expect(fact.sources.length).toBeGreaterThan(0);
    }
    // each side keeps its own sources
    const [a, b] = data!.company.facts.map((f) => new Set(f.sources.map((s) => s.url)));
    expect([...a].some((url) => !b.has(url))).toBe(true);
  });

  it("hangs investments that name no round on the company's undisclosed round, which says so", async () => {
    const { data, errors } = await api.graphql<{
      round: { series: string; company: { id: string }; investments: { investor: { id: string } }[] };
    }>(
      '{ round: entity(id: "dust-undisclosed-round") { ... on FundingRound { series company { id } investments { investor { id } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.round.series).toBe('Undisclosed round');
    expect(data!.round.company.id).toBe('dust');
    expect(data!.round.investments.map((i) => i.investor.id)).toEqual(
      expect.arrayContaining(['sequoia-capital', 'motier-ventures']),
    );
  });

  it('lists organizations by sector and investor type, the same ones plain Cypher finds', async () => {
    const { data, errors } = await api.graphql<{
      compute: { totalCount: number; edges: { node: { id: string; sector: string } }[] };
      public: { totalCount: number; edges: { node: { id: string; investorType: string } }[] };
      nscale: { sector: string };
    }>(`{
      compute: organizations(sector: COMPUTE_INFRASTRUCTURE, first: 100) { totalCount edges { node { id sector } } }
      public: organizations(investorType: PUBLIC, first: 100) { totalCount edges { node { id investorType } } }
      nscale: organization(id: "nscale") { sector }
    }`);
    expect(errors).toBeUndefined();
    const ids = async (property: string, value: string) =>
      (
        await db.read<{ id: string }>(
          `MATCH (o:Organization) WHERE o[$property] = $value RETURN o.id AS id ORDER BY o.sortName`,
          { property, value },
        )
      ).map((r) => r.id);
    const compute = await ids('sector', 'compute-infrastructure');
    expect(compute).toContain('nscale');
    expect(data!.compute.edges.map((e) => e.node.id)).toEqual(compute);
    expect(data!.compute.totalCount).toBe(compute.length);
    expect(new Set(data!.compute.edges.map((e) => e.node.sector))).toEqual(new Set(['COMPUTE_INFRASTRUCTURE']));
    const publicInvestors = await ids('investorType', 'public');
    expect(publicInvestors.length).toBeGreaterThan(0);
    expect(data!.public.edges.map((e) => e.node.id)).toEqual(publicInvestors);
    expect(data!.nscale.sector).toBe('COMPUTE_INFRASTRUCTURE');
  });
});
