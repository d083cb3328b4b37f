/**
 * Polls a page expression until it is truthy. Through the devtools protocol (page.evaluate of a
 * string): page.waitForFunction would eval it, which the app's Content-Security-Policy forbids.
 * An evaluation that throws (the page navigating) counts as not yet.
 */
import type { Page } from 'playwright-core';

export async function untilTrue(page: Page, expression: string, timeout: number, everyMs = 100): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(expression).catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(everyMs);
  }
}
