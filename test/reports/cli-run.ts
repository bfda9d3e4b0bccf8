// Runs the built CLI (dist/cli.js, built by `npm test` before mocha; FACTDESK_CLI may point at
// another build) in a temporary folder holding copies of the report fixture articles.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES } from './helpers';

export const cli = process.env.FACTDESK_CLI ?? path.join(__dirname, '../../dist/cli.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string): RunResult {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1', FACTDESK_AUTHOR: 'Test Desk' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder with copies of the fixture articles (and sidecars) named. */
export function fixtureDir(...names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-reports-cli-'));
  for (const name of names) fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
  return dir;
}

/** Adds a note with the CLI's own `notes add`; throws with its stderr if that fails. */
export function addNote(dir: string, file: string, quote: string, verdict: string, ...extra: string[]): void {
  const r = runCli(['notes', 'add', file, '--quote', quote, '--verdict', verdict, ...extra], dir);
  if (r.code !== 0) throw new Error(`notes add failed: ${r.stderr}`);
}

/** The check-worthy claims of the ferry fixture, as the gate lists them. */
export const FERRY_CLAIMS = [
  'Ferry fares across the harbour will rise by 12 percent in April, the transport authority said on Friday.',
  'The authority carried 4.6 million passengers last year, more than in any year since 2015.',
  '"We cannot run more boats without the increase, because fuel costs doubled since 2022," said Director Paula Mendes.',
];
