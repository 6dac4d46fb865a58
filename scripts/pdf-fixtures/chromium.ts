/**
 * HTML → PDF with Debian's headless Chromium (playwright-core), A4, print media. One browser for a
 * whole run; a fresh page per document so nothing leaks between renders.
 */
import { chromium, type Browser } from 'playwright-core';
import { PAGE } from './html.js';

const CHROMIUM = process.env.GONGBAO_CHROMIUM ?? '/usr/bin/chromium';

export interface PrintOptions {
  /** Header and footer templates; none when absent (cover, 目录). */
  header?: string;
  footer?: string;
}

export class PdfPrinter {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<PdfPrinter> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--font-render-hinting=none'],
    });
    return new PdfPrinter(browser);
  }

  async print(html: string, options: PrintOptions = {}): Promise<Buffer> {
    const page = await this.browser.newPage();
    try {
      // Nothing is fetched: the HTML is self-contained and the fonts are local.
      await page.route('**/*', (route) => route.abort());
      await page.emulateMedia({ media: 'print' });
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.waitForFunction(() => document.body.dataset.ready === '1');
      const withTemplates = Boolean(options.header || options.footer);
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: withTemplates,
        headerTemplate: options.header ?? '<span></span>',
        footerTemplate: options.footer ?? '<span></span>',
        margin: { top: `${PAGE.top}mm`, bottom: `${PAGE.bottom}mm`, left: `${PAGE.side}mm`, right: `${PAGE.side}mm` },
      });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
