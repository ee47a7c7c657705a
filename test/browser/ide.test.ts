/**
 * The GraphQL IDE at GET /graphql in Chromium: GraphiQL loads from our server alone, opens
 * on the example tabs, runs one and shows the answer; the docs pane, autocompletion and
 * history work. Every example query answers without errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApi } from '../api-helpers.js';
import { EXAMPLES } from '../../web/src/examples.js';
import { openBrowser, type Browser } from './browser.js';

const { api } = seededApi();
let browser: Browser;
/** The response pane's text (Monaco draws spaces as no-break spaces). */
const responseText = async () => (await browser.page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');

beforeAll(async () => {
  browser = await openBrowser(api.base);
});
afterAll(async () => {
  await browser?.close();
});

describe('the GraphQL IDE', () => {
  it('answers every example query without errors', async () => {
    for (const example of EXAMPLES) {
      const response = await api.graphql(example.query);
      expect(response.errors, example.title).toBeUndefined();
      expect(
        Object.values(response.data ?? {}).every((value) => value !== null),
        example.title,
      ).toBe(true);
    }
  });

  it('opens on the example tabs, runs the first and shows the founders', async () => {
    const { page } = browser;
    const response = await page.goto(`${api.base}/graphql`);
    expect(response?.status()).toBe(200);
    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count(), { timeout: 20_000 }).toBe(EXAMPLES.length);
    expect(await tabs.allInnerTexts()).toEqual([
      'MistralFounders',
      'AsmlInvestments',
      'AsmlToStellantis',
      'MistralOverTime',
      'MistralNeighbourhood',
    ]);
    await tabs.first().click();
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(responseText, { timeout: 20_000 }).toContain('Arthur Mensch');
    expect(await responseText()).toContain('Google DeepMind');
    await browser.screenshot('ide-founders');
  });

  it('runs the investor-to-customer example from its tab', async () => {
    const { page } = browser;
    await page.locator('.graphiql-tab', { hasText: 'AsmlToStellantis' }).click();
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(responseText, { timeout: 20_000 }).toContain('Mistral AI supplies Stellantis');
  });

  it('shows the schema in the docs pane', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await expect.poll(() => docs.innerText(), { timeout: 20_000 }).toContain('Query');
    await docs.getByText('Query', { exact: true }).first().click();
    await expect.poll(() => docs.innerText()).toContain('investorCustomerPaths');
    await browser.screenshot('ide-docs');
  });

  it('completes field names as you type', async () => {
    const { page } = browser;
    await page.locator('.graphiql-tab-add').click();
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('{ investorC');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget');
    await expect
      .poll(() => suggestions.innerText().catch(() => ''), { timeout: 20_000 })
      .toContain('investorCustomerPaths');
    await browser.screenshot('ide-autocomplete');
  });

  it('keeps run queries in the history', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: /history/i }).click();
    const history = page.locator('.graphiql-history');
    await expect.poll(() => history.innerText(), { timeout: 10_000 }).toContain('MistralFounders');
    expect(await history.innerText()).toContain('AsmlToStellantis');
  });

  it('opens an example again from the Examples pane', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Show Examples' }).click();
    const tabs = page.locator('.graphiql-tab');
    const before = await tabs.count();
    await page.locator('.examples').getByRole('button', { name: 'Investments' }).click();
    await expect.poll(() => tabs.count()).toBe(before + 1);
    await expect.poll(() => tabs.last().innerText(), { timeout: 10_000 }).toBe('AsmlInvestments');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(responseText, { timeout: 20_000 }).toContain('Mistral AI Series C (2025)');
    await browser.screenshot('ide-examples');
  });

  it('loads nothing from outside our server', () => {
    expect(browser.foreign).toEqual([]);
  });
});
