/**
 * The graph explorer at / in Chromium, used as a person would: search "Mistral", pick it,
 * see its neighbourhood, expand a node, find the paths from ASML to Stellantis, follow
 * ASML's money to its customers, read an edge's sources, and see a clear message when the
 * API is down, or when the API runs but its database is down. Nothing may be loaded from
 * outside our server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createLogger } from '../../src/logger.js';
import { App } from '../../src/server/app.js';
import { seededApi } from '../api-helpers.js';
import { testConfig } from '../helpers.js';
import { openBrowser, type Browser } from './browser.js';

const { api } = seededApi();
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await openBrowser(api.base);
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
});

// The page's test hook, window.__explorer (web/src/explorer.ts), read with string
// expressions: the tests compile without the DOM library.
const nodeIds = () => page.evaluate<string[]>('window.__explorer.cy.nodes().map((node) => node.id()).sort()');
const edgeCount = () => page.evaluate<number>('window.__explorer.cy.edges().length');
const highlighted = () => page.evaluate<string[]>('window.__explorer.highlighted()');

/** Types into a search box and clicks the result with exactly this name. */
async function pick(input: string, text: string, name: string): Promise<void> {
  await page.locator(input).fill('');
  await page.locator(input).pressSequentially(text, { delay: 30 });
  const results = page.locator(`${input} + .results`);
  await results
    .getByRole('button')
    .filter({ hasText: new RegExp(`^${name}`) })
    .first()
    .click();
}

/** Clicks an element of the drawing where it is on screen. */
async function clickOnGraph(selector: string): Promise<void> {
  const point = await page.evaluate<{ x: number; y: number }>(`(() => {
    const element = window.__explorer.cy.$(${JSON.stringify(selector)}).first();
    const box = document.querySelector('#graph').getBoundingClientRect();
    const at = element.isNode() ? element.renderedPosition() : element.renderedMidpoint();
    return { x: box.left + at.x, y: box.top + at.y };
  })()`);
  await page.mouse.click(point.x, point.y);
}

async function neighbourIds(id: string, depth = 1): Promise<string[]> {
  const response = await api.graphql<{ neighborhood: { nodes: { id: string }[] } }>(
    `{ neighborhood(id: "${id}", depth: ${depth}, limit: 300) { nodes { id } } }`,
  );
  return response.data!.neighborhood.nodes.map((node) => node.id).sort();
}

describe('the explorer', () => {
  it('finds Mistral as you type and draws its neighbourhood', async () => {
    const response = await page.goto(`${api.base}/`);
    expect(response?.status()).toBe(200);
    await pick('#search', 'Mistral', 'Mistral AI');
    const expected = await neighbourIds('mistral-ai');
    expect(expected.length).toBeGreaterThan(30);
    await expect.poll(nodeIds, { timeout: 20_000 }).toEqual(expected);
    expect(await edgeCount()).toBeGreaterThan(expected.length - 1);
    expect(await page.locator('#status').innerText()).toMatch(new RegExp(`^${expected.length} entities`));
    await browser.screenshot('explorer-neighbourhood');
  });

  it('draws a neighbourhood of a few hundred entities', async () => {
    const expected = await neighbourIds('mistral-ai', 2);
    expect(expected.length).toBeGreaterThan(150);
    const started = Date.now();
    await page.locator('#depth').selectOption('2');
    await expect.poll(nodeIds, { timeout: 30_000, interval: 50 }).toEqual(expected);
    await expect.poll(() => page.locator('#status').innerText()).toMatch(/^\d+ entities/);
    console.log(
      `depth 2 around Mistral AI: ${expected.length} entities drawn in ${Date.now() - started} ms (query, layout and render)`,
    );
    await browser.screenshot('explorer-depth-2');
    await page.locator('#depth').selectOption('1');
    await expect.poll(nodeIds, { timeout: 20_000 }).toEqual(await neighbourIds('mistral-ai'));
  });

  it('expands a node when it is clicked', async () => {
    const before = await nodeIds();
    const added = (await neighbourIds('arthur-mensch')).filter((id) => !before.includes(id));
    expect(added.length).toBeGreaterThan(0);
    await clickOnGraph('#arthur-mensch');
    await expect.poll(nodeIds, { timeout: 20_000 }).toEqual([...before, ...added].sort());
    expect(await page.locator('#details h2').first().innerText()).toBe('Arthur Mensch');
  });

  it('draws the paths from ASML to Stellantis with the shortest highlighted', async () => {
    await page.getByRole('tab', { name: 'Paths' }).click();
    await pick('#path-from', 'ASML', 'ASML');
    await pick('#path-to', 'Stellant', 'Stellantis');
    await page.getByRole('button', { name: 'Show paths' }).click();
    const response = await api.graphql<{ paths: { nodes: { id: string }[] }[] }>(
      '{ paths(from: "asml", to: "stellantis", maxHops: 4, first: 10) { nodes { id } } }',
    );
    const shortest = response.data!.paths[0]!.nodes.map((node) => node.id);
    await expect.poll(highlighted, { timeout: 20_000 }).toEqual(expect.arrayContaining(shortest));
    expect((await highlighted()).sort()).toEqual([...shortest].sort());
    expect(shortest).toEqual(expect.arrayContaining(['asml', 'mistral-ai', 'stellantis']));
    expect(await page.locator('#path-list li').count()).toBe(response.data!.paths.length);
    await browser.screenshot('explorer-paths');
  });

  it("draws how ASML's money reaches Stellantis and shows an investment's amount, stake and sources", async () => {
    await page.getByRole('tab', { name: 'Investor → customer' }).click();
    await pick('#money-investor', 'ASML', 'ASML');
    await pick('#money-customer', 'Stellant', 'Stellantis');
    await page.getByRole('button', { name: /money reaches customers/ }).click();
    await expect
      .poll(highlighted, { timeout: 20_000 })
      .toEqual(['asml', 'mistral-ai-series-c', 'mistral-ai', 'stellantis']);
    expect(await page.locator('#path-list li').first().innerText()).toContain('Mistral AI supplies Stellantis');
    await clickOnGraph('edge[source = "asml"][type = "INVESTED_IN"]');
    const details = page.locator('#details');
    await expect.poll(() => details.innerText()).toContain('INVESTED_IN');
    const text = await details.innerText();
    expect(text).toContain('ASML → Mistral AI Series C');
    expect(text).toMatch(/1\.3 billion|1300000000|1,300,000,000/);
    expect(text).toMatch(/stake\w*\s+11/i);
    const links = await Promise.all((await details.locator('a').all()).map((link) => link.getAttribute('href')));
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((href) => href?.startsWith('http'))).toBe(true);
    await browser.screenshot('explorer-investor-customer');
  });

  it('says so clearly when the API is down', async () => {
    await api.stop();
    await page.getByRole('tab', { name: 'Neighbourhood' }).click();
    await page.locator('#search').fill('');
    await page.locator('#search').pressSequentially('Helsing', { delay: 30 });
    const message = page.locator('#message');
    await expect.poll(() => message.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await message.innerText()).toMatch(/The API does not answer .*Is the server running\?/);
    await browser.screenshot('explorer-api-down');
  });

  it('loads nothing from outside our server', () => {
    expect(browser.foreign).toEqual([]);
  });
});

describe('the explorer when the database is down', () => {
  // The server starts anyway on a database that does not answer (nothing listens on this
  // port) and serves DATABASE_UNAVAILABLE; the explorer must say that, not "API down".
  const DEAD_NEO4J = 'bolt://127.0.0.1:7799';
  let app: App | undefined;
  let down: Browser | undefined;
  let base = '';

  beforeAll(async () => {
    app = new App(
      testConfig({ NEO4J_URI: DEAD_NEO4J, NEO4J_CONNECT_TIMEOUT_MS: '500', NEO4J_RETRY_MS: '1000' }),
      createLogger('silent'),
      () => undefined,
    );
    base = `http://127.0.0.1:${(await app.start()).port}`;
    down = await openBrowser(base);
  });
  afterAll(async () => {
    await down?.close();
    await app?.stop();
  });

  it('says the database is down, naming it, when a search cannot be answered', async () => {
    // The fault is real: the server is up, and its /health says the database is not.
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'down' });

    const page = down!.page;
    expect((await page.goto(`${base}/`))?.status()).toBe(200);
    await page.locator('#search').pressSequentially('Helsing', { delay: 30 });
    const message = page.locator('#message');
    await expect.poll(() => message.isVisible(), { timeout: 20_000 }).toBe(true);
    const text = await message.innerText();
    expect(text).toMatch(/^The database is down: .*127\.0\.0\.1:7799/s);
    expect(text).not.toMatch(/does not answer|Is the server running/);
    expect(await page.locator('#message').getAttribute('class')).toBe('error');
    expect(await page.locator('#search + .results').isVisible()).toBe(false);
    await down!.screenshot('explorer-database-down');
    expect(down!.foreign).toEqual([]);
  });
});
