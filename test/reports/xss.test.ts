// Hostile text in reports, checked where it would run: a real headless Chromium loads each report
// from a local HTTP server on 127.0.0.1 and watches for dialogs (alert/confirm/prompt), any request
// besides the report itself, Content-Security-Policy violations (a blocked attempt is still an
// attempt) and page errors; then audits the DOM for anything live (script, frames, event-handler
// attributes, javascript:/data: URLs, styles or resources the renderer did not write). The HTML
// report is loaded twice: as written, and with its CSP removed, so that the escaping alone must hold.
// Skipped when Chromium is absent (`npm test` installs it first, see scripts/e2e/install.mjs).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { escapeHtml, renderClaimReview, renderHtml, renderMarkdown, serializeJsonLd, type JsonLd } from '../../src/reports';
import { startReportBrowser, type ReportBrowser } from './chromium';
import { FERRY, reportFor, type NoteSpec } from './helpers';

const PAYLOAD_FILE = path.join(__dirname, '../fixtures/reports/xss-payloads.txt');
/** How long a loaded page is watched for late effects (image errors, animations, toggles). */
const SETTLE_MS = 400;

/** Hostile strings, one a line; HOST is the test server, so a request it receives is seen. */
function loadPayloads(host: string): string[] {
  return fs
    .readFileSync(PAYLOAD_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('# '))
    .map((line) => line.replaceAll('HOST', host));
}

interface Visit {
  dialogs: string[];
  requests: string[];
  violations: string[];
  errors: string[];
  live: string[];
}

/** What the DOM audit allows: the elements the renderers write (GFM tables, task-list boxes included). */
const ALLOWED_ELEMENTS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'footer',
  'section',
  'article',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'span',
  'blockquote',
  'div',
  'ul',
  'ol',
  'li',
  'a',
  'time',
  'strong',
  'em',
  'code',
  'pre',
  'del',
  'br',
  'hr',
  'sup',
  'sub',
  'input',
  'mark',
  'aside',
  'nav',
  'small',
  'abbr',
  'dl',
  'dt',
  'dd',
  'section',
]);

// Page-side code is kept as source text: the test runner's transpiler adds helpers to compiled
// functions that do not exist in the page.
const WATCH_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/** Effects that need a user: hover, focus and click every element (links excepted: their href is audited). */
const INTERACT = `
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
      if (type === 'click' && el instanceof HTMLAnchorElement) continue;
      el.dispatchEvent(new Event(type, { bubbles: true }));
    }
  }`;

/** Lists anything live in the DOM: unknown elements, handlers, dangerous URLs, inline styles. */
const DOM_AUDIT = `(allowed) => {
  const ok = new Set(allowed);
  const found = [];
  const dangerousUrl = (v) => /^(javascript|vbscript|data):/i.test(v.replace(/[\\u0000-\\u0020\\u007f-\\u009f\\u200b-\\u200f\\u2028-\\u202e\\ufeff]/g, ''));
  for (const el of Array.from(document.querySelectorAll('*'))) {
    const tag = el.localName;
    if (!ok.has(tag)) found.push('<' + tag + '>');
    if (tag === 'input' && !(el.getAttribute('type') === 'checkbox' && el.hasAttribute('disabled'))) found.push('<input> that is not a disabled task-list box');
    const equiv = el.getAttribute('http-equiv');
    if (tag === 'meta' && equiv && equiv.toLowerCase() !== 'content-security-policy') found.push('<meta http-equiv=' + equiv + '>');
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.startsWith('on')) found.push('<' + tag + ' ' + attr.name + '>');
      if (['style', 'srcdoc', 'formaction', 'ping'].includes(attr.name)) found.push('<' + tag + ' ' + attr.name + '>');
      if (['href', 'src', 'action', 'data', 'xlink:href', 'poster', 'background', 'srcset'].includes(attr.name) && dangerousUrl(attr.value)) found.push('<' + tag + ' ' + attr.name + '=' + attr.value.slice(0, 40) + '>');
    }
  }
  const styles = document.querySelectorAll('style').length;
  if (styles > 1) found.push(styles + ' <style> elements');
  return found;
}`;

describe('reports: hostile text executes nothing in a real browser', function () {
  this.timeout(120_000);
  let chrome: ReportBrowser | undefined;
  let payloads: string[] = [];
  let tried = 0;

  before(async function () {
    chrome = await startReportBrowser(this);
    payloads = loadPayloads(chrome.host);
  });

  after(async () => {
    await chrome?.close();
    if (tried) console.log(`    ${payloads.length} payloads, ${tried} payload placements loaded in Chromium`);
  });

  async function visit(name: string, html: string): Promise<Visit> {
    const url = chrome!.serve(name, html);
    const received = chrome!.received;
    const result: Visit = { dialogs: [], requests: [], violations: [], errors: [], live: [] };
    const page = await chrome!.browser.newPage();
    try {
      page.on('dialog', (dialog) => {
        result.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('request', (request) => {
        if (request.url() !== url) result.requests.push(request.url());
      });
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) result.violations.push(message.text());
      });
      page.on('pageerror', (error) => result.errors.push(error.message));
      await page.addInitScript(WATCH_VIOLATIONS);
      const before = received.length;
      await page.goto(url, { waitUntil: 'load' });
      // Effects that need a user: focus and hover every element, open every <details>.
      await page.evaluate(INTERACT);
      await page.waitForTimeout(SETTLE_MS);
      result.violations.push(...((await page.evaluate('window.__violations')) as string[]));
      result.live = (await page.evaluate(`(${DOM_AUDIT})(${JSON.stringify([...ALLOWED_ELEMENTS])})`)) as string[];
      result.requests.push(...received.slice(before).map((p) => `server got ${p}`));
      return result;
    } finally {
      await page.close();
    }
  }

  function assertInert(visitResult: Visit, what: string): void {
    assert.deepEqual(visitResult.dialogs, [], `${what}: a dialog opened`);
    assert.deepEqual(visitResult.requests, [], `${what}: a request left the page`);
    assert.deepEqual(visitResult.violations, [], `${what}: something tried to run or load (CSP violation)`);
    assert.deepEqual(visitResult.errors, [], `${what}: a script error`);
    assert.deepEqual(visitResult.live, [], `${what}: live markup in the DOM`);
  }

  /** The bundled ferry article with every payload inside a claim-like sentence, and notes carrying them. */
  function hostileReport() {
    const sentences = payloads.map((p) => `Officials said 45 percent of ${p} rose in 2024.`);
    const text = `${FERRY}\n\n${sentences.join('\n\n')}\n`;
    const notes: NoteSpec[] = payloads.map((p, i) => ({
      quote: sentences[i],
      verdict: i % 2 ? 'false' : 'mostly-true',
      comment: p,
      author: p,
      sources: [p, `https://example.org/?q=${p}`],
      replies: [p],
    }));
    notes.push({ quote: 'rise by 12 percent', verdict: 'false', comment: payloads.join('\n'), author: 'Editor', sources: [] });
    return { report: reportFor(notes, text), perPayloadFields: 6 };
  }

  it('HTML report: every payload in article text, comments, authors, sources and replies is shown as text and runs nothing', async function () {
    const { report, perPayloadFields } = hostileReport();
    const html = renderHtml(report);
    for (const p of payloads) assert.ok(html.includes(escapeHtml(p)) || html.includes(escapeHtml(p.trim())), `payload not in the report at all: ${p}`);
    assertInert(await visit('report', html), 'HTML report as written');
    const cspTag = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
    assert.match(html, cspTag);
    assertInert(await visit('report-without-csp', html.replace(cspTag, '')), 'HTML report without its CSP');
    tried += payloads.length * perPayloadFields * 2;
  });

  it('Markdown report rendered by a permissive Markdown renderer (raw HTML allowed) runs nothing', async function () {
    const { report, perPayloadFields } = hostileReport();
    const markdown = renderMarkdown(report);
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>md</title></head><body>${micromark(markdown, {
      allowDangerousHtml: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()],
    })}</body></html>`;
    assertInert(await visit('markdown', html), 'Markdown report rendered with raw HTML allowed');
    tried += payloads.length * perPayloadFields;
  });

  it('ClaimReview JSON-LD stays inert inside <script type="application/ld+json"> and parses back to the same data', async function () {
    const { report } = hostileReport();
    const reviews = renderClaimReview(report, { organization: payloads.join(' '), url: 'https://checks.example/x', articleUrl: 'https://news.example/a' });
    assert.ok(reviews.length >= payloads.length, 'a review per hostile note');
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>ld</title><script type="application/ld+json">${serializeJsonLd(reviews)}</script></head><body><p>x</p></body></html>`;
    const result = await visit('claimreview', html);
    // The JSON-LD block itself is the one script element this page is allowed.
    result.live = result.live.filter((found) => found !== '<script>');
    assertInert(result, 'ClaimReview JSON-LD in a page');
    const page = await chrome!.browser.newPage();
    try {
      await page.goto(`${chrome!.origin}/claimreview.html`);
      const scripts = (await page.evaluate("Array.from(document.querySelectorAll('script')).map((s) => [s.type, s.textContent])")) as [string, string][];
      assert.equal(scripts.length, 1, 'no payload closed the JSON-LD block and opened a script');
      assert.deepEqual(JSON.parse(scripts[0][1]) as JsonLd[], JSON.parse(JSON.stringify(reviews)));
    } finally {
      await page.close();
    }
    tried += payloads.length * 4;
  });
});
