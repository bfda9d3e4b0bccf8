// Sources in the workspace: never walked as articles, indexed as text, and the checks kept in step
// with the index record by record.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { quotesOfRecord, WorkspaceChecks } from '../../src/sources';
import { DEFAULT_ARTICLE_PATTERNS, listArticles, listWorkspaceFiles, nodeWorkspaceFileSystem } from '../../src/workspace';
import { deskCopy, indexerFor, write } from '../workspace/helpers';
import { SOURCES } from './helpers';

describe('sources: in the workspace', function () {
  this.timeout(60000);
  let root: string;
  beforeEach(() => {
    root = deskCopy();
    fs.cpSync(SOURCES, path.join(root, 'sources'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('leaves sources out of the article walk and lists them apart', () => {
    const rel = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    const articles = rel(listArticles(root, nodeWorkspaceFileSystem, { include: DEFAULT_ARTICLE_PATTERNS, exclude: [] }));
    assert.ok(articles.length > 0 && articles.every((f) => f.startsWith('desk/')), articles.join());
    const both = listWorkspaceFiles(root, nodeWorkspaceFileSystem, { include: DEFAULT_ARTICLE_PATTERNS, exclude: [], sources: ['desk/council-*'] });
    assert.deepEqual(rel(both.sources), ['desk/council-vote.txt']);
    assert.ok(rel(both.articles).includes('sources/speech-osei.md'));
    assert.ok(!rel(both.articles).includes('desk/council-vote.txt'));
  });

  it('indexes a source as its text, without analysis, and follows its changes', async () => {
    const indexer = indexerFor(root);
    await indexer.scan();
    const source = indexer.index.record('sources/speech-osei.md')!;
    assert.equal(source.kind, 'source');
    assert.deepEqual([source.entities, source.claims, source.quotes], [[], [], []]);
    assert.match(source.text!, /^title: Speech by Health Secretary Kwame Osei/);
    const checks = new WorkspaceChecks();
    checks.sync(indexer.index);
    assert.equal(checks.sources.size, 6);
    const article = write(
      root,
      'desk/osei.txt',
      'Health Secretary Kwame Osei spoke on Monday.\n\n"We will train 7,000 more nurses than last year," Osei said.\n',
    );
    indexer.refresh(article);
    checks.sync(indexer.index);
    const record = indexer.index.record('desk/osei.txt')!;
    const text = fs.readFileSync(article, 'utf8');
    const check = () => checks.checkArticle('desk/osei.txt', text, quotesOfRecord(record, text), record.claims).quotes[0];
    assert.equal(check().status, 'altered');
    write(root, 'sources/speech-osei.md', 'speaker: Kwame Osei\n\nWe will train 7,000 more nurses than last year.\n');
    indexer.refresh(path.join(root, 'sources/speech-osei.md'), true);
    checks.sync(indexer.index);
    assert.equal(check().status, 'verbatim');
    fs.rmSync(path.join(root, 'sources'), { recursive: true });
    await indexer.scan();
    checks.sync(indexer.index);
    assert.equal(checks.sources.size, 0);
    assert.equal(check().status, 'not-found');
  });
});
