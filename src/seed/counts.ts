/**
 * The README's table of what the seed holds, computed from the seed files: `npm run
 * counts` writes it into README.md, and the seed-quality test fails when the README's
 * table is not what the files hold.
 */
import type { SeedDataset } from './dataset.js';

/** The table's rows, in order: label -> value. */
export function seedCounts(data: SeedDataset, statementLines: number): [string, string][] {
  const count = (label: string) => data.entities.filter((e) => e.label === label).length;
  const byType = new Map<string, number>();
  for (const rel of data.relationships) byType.set(rel.type, (byType.get(rel.type) ?? 0) + 1);
  const sorted = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const facts = [...data.entities, ...data.relationships].flatMap((r) => r.facts.map((f) => ({ f, r })));
  const disputed = facts.filter(({ f }) => f.confidence === 'disputed');
  const holders = new Set(disputed.map(({ r }) => r));
  const wholeLinks = data.relationships.filter((r) => r.confidence === 'disputed').length;
  return [
    ['statements', String(statementLines)],
    ['sources', String(data.sources.length)],
    ['organizations', String(count('Organization'))],
    ['people', String(count('Person'))],
    ['products', String(count('Product'))],
    ['funding rounds', String(count('FundingRound'))],
    ['relationships', `${data.relationships.length}: ${sorted.map(([type, n]) => `${type} ${n}`).join(', ')}`],
    [
      'disputed facts',
      `${disputed.length} claims marked \`disputed\`, on ${holders.size} entities and links (and ${wholeLinks} links disputed as a whole)`,
    ],
  ];
}

const TABLE = /\| \| count \|\n\| --- \| --- \|\n(?:\|[^\n]*\|\n)+/;

/** The README with its count table replaced by `rows`; throws when it has no such table. */
export function withCounts(readme: string, rows: [string, string][]): string {
  if (!TABLE.test(readme)) throw new Error('README.md has no "| | count |" table to update');
  return readme.replace(TABLE, `| | count |\n| --- | --- |\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`);
}
