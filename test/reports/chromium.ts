// Headless Chromium for the report tests (the one `npm test` installs for the real-VS-Code tests):
// a browser, and a local HTTP server on 127.0.0.1 that serves the pages a test registers and
// records every other request it receives. The suite is skipped, visibly, when Chromium is absent.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';

const REPO = path.join(__dirname, '../..');

export interface ReportBrowser {
  browser: Browser;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** 127.0.0.1:PORT */
  host: string;
  /** Serves `html` at /NAME.html; returns its URL. */
  serve(name: string, html: string): string;
  /** Paths the server was asked for that no test registered (the favicon excepted). */
  received: string[];
  close(): Promise<void>;
}

/** Starts Chromium and the server; call from a mocha `before` (skips the suite without Chromium). */
export async function startReportBrowser(context: Mocha.Context): Promise<ReportBrowser> {
  const { CHROMIUM_PATH, CHROMIUM_ARGS } = (await import(path.join(REPO, 'scripts/e2e/paths.mjs'))) as { CHROMIUM_PATH: string; CHROMIUM_ARGS: string[] };
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.log(`    (skipped: no Chromium at ${CHROMIUM_PATH}; npm test installs it)`);
    context.skip();
  }
  const pages = new Map<string, string>();
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const body = pages.get(req.url ?? '');
    // The browser asks for a favicon of every new origin by itself: not something a page did.
    if (body === undefined && req.url !== '/favicon.ico') received.push(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    origin: `http://${host}`,
    host,
    received,
    serve(name, html) {
      pages.set(`/${name}.html`, html);
      return `http://${host}/${name}.html`;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
