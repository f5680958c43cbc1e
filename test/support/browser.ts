//! Headless Chromium for tests: Debian's browser driven by playwright-core, with every console error and page error
//! collected so a test can assert there were none.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where `.ci/run` installs Chromium (Debian's package); `RAMPART_CHROMIUM` overrides. */
export const chromiumPath = process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The flags the machine needs: no sandbox as root, and no background networking — on this closed network Chromium's
 * own connections to Google's hosts are refused, many at a time, and slow every start.
 */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  readonly browser: Browser;
  /** A new page whose console errors and uncaught errors are appended to `errors`. */
  newPage(): Promise<Page>;
  /** Console errors, page errors and failed requests seen by any page of this session, in order. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Launches Chromium or throws saying how to install it (a missing browser is a failing test, never a skipped one). */
export async function launchBrowser(): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's package (apt-get install -y chromium; .ci/run does) or set RAMPART_CHROMIUM`);
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }); // playwright gives each launch a new, empty profile
  const errors: string[] = [];
  return {
    browser,
    errors,
    async newPage() {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('requestfailed', (request) => errors.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}
