import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import { printWithChromium, renderPdf } from '../../../electron/engine/reports';

const html =
  '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><h1>Schema sync report</h1><p>121 tables</p></body></html>';

describe('renderPdf', () => {
  it('prints HTML to PDF through the system Chromium', async () => {
    const pdf = await renderPdf(html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  }, 30_000);

  it('uses an injected printer (Electron printToPDF)', async () => {
    const seen: string[] = [];
    const pdf = await renderPdf(html, async (input) => {
      seen.push(input);
      return Buffer.from('%PDF-injected');
    });
    expect(seen).toEqual([html]);
    expect(pdf.toString()).toBe('%PDF-injected');
  });

  it('says what to do when no Chromium is installed', async () => {
    await expect(printWithChromium(html, '/nonexistent/chromium')).rejects.toBeInstanceOf(LupoError);
    await expect(printWithChromium(html, '/nonexistent/chromium')).rejects.toMatchObject({ code: 'report/no-browser' });
  });
});
