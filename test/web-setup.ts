/** Vitest global setup: builds web/dist for the browser tests when it is missing or older than web/. */
import { buildIfStale } from '../web/build-if-stale.js';

export default async function setup(): Promise<void> {
  await buildIfStale();
}
