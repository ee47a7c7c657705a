import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/graph/model.js';
import { MAX_SEED_FILE_BYTES, SeedValidationError, readSeedDir } from '../../src/seed/dataset.js';
import { VALID_SEED, seedFolder } from '../helpers.js';

/** Reads a folder that must be refused and returns its problems as lines. */
function problems(files: Record<string, string | Buffer>): string[] {
  try {
    readSeedDir(seedFolder(files));
  } catch (error) {
    expect(error).toBeInstanceOf(SeedValidationError);
    return (error as SeedValidationError).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  throw new Error('the seed folder was accepted');
}

describe('seed validation', () => {
  it('accepts a valid folder and reads every record', () => {
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
    expect(data.sources.map((s) => s.id)).toEqual(['example-source', 'second-source']);
    expect(data.entities.map((e) => `${e.label}:${e.id}`)).toEqual([
      'Organization:acme-ai',
      'Organization:big-investor',
      'Person:ada-founder',
      'FundingRound:acme-ai-seed',
    ]);
    const investment = data.relationships.find((r) => r.type === 'INVESTED_IN')!;
    expect(investment.fields).toEqual({ lead: true, amount: { value: 500000, currency: EUR() } });
    expect(investment.confidence).toBe('confirmed'); // two sources, no explicit confidence
    expect(data.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names file, line, record and field of an unknown field', () => {
    const bad = VALID_SEED.replace('    name: Acme AI\n', '    name: Acme AI\n    ceo: Someone\n');
    const [line] = problems({ 'a.yaml': bad });
    expect(line).toMatch(/a\.yaml:\d+: organizations\[0\] "acme-ai", field "ceo": is not a known field here/);
  });

  describe('the alias table', () => {
    it('gives the entity its aliases', () => {
      const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED }));
      expect(data.entities.find((e) => e.id === 'acme-ai')!.aliases).toEqual(['Acme']);
      expect(data.aliases).toEqual([{ id: 'acme-ai', name: 'Acme AI', aliases: ['Acme'], partOf: undefined }]);
    });

    it('keeps aliases out of entity records', () => {
      const bad = VALID_SEED.replace('    name: Big Investor\n', '    name: Big Investor\n    aliases: [BI]\n');
      expect(problems({ 'a.yaml': bad }).join('\n')).toMatch(
        /"big-investor", field "aliases": belongs in the alias table/,
      );
    });

    it('refuses a row for an unknown id, a wrong name and a second row', () => {
      const bad = VALID_SEED.replace(
        '  - { id: acme-ai, name: Acme AI, aliases: [Acme] }',
        '  - { id: acme-ai, name: Acme Corp, aliases: [Acme] }\n  - { id: acme-ai, name: Acme AI }\n  - { id: nobody, name: Nobody }',
      );
      const lines = problems({ 'a.yaml': bad }).join('\n');
      expect(lines).toMatch(
        /aliases\[0\] "acme-ai", field "name": is "Acme Corp", but entity "acme-ai" .* is named "Acme AI"/,
      );
      expect(lines).toMatch(/aliases\[1\] "acme-ai", field "id": has a second row in the alias table/);
      expect(lines).toMatch(/aliases\[2\] "nobody", field "id": refers to "nobody", which no seed file defines/);
    });

    it('refuses a partOf that no PART_OF relationship backs', () => {
      const bad = VALID_SEED.replace(
        '  - { id: acme-ai, name: Acme AI, aliases: [Acme] }',
        '  - { id: acme-ai, name: Acme AI, partOf: big-investor }',
      );
      expect(problems({ 'a.yaml': bad }).join('\n')).toMatch(
        /field "partOf": says "acme-ai" is part of "big-investor", but no PART_OF relationship acme-ai -> big-investor \(with its sources\) exists/,
      );
      const backed = bad.replace(
        'relationships:\n',
        'relationships:\n  - { type: PART_OF, from: acme-ai, to: big-investor, relation: unit, sources: [example-source] }\n',
      );
      expect(readSeedDir(seedFolder({ 'a.yaml': backed })).aliases[0].partOf).toBe('big-investor');
    });

    it("refuses an alias that is another entity's name, whatever its kind, case or accents", () => {
      const bad = VALID_SEED.replace('aliases: [Acme]', 'aliases: [Acme, "ADA FOUNDÉR"]');
      expect(problems({ 'a.yaml': bad }).join('\n')).toMatch(
        /"ADA FOUNDÉR" is also the name or an alias of "acme-ai"|"Ada Founder" is also the name or an alias of "acme-ai"/,
      );
    });
  });

  it('refuses an entity that takes part in no relationship', () => {
    const bad = VALID_SEED.replace(
      'people:\n',
      'people:\n  - { id: loose-end, name: Loose End, sources: [example-source] }\n',
    );
    expect(problems({ 'a.yaml': bad }).join('\n')).toMatch(
      /people\[0\] "loose-end", field "id": "loose-end" takes part in no relationship/,
    );
  });

  it('refuses a missing id and a non-slug id', () => {
    const missing = problems({
      'a.yaml': VALID_SEED.replace('  - id: big-investor\n    name: Big Investor', '  - name: Big Investor'),
    });
    expect(missing.join('\n')).toMatch(/organizations\[1\], field "id": is missing/);
    const notSlug = problems({ 'a.yaml': VALID_SEED.replace('id: big-investor', 'id: Big Investor') });
    expect(notSlug.join('\n')).toMatch(/field "id": must be a kebab-case slug .*got "Big Investor"/);
  });

  it('refuses a reference to an entity no file defines', () => {
    const lines = problems({ 'a.yaml': VALID_SEED.replace('from: big-investor', 'from: nobody-invested') });
    expect(lines.join('\n')).toMatch(
      /INVESTED_IN nobody-invested -> acme-ai-seed, field "from": refers to "nobody-invested", which no seed file defines/,
    );
  });

  it('refuses a link whose ends have the wrong labels', () => {
    const lines = problems({
      'a.yaml': VALID_SEED.replace(
        '{ type: RAISED, from: acme-ai, to: acme-ai-seed',
        '{ type: RAISED, from: acme-ai, to: big-investor',
      ),
    });
    expect(lines.join('\n')).toMatch(/field "to": RAISED ends at FundingRound, but "big-investor" is a Organization/);
  });

  it('refuses bad dates, amounts and currencies', () => {
    const lines = problems({
      'a.yaml': VALID_SEED.replace('date: "2023"', 'date: "2023-13"')
        .replace('value: 500000, currency: EUR', 'value: -5, currency: EUR')
        .replace('value: 1000000, currency: EUR', 'value: 1000000, currency: EURO'),
    }).join('\n');
    expect(lines).toMatch(/field "date": must be an ISO date .*got "2023-13"/);
    expect(lines).toMatch(/field "amount\.value": must be a positive number, got -5/);
    expect(lines).toMatch(/field "facts\[0\]\.value\.currency": must be an ISO 4217 currency code .*got "EURO"/);
  });

  it('refuses a record without sources and a source id that does not exist', () => {
    const lines = problems({
      'a.yaml': VALID_SEED.replace(
        '  - id: ada-founder\n    name: Ada Founder\n    sources: [example-source]',
        '  - id: ada-founder\n    name: Ada Founder',
      ).replace(
        '{ type: RAISED, from: acme-ai, to: acme-ai-seed, sources: [example-source] }',
        '{ type: RAISED, from: acme-ai, to: acme-ai-seed, sources: [no-such-source] }',
      ),
    }).join('\n');
    expect(lines).toMatch(/people\[0\] "ada-founder", field "sources": is missing/);
    expect(lines).toMatch(/field "sources": refers to source "no-such-source", which no seed file defines/);
  });

  it('refuses duplicate ids across files, duplicate names, and repeated links that disagree', () => {
    const other = `
organizations:
  - { id: acme-ai, name: Acme Other, kind: company, sources: [example-source] }
  - { id: acme-two, name: "ACME", kind: company, sources: [example-source] }
relationships:
  - { type: INVESTED_IN, from: big-investor, to: acme-ai-seed, lead: false, sources: [second-source] }
`;
    const lines = problems({ 'a.yaml': VALID_SEED, 'b.yaml': other }).join('\n');
    expect(lines).toMatch(/b\.yaml:\d+: organizations\[0\] "acme-ai", field "id": duplicates the id of .*a\.yaml:\d+/);
    expect(lines).toMatch(
      /organizations\[1\] "acme-two", field "name": "ACME" is also the name or an alias of "acme-ai"/,
    );
    expect(lines).toMatch(/repeats the INVESTED_IN link big-investor -> acme-ai-seed of .*a\.yaml:\d+/);
  });

  it('merges records that repeat an id and agree on it: sources, facts, aliases and statements put together', () => {
    const other = `
sources:
  - { id: third-source, url: "https://example.org/third", title: Third }
  - { id: example-source, url: "https://example.org/article", title: "Example: an article" }
organizations:
  - id: acme-ai
    name: Acme AI
    kind: company
    sources: [third-source]
    facts:
      - { property: sector, value: developer-tools, sources: [third-source] }
aliases:
  - { id: acme-ai, name: Acme AI, aliases: [Acme Labs] }
relationships:
  - { type: RAISED, from: acme-ai, to: acme-ai-seed, sources: [third-source] }
`;
    const data = readSeedDir(seedFolder({ 'a.yaml': VALID_SEED, 'b.yaml': other }));
    const acme = data.entities.filter((e) => e.id === 'acme-ai');
    expect(acme).toHaveLength(1);
    expect(acme[0].sources).toEqual(['example-source', 'third-source']);
    expect(acme[0].facts.find((f) => f.property === 'sector')?.value).toBe('developer-tools');
    expect(acme[0].facts.filter((f) => f.property === 'founded')).toHaveLength(2);
    expect(acme[0].aliases).toEqual(['Acme', 'Acme Labs']);
    const raised = data.relationships.filter((r) => r.type === 'RAISED' && r.from === 'acme-ai');
    expect(raised.map((r) => r.sources)).toEqual([['example-source', 'third-source']]);
    expect(raised[0].confidence).toBe('confirmed');
    expect(data.sources.filter((s) => s.id === 'example-source')).toHaveLength(1);
  });

  it('refuses a sector, an investor type or a deal status outside its closed set', () => {
    const lines = problems({
      'a.yaml': VALID_SEED.replace(
        '    facts:\n      - { property: headquarters',
        '    facts:\n      - { property: sector, value: fintech, sources: [example-source] }\n      - { property: headquarters',
      ),
      'b.yaml':
        'relationships:\n  - { type: ACQUIRED, from: big-investor, to: acme-ai, status: rumoured, sources: [example-source] }\n',
    }).join('\n');
    expect(lines).toMatch(/field "facts\[0\]\.value": sector must be one of foundation-models, .*got "fintech"/);
    expect(lines).toMatch(/field "status": must be one of announced, completed, terminated, got "rumoured"/);
  });

  it('refuses self-loops', () => {
    const lines = problems({
      'a.yaml': `${VALID_SEED}  - { type: COMPETES_WITH, from: acme-ai, to: acme-ai, sources: [example-source] }\n`,
    });
    expect(lines.join('\n')).toMatch(/COMPETES_WITH acme-ai -> acme-ai, field "to": links "acme-ai" to itself/);
  });

  it('refuses malformed YAML with its line, wrong types, and a file that is not UTF-8', () => {
    expect(problems({ 'a.yaml': 'organizations:\n  - id: x\n   name: [unclosed\n' }).join('\n')).toMatch(
      /a\.yaml:\d+: \(file\): YAML syntax error/,
    );
    expect(problems({ 'a.yaml': 'organizations: 12\n' }).join('\n')).toMatch(
      /organizations: must be a list of records/,
    );
    expect(problems({ 'a.yaml': VALID_SEED.replace('kind: company', 'kind: 42') }).join('\n')).toMatch(
      /field "kind": must be non-empty text, got 42/,
    );
    expect(problems({ 'a.yaml': Buffer.from([0x6f, 0x72, 0x67, 0xff, 0xfe, 0x0a]) }).join('\n')).toMatch(
      /a\.yaml: \(file\): is not valid UTF-8 text/,
    );
  });

  it('refuses unknown top-level sections and relationship types', () => {
    expect(problems({ 'a.yaml': `${VALID_SEED}companies: []\n` }).join('\n')).toMatch(
      /field "companies": is not a seed section/,
    );
    expect(problems({ 'a.yaml': VALID_SEED.replace('type: RAISED', 'type: OWNS') }).join('\n')).toMatch(
      /field "type": must be one of FOUNDED, .*got "OWNS"/,
    );
  });

  it('refuses a source named twice (it would count twice towards "confirmed")', () => {
    const lines = problems({
      'a.yaml': VALID_SEED.replace(
        '{ type: RAISED, from: acme-ai, to: acme-ai-seed, sources: [example-source] }',
        '{ type: RAISED, from: acme-ai, to: acme-ai-seed, sources: [example-source, example-source] }',
      ),
    });
    expect(lines.join('\n')).toMatch(
      /RAISED acme-ai -> acme-ai-seed, field "sources": names "example-source" more than once/,
    );
  });

  it('refuses numbers that are not finite, and preferred claims without a reason or more than one', () => {
    const nan = problems({
      'a.yaml': VALID_SEED.replace('{ property: headquarters, value: Paris,', '{ property: headcount, value: .nan,'),
    }).join('\n');
    expect(nan).toMatch(/field "facts\[0\]\.value": must be text, a number, true\/false or money/);
    const noNote = problems({
      'a.yaml': VALID_SEED.replace(
        'value: "2023-04", sources: [example-source], confidence: disputed',
        'value: "2023-04", sources: [example-source], confidence: disputed, preferred: true',
      ),
    }).join('\n');
    expect(noNote).toMatch(/field "facts\[1\]\.note": must say why this claim is preferred/);
    const two = problems({
      'a.yaml': VALID_SEED.replace(
        'confidence: disputed }',
        'confidence: disputed, preferred: true, note: registry }',
      ).replace(
        'sources: [second-source], confidence: disputed }',
        'sources: [second-source], confidence: disputed, preferred: true, note: press }',
      ),
    }).join('\n');
    expect(two).toMatch(/field "facts": marks 2 claims of "founded" as preferred; at most one may be/);
  });

  it('checks ISO dates, allowing year and month precision', () => {
    expect(['2023', '2023-06', '2024-02-29'].every(isIsoDate)).toBe(true);
    expect(['23', '2023-00', '2023-02-30', '2023/06/01', '2023-6'].some(isIsoDate)).toBe(false);
  });
});

function EUR(): string {
  return 'EUR';
}

describe('seed validation of hostile files (issue 17)', () => {
  it('refuses a file over the size limit before reading it, naming it and the limit', () => {
    const dir = seedFolder({ 'a.yaml': VALID_SEED });
    fs.writeFileSync(path.join(dir, 'big.yaml'), Buffer.alloc(MAX_SEED_FILE_BYTES + 1, '#'));
    expect(() => readSeedDir(dir)).toThrow(
      new RegExp(
        `big\\.yaml: \\(file\\): is ${MAX_SEED_FILE_BYTES + 1} bytes; a seed file may be at most ${MAX_SEED_FILE_BYTES} bytes`,
      ),
    );
  });

  it('names a folder called x.yaml instead of failing with EISDIR', () => {
    const dir = seedFolder({ 'a.yaml': VALID_SEED });
    fs.mkdirSync(path.join(dir, 'x.yaml'));
    expect(() => readSeedDir(dir)).toThrow(/x\.yaml: \(file\): is not a file \(a folder\?\)/);
  });

  it('refuses YAML aliases, naming the alias rather than showing its anchor', () => {
    const bad = VALID_SEED.replace('    kind: company\n', '    kind: &t company\n').replace(
      '    kind: investment-firm\n',
      '    kind: *t\n',
    );
    expect(problems({ 'a.yaml': bad })).toEqual([
      expect.stringMatching(/a\.yaml:\d+: \(file\): uses the YAML alias \*t; write the value out/),
    ]);
  });

  it('says .nan is not a number, not "got null"', () => {
    const bad = VALID_SEED.replace('value: 500000, currency: EUR', 'value: .nan, currency: EUR');
    const [line] = problems({ 'a.yaml': bad });
    expect(line).toMatch(/field "amount\.value": must be a positive number, got \.nan \(not a number\)/);
  });

  it('refuses an id of 100,000 characters, a NUL character and an amount above 2^53', () => {
    const long = 'a'.repeat(100_000);
    expect(problems({ 'a.yaml': VALID_SEED.replaceAll('acme-ai-seed', long) }).join('\n')).toMatch(
      /field "id": must be at most 200 characters, got 100000/,
    );
    expect(problems({ 'a.yaml': VALID_SEED.replace('name: Ada Founder', 'name: "Ada\\0Founder"') }).join('\n')).toMatch(
      /people\[0\] "ada-founder", field "name": must not hold a NUL character/,
    );
    expect(
      problems({ 'a.yaml': VALID_SEED.replace('value: 500000, currency', 'value: 9007199254740993, currency') }).join(
        '\n',
      ),
    ).toMatch(/field "amount\.value": must be at most 9007199254740991 \(2\^53 - 1/);
  });
});
