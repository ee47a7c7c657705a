/**
 * A path as one readable line: each relationship as a short sentence whose subject is the
 * entity the path is at, joined by arrows. An investment followed by the round's company
 * reads as one step ("ASML invested EUR 1.3 billion in Mistral AI's Series C (2025-09-09)").
 */
import { money, type Link, type MoneyValue, type NodeRecord, type PathRecord } from '../graph/records.js';

export function summarize(path: PathRecord): string {
  const steps: string[] = [];
  for (let i = 0; i < path.links.length; i++) {
    const [here, next, link, after] = [path.nodes[i], path.nodes[i + 1], path.links[i], path.links[i + 1]];
    const forward = link.from.id === here.id;
    // investor -> round -> company, or company -> round -> investor: one step.
    if (after && link.type === 'INVESTED_IN' && forward && after.type === 'RAISED' && after.to.id === next.id) {
      steps.push(
        `${here.name} invested ${amountIn(link)}in ${roundOf(path.nodes[i + 2], next, link.props.date ?? next.announced)}`,
      );
      i++;
    } else if (after && link.type === 'RAISED' && forward && after.type === 'INVESTED_IN' && after.to.id === next.id) {
      const amount = money(after.props, 'amount');
      steps.push(
        `${here.name} raised its ${String(next.series ?? next.name)}${when(after.props.date ?? next.announced)} from ${path.nodes[i + 2].name}${amount ? ` (${formatMoney(amount)})` : ''}`,
      );
      i++;
    } else {
      steps.push(step(link, here, next, forward));
    }
  }
  return steps.join(' → ');
}

/** "EUR 1.3 billion", "USD 600 million", "EUR 250,000". */
export function formatMoney(amount: MoneyValue): string {
  for (const [size, word] of [
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const) {
    if (Math.abs(amount.value) >= size) return `${amount.currency} ${Number((amount.value / size).toFixed(2))} ${word}`;
  }
  return `${amount.currency} ${amount.value.toLocaleString('en-US')}`;
}

// ---- private helpers ----

function step(link: Link, here: NodeRecord, next: NodeRecord, forward: boolean): string {
  const [a, b] = [here.name, next.name];
  const p = link.props;
  switch (link.type) {
    case 'INVESTED_IN':
      return forward
        ? `${a} invested ${amountIn(link)}in ${dated(b, p.date ?? next.announced)}`
        : `${a} was funded by ${b}${amountAfter(link)}`;
    case 'RAISED':
      return forward ? `${a} raised ${dated(b, next.announced)}` : `${dated(a, here.announced)} was raised by ${b}`;
    case 'CUSTOMER_OF':
      // Stored buyer -> seller.
      return forward ? `${a} buys from ${b}${since(p.since)}` : `${a} supplies ${b}${since(p.since)}`;
    case 'PARTNER_OF':
      if (p.commercial === true)
        return forward ? `${a} buys from ${b}${since(p.since)}` : `${a} supplies ${b}${since(p.since)}`;
      return `${a} partners with ${b}${since(p.since)}`;
    case 'FOUNDED':
      return forward ? `${a} founded ${b}${when(p.date)}` : `${a} was founded by ${b}${when(p.date)}`;
    case 'WORKED_AT':
      return forward
        ? `${a} worked at ${b}${role(p.role)}${period(p.since, p.until)}`
        : `${a} employed ${b}${role(p.role)}${period(p.since, p.until)}`;
    case 'STUDIED_AT':
      return forward
        ? `${a} studied at ${b}${period(p.since, p.until)}`
        : `${b} studied at ${a}${period(p.since, p.until)}`;
    case 'ACQUIRED':
      return forward ? `${a} acquired ${b}${when(p.date)}` : `${a} was acquired by ${b}${when(p.date)}`;
    case 'DEVELOPS':
      return forward ? `${a} develops ${b}` : `${a} is developed by ${b}`;
    case 'COMPETES_WITH':
      return `${a} competes with ${b}`;
    case 'PART_OF': {
      const relation = typeof p.relation === 'string' ? ` (${p.relation})` : '';
      return forward ? `${a} is part of ${b}${relation}` : `${a} includes ${b}${relation}`;
    }
  }
}

/** "Mistral AI's Series C (2025-09-09)", or the round's name when its company is not known. */
function roundOf(company: NodeRecord | undefined, round: NodeRecord, date: unknown): string {
  return company && typeof round.series === 'string'
    ? `${company.name}'s ${round.series}${when(date)}`
    : dated(round.name, date);
}

/** A name followed by its date: "Mistral AI Series C (2025-09-09)", not "… (2025) (2025-09-09)". */
function dated(name: string, date: unknown): string {
  return typeof date === 'string' ? `${withoutYear(name)}${when(date)}` : name;
}

/** Round names end with their year ("Mistral AI Series C (2025)"); a full date makes it redundant. */
function withoutYear(name: string): string {
  return name.replace(/ \(\d{4}\)$/, '');
}

function amountIn(link: Link): string {
  const amount = money(link.props, 'amount');
  return amount ? `${formatMoney(amount)} ` : '';
}

function amountAfter(link: Link): string {
  const amount = money(link.props, 'amount');
  return amount ? ` (${formatMoney(amount)})` : '';
}

function when(date: unknown): string {
  return typeof date === 'string' ? ` (${date})` : '';
}

function since(date: unknown): string {
  return typeof date === 'string' ? ` (since ${date})` : '';
}

function role(value: unknown): string {
  return typeof value === 'string' ? ` as ${value}` : '';
}

function period(from: unknown, until: unknown): string {
  if (typeof from === 'string' && typeof until === 'string') return ` (${from} to ${until})`;
  if (typeof from === 'string') return ` (since ${from})`;
  if (typeof until === 'string') return ` (until ${until})`;
  return '';
}
