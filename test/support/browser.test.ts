import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './browser.ts';

test('the browser harness renders a page and collects its console errors', async () => {
  const session = await launchBrowser();
  try {
    const page = await session.newPage();
    await page.setContent('<h1 id="t">Rampart</h1><script>console.error("boom")</script>');
    assert.equal(await page.textContent('#t'), 'Rampart');
    assert.deepEqual(session.errors, ['console: boom']);
  } finally {
    await session.close();
  }
});
