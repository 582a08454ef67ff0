import { existsSync } from 'node:fs';
import { LupoError } from '../../../shared/errors';

/** Turns self-contained HTML into PDF bytes. Electron injects one built on printToPDF. */
export type PdfPrinter = (html: string) => Promise<Buffer>;

/** Where the system Chromium lives (never downloaded); LUPO_CHROMIUM overrides. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags headless Chromium needs on a server-like machine (no sandbox as root, no GPU, no
 * network chatter, small /dev/shm); shared by the PDF printer, the e2e tests and the benches.
 */
export const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * Prints HTML to PDF with playwright-core driving the system Chromium (A4, backgrounds).
 * The page is loaded with JavaScript disabled and all network requests blocked: the report
 * is self-contained, so nothing may be fetched.
 */
export async function printWithChromium(
  html: string,
  executablePath = process.env.LUPO_CHROMIUM ?? DEFAULT_CHROMIUM,
): Promise<Buffer> {
  if (!existsSync(executablePath)) {
    throw new LupoError('report/no-browser', `No Chromium found at ${executablePath} to print the PDF report.`, {
      hint: 'Install the system Chromium (apt install chromium) or set LUPO_CHROMIUM to its path; or export HTML and print it from a browser.',
    });
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: HEADLESS_CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

/** Renders the HTML report to PDF with the injected printer, or the system Chromium by default. */
export async function renderPdf(
  html: string,
  printer: PdfPrinter = (input) => printWithChromium(input),
): Promise<Buffer> {
  return printer(html);
}
