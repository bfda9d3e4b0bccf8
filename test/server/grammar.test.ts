// The quote grammar under VS Code's own TextMate engine (vscode-textmate + oniguruma, as shipped in
// the code-server that `npm run e2e:install` puts in .tools/). Skipped when code-server is absent.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './lspClient';

const VSCODE = path.join(process.env.FACTDESK_TOOLS_DIR ?? path.join(REPO, '.tools'), 'code-server', 'node_modules', 'code-server', 'lib', 'vscode');
const MARKDOWN_GRAMMAR = path.join(VSCODE, 'extensions', 'markdown-basics', 'syntaxes', 'markdown.tmLanguage.json');

interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface Grammar {
  tokenizeLine(line: string, state: unknown): { tokens: Token[]; ruleStack: unknown };
}
interface TextMate {
  Registry: new (options: unknown) => { loadGrammar(scope: string): Promise<Grammar | null> };
  INITIAL: unknown;
}

/** Each piece of text with whether it was scoped as a quoted string, line by line. */
function quoted(grammar: Grammar, text: string, initial: unknown): string[] {
  let state = initial;
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    let current = '';
    for (const token of tokens) {
      if (token.scopes.some((s) => s.startsWith('string.quoted') && s.endsWith('.factdesk'))) current += line.slice(token.startIndex, token.endIndex);
      else if (current) {
        found.push(current);
        current = '';
      }
    }
    if (current) found.push(current);
  }
  return found;
}

describe('quote grammar (syntaxes/) in VS Code’s TextMate engine', function () {
  let textmate: TextMate;
  let registry: InstanceType<TextMate['Registry']>;

  before(async function () {
    if (!fs.existsSync(path.join(VSCODE, 'node_modules', 'vscode-textmate'))) this.skip();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    textmate = require(path.join(VSCODE, 'node_modules', 'vscode-textmate')) as TextMate;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const oniguruma = require(path.join(VSCODE, 'node_modules', 'vscode-oniguruma')) as {
      loadWASM(data: ArrayBuffer): Promise<void>;
      createOnigScanner(patterns: string[]): unknown;
      createOnigString(text: string): unknown;
    };
    const wasm = fs.readFileSync(path.join(VSCODE, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      contributes: { grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }> };
    };
    const files = new Map<string, string>([['text.html.markdown', MARKDOWN_GRAMMAR]]);
    for (const g of manifest.contributes.grammars) files.set(g.scopeName, path.join(REPO, g.path));
    registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
        createOnigString: (text: string) => oniguruma.createOnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = files.get(scopeName);
        return file ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
      },
      // As VS Code does: injections come from the manifest's injectTo.
      getInjections: (scopeName: string) => manifest.contributes.grammars.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
    });
  });

  it('colors curly, straight and guillemet quotes in plaintext', async () => {
    const grammar = await registry.loadGrammar('text.plain.factdesk');
    assert.ok(grammar);
    const text = '“We did not take this lightly,” said Brenner. He called it "a hammer blow" and «une erreur».\nA 5" pipe is not a quote.';
    assert.deepEqual(quoted(grammar, text, textmate.INITIAL), ['“We did not take this lightly,”', '"a hammer blow"', '«une erreur»']);
  });

  it('runs a quote across lines but stops an unclosed one at the paragraph end', async () => {
    const grammar = await registry.loadGrammar('text.plain.factdesk');
    assert.ok(grammar);
    const text = '“First line\nsecond line” after.\n\n“Never closed\n\nNext paragraph.';
    assert.deepEqual(quoted(grammar, text, textmate.INITIAL), ['“First line', 'second line”', '“Never closed']);
  });

  it('is injected into Markdown prose but not into code', async () => {
    const grammar = await registry.loadGrammar('text.html.markdown');
    assert.ok(grammar);
    const text = [
      '# Heading',
      '',
      'The mayor called it “a hammer blow” in a statement.',
      '',
      '```',
      'print("not a quote")',
      '```',
      '',
      'Use `"raw"` here, then “quoted” again.',
    ].join('\n');
    assert.deepEqual(quoted(grammar, text, textmate.INITIAL), ['“a hammer blow”', '“quoted”']);
  });
});
