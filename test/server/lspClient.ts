// A minimal LSP client for tests and benches: spawns the built server (`node dist/server.js --stdio`),
// answers workspace/configuration from an in-memory settings object, and records every message the
// server sends so tests can wait on the one they expect (never on a timer).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { WorkDoneProgress } from 'vscode-languageserver-protocol';
import type { FindingsParams, IndexStatusParams } from '../../src/shared/protocol';
import { SERVER_EXEC_ARGV } from '../../src/shared/serverProcess';

export const REPO = path.resolve(__dirname, '..', '..');
/** FACTDESK_SERVER points at another build of the server (e.g. a scratch output dir). */
export const SERVER_JS = process.env.FACTDESK_SERVER ?? path.join(REPO, 'dist', 'server.js');

export interface Received {
  method: string;
  params: unknown;
}

export class TestServer {
  readonly log: Received[] = [];
  settings: Record<string, unknown>;
  private waiters: Array<() => void> = [];
  private child!: ChildProcessWithoutNullStreams;
  connection!: MessageConnection;
  private stderr = '';

  /**
   * `init`: more initialize params (workspaceFolders, initializationOptions, window capabilities).
   * `env`: extra environment for the server process (e.g. FACTDESK_TEST_FAULTS).
   */
  constructor(
    settings: Record<string, unknown> = {},
    private readonly init: { workspaceFolders?: unknown; initializationOptions?: unknown; window?: unknown } = {},
    private readonly env: Record<string, string> = {},
  ) {
    this.settings = settings;
  }

  async start(): Promise<Record<string, unknown>> {
    this.child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_JS, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...this.env } });
    this.child.stderr.on('data', (chunk) => {
      this.stderr += String(chunk);
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
      // "factdesk" is the settings object; "factdesk.x.y" the value at x.y inside it (e.g. factdesk.index).
      const at = (section: string) =>
        section
          .split('.')
          .slice(1)
          .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), this.settings) ?? null;
      const answer = params.items.map((item) =>
        item.section === 'factdesk' ? this.settings : item.section?.startsWith('factdesk.') ? at(item.section) : null,
      );
      // Logged as it is answered: anything the test sends afterwards reaches the server after the answer.
      this.record({ method: 'workspace/configuration', params });
      return answer;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    // Work-done progress: the token's $/progress messages are logged as '$/progress' { token, value }.
    this.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      this.connection.onProgress(WorkDoneProgress.type, params.token, (value) => this.record({ method: '$/progress', params: { token: params.token, value } }));
      this.record({ method: 'window/workDoneProgress/create', params });
      return null;
    });
    this.connection.onNotification((method: string, params: unknown) => this.record({ method, params }));
    this.connection.listen();
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: this.init.workspaceFolders ?? null,
      initializationOptions: this.init.initializationOptions,
      capabilities: {
        ...(this.init.window ? { window: this.init.window } : {}),
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          publishDiagnostics: { versionSupport: true },
          synchronization: { didSave: true },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result as Record<string, unknown>;
  }

  private record(message: Received): void {
    this.log.push(message);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Position in the message log; pass it to waitFor to ignore what came before. */
  mark(): number {
    return this.log.length;
  }

  /** Resolves with the first message from `since` on that satisfies `match`; rejects after timeoutMs. */
  waitFor<T>(method: string, match: (params: T) => boolean = () => true, since = 0, timeoutMs = 15000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let next = since;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(
          new Error(
            `no ${method} matching within ${timeoutMs} ms; got: ${this.log
              .slice(since)
              .map((m) => m.method)
              .join(', ')}\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        for (; next < this.log.length; next++) {
          const message = this.log[next];
          if (message.method === method && match(message.params as T)) {
            clearTimeout(timer);
            resolve(message.params as T);
            return;
          }
        }
        this.waiters.push(check);
      };
      check();
    });
  }

  findings(uri: string, since = 0, match: (f: FindingsParams) => boolean = () => true): Promise<FindingsParams> {
    return this.waitFor<FindingsParams>('factdesk/findings', (f) => f.uri === uri && match(f), since);
  }

  async open(uri: string, text: string, languageId = 'plaintext', version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(
    uri: string,
    version: number,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { factdesk: settings } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** Offset → LSP position in `text`. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * A server on one workspace folder `root` (named "desk") with its index stored in `storage`, started;
 * resolves once the workspace index says it is ready. `server` is handed out first so a test's
 * afterEach can stop it even when the wait fails.
 */
export async function startIndexedServer(
  root: string,
  storage: string,
  settings: Record<string, unknown>,
  started: (server: TestServer) => void,
  readyTimeoutMs: number,
): Promise<IndexStatusParams> {
  const server = new TestServer(
    { debounceMs: 0, ...settings },
    {
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'desk' }],
      initializationOptions: { storagePath: storage },
      window: { workDoneProgress: true },
    },
  );
  started(server);
  await server.start();
  return server.waitFor<IndexStatusParams>('factdesk/indexStatus', (s) => s.state === 'ready', 0, readyTimeoutMs);
}
