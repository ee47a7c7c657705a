/**
 * Coverage of the sourced statements: for every statement file the seed refers to, which
 * lines the graph carries (a record names them in `statements`), which are left out on
 * purpose (`omitted`, with a reason), and which are unexplained. The goal is zero
 * unexplained lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SeedDataset } from './dataset.js';

export interface FileCoverage {
  file: string;
  lines: number;
  carried: number;
  omitted: number;
  /** Line numbers neither carried nor omitted. */
  unexplained: number[];
  /** Refs to lines past the end of the file. */
  dangling: string[];
  /** Lines both carried and listed as omitted. */
  contradictory: number[];
  byPredicate: Record<string, { carried: number; omitted: number; unexplained: number }>;
}

export interface Coverage {
  files: FileCoverage[];
  /** Statement files in the facts folder the seed does not refer to at all. */
  notInSeed: { file: string; lines: number }[];
  omittedReasons: { reason: string; statements: string[] }[];
}

export function coverage(data: SeedDataset, factsDir: string): Coverage {
  const carried = new Set<string>();
  const record = (refs: string[]) => refs.forEach((ref) => carried.add(ref));
  for (const entity of data.entities) {
    record(entity.statements);
    entity.facts.forEach((fact) => record(fact.statements ?? []));
  }
  for (const rel of data.relationships) {
    record(rel.statements);
    rel.facts.forEach((fact) => record(fact.statements ?? []));
  }
  const omitted = new Set(data.omitted.flatMap((o) => o.statements));
  const referenced = new Set([...carried, ...omitted].map((ref) => ref.split(':')[0]));
  if (!fs.existsSync(factsDir)) {
    throw new Error(
      `the statement files are not at ${factsDir}: set FACTS_DIR (or pass --facts <folder>) to the folder holding core.jsonl and the others`,
    );
  }
  const available = fs
    .readdirSync(factsDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();

  const files: FileCoverage[] = [];
  for (const file of [...referenced].sort()) {
    const full = path.join(factsDir, file);
    if (!fs.existsSync(full)) throw new Error(`the seed refers to ${file}, which is not in ${factsDir}`);
    const lines = statementLines(full);
    const result: FileCoverage = {
      file,
      lines: lines.length,
      carried: 0,
      omitted: 0,
      unexplained: [],
      dangling: [],
      contradictory: [],
      byPredicate: {},
    };
    lines.forEach((line, index) => {
      const ref = `${file}:${index + 1}`;
      const predicate = (JSON.parse(line) as { predicate: string }).predicate;
      const counts = (result.byPredicate[predicate] ??= { carried: 0, omitted: 0, unexplained: 0 });
      if (carried.has(ref) && omitted.has(ref)) result.contradictory.push(index + 1);
      if (carried.has(ref)) {
        result.carried += 1;
        counts.carried += 1;
      } else if (omitted.has(ref)) {
        result.omitted += 1;
        counts.omitted += 1;
      } else {
        result.unexplained.push(index + 1);
        counts.unexplained += 1;
      }
    });
    result.dangling = [...carried, ...omitted].filter(
      (ref) => ref.startsWith(`${file}:`) && Number(ref.split(':')[1]) > lines.length,
    );
    files.push(result);
  }
  const notInSeed = available
    .filter((file) => !referenced.has(file))
    .map((file) => ({ file, lines: statementLines(path.join(factsDir, file)).length }));
  return {
    files,
    notInSeed,
    omittedReasons: data.omitted.map((o) => ({ reason: o.reason, statements: o.statements })),
  };
}

/** How many statements the folder's JSON-lines files hold. */
export function statementLineCount(factsDir: string): number {
  return fs
    .readdirSync(factsDir)
    .filter((f) => f.endsWith('.jsonl'))
    .reduce((n, f) => n + statementLines(path.join(factsDir, f)).length, 0);
}

/** The statements of a JSON-lines file, one a line (blank lines are not statements). */
function statementLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A plain-text report for people. */
export function formatCoverage(report: Coverage): string {
  const out: string[] = [];
  for (const file of report.files) {
    out.push(
      `${file.file}: ${file.lines} statements, ${file.carried} in the graph, ${file.omitted} left out with a reason, ${file.unexplained.length} unexplained`,
    );
    for (const [predicate, c] of Object.entries(file.byPredicate).sort()) {
      out.push(
        `  ${predicate.padEnd(32)} ${String(c.carried).padStart(4)} in graph  ${String(c.omitted).padStart(3)} left out${c.unexplained ? `  ${c.unexplained} UNEXPLAINED` : ''}`,
      );
    }
    if (file.unexplained.length) out.push(`  unexplained lines: ${file.unexplained.join(', ')}`);
    if (file.dangling.length) out.push(`  refs past the end of the file: ${file.dangling.join(', ')}`);
    if (file.contradictory.length) out.push(`  lines both carried and omitted: ${file.contradictory.join(', ')}`);
  }
  for (const file of report.notInSeed) out.push(`${file.file}: ${file.lines} statements, not in the seed yet`);
  if (report.omittedReasons.length) {
    out.push('left out, and why:');
    for (const o of report.omittedReasons) out.push(`  ${o.statements.join(', ')}: ${o.reason}`);
  }
  return out.join('\n');
}
