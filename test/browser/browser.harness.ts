import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** What every browser test shares: the screenshot folder, the built web pages, Debian's chromium, signing in. */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');
const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Makes the screenshot folder and builds the web pages when they are not built yet. */
export function prepareBrowserRun(): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!existsSync(join(ROOT, 'web-dist', 'index.html')))
    execFileSync(process.execPath, [join(ROOT, 'apps', 'web', 'build.mjs')], { stdio: 'ignore' });
}

/** Debian's chromium, headless, with no network of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Fills and submits the login form at `base`. */
export async function signIn(page: Page, base: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
}

/**
 * Holds a request until released: `hold()` is awaited in a route handler (it marks the request as held),
 * `held` resolves once one is, `release()` lets it through. Makes "an earlier answer arrives late" exact.
 */
export function holdGate(): { hold: () => Promise<void>; held: Promise<void>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let markHeld!: () => void;
  const held = new Promise<void>((r) => (markHeld = r));
  return {
    hold: () => {
      markHeld();
      return released;
    },
    held,
    release,
  };
}
