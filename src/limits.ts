/**
 * Limits a request meets while it runs (server/limits.ts has those checked before it runs).
 */
import { AppError, ErrorCode } from './errors.js';

/** Bytes of a request body (declared or streamed); past it, 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1_000_000;

/** Entities, links and sources one request may load (the 50-organization page with founders, jobs, sources and investors loads about 150). */
export const MAX_ITEMS = 10_000;

/** A request's item budget (see MAX_ITEMS); `spend` throws once it is used up. */
export class ItemBudget {
  spent = 0;

  constructor(readonly max = MAX_ITEMS) {}

  get exceeded(): boolean {
    return this.spent > this.max;
  }

  spend(items: number): void {
    this.spent += items;
    if (this.exceeded) {
      throw new AppError(ErrorCode.QUERY_TOO_COMPLEX, budgetMessage(this.max));
    }
  }
}

export function budgetMessage(max: number): string {
  return `the answer would hold more than ${max} entities, links and sources; ask for fewer nested lists or smaller pages`;
}
