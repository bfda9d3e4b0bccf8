// Writers of one sidecar exclude each other, whether they are editors, `factdesk notes add` runs or
// scripts: a save takes the lock file beside the sidecar (<sidecar>.lock), created with O_EXCL so
// that only one writer can make it, re-reads and merges what is on disk, replaces the sidecar by an
// atomic rename and removes the lock. Without it two writers could both read the same version and
// the second rename would drop the first writer's note (75-78 of 80 notes kept, issue #8).
//
// A writer that dies while holding the lock (killed, crashed, machine off) leaves the file behind;
// the next writer breaks it when its process is gone (same machine), when it has been held longer
// than any save takes, or when it holds nothing readable after a short grace. Breaking moves the
// lock aside first and checks it moved the lock it judged stale, so two writers breaking the same
// lock at once do not remove a third writer's fresh one; and a holder checks it still holds its
// lock right before it renames, so a holder whose lock was broken starts over instead of writing.
// Waits are bounded: a writer that cannot get the lock in time gets LockTimeoutError (nothing written).
// Waits are fair: a writer that has waited FAIR_TURN_AFTER_MS claims the next turn (<sidecar>.lock-next,
// also made with O_EXCL); while a turn is claimed, no other writer takes the free lock, so a writer
// saving in a tight loop cannot starve a `notes add` run that waits for it.
import { randomBytes } from 'node:crypto';
import { reportFailure } from '../core/failures';
import { HOST_TAG, LOCK_SUFFIX, processAlive, STALE_ASIDE_SUFFIX, type SidecarFileSystem } from './sidecar-fs';

export { LOCK_SUFFIX };

/** A lock held longer than this is stale even if a process of its number runs: a save takes milliseconds (numbers are reused; another machine's process cannot be asked). */
export const LOCK_STALE_MS = 30_000;
/** A lock file with no readable holder (its writer died between creating and filling it) is stale after this. */
export const UNREADABLE_LOCK_STALE_MS = 2_000;
/** Pause between attempts to take a held lock, jittered to 1-2x so that waiting writers do not move in step. */
export const LOCK_RETRY_MS = 4;
/** How long a command-line run or a script waits for the lock before giving up. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;
/** How long the editor waits: saves are synchronous in the extension host, which must not stall for long. */
export const EDITOR_LOCK_WAIT_MS = 1_000;
/** A writer that has waited this long for the lock claims the next turn. */
export const FAIR_TURN_AFTER_MS = 40;
/** A save whose lock was broken under it starts over at most this many times. */
const MAX_LOCK_ATTEMPTS = 5;

/** What a lock file holds: who took it. */
export interface LockHolder {
  pid: number;
  /** HOST_TAG of the machine of `pid`. */
  host: string;
  /** Random per acquisition: tells this lock from a later one of the same process. */
  token: string;
  /** When it was taken (for people reading the file; staleness goes by the file's age). */
  since: string;
}

/** The process, machine and waiting primitives the lock uses; tests supply their own. */
export interface LockEnvironment {
  pid: number;
  host: string;
  isAlive(pid: number): boolean;
  /** A monotonic clock in milliseconds, for deadlines. */
  now(): number;
  /** Blocks the caller (saves are synchronous). */
  sleep(ms: number): void;
  random(): number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export const nodeLockEnvironment: LockEnvironment = {
  pid: process.pid,
  host: HOST_TAG,
  isAlive: processAlive,
  now: () => performance.now(),
  sleep: (ms) => void Atomics.wait(sleeper, 0, 0, ms),
  random: Math.random,
};

export interface LockOptions {
  /** Milliseconds to wait for another writer's lock (DEFAULT_LOCK_WAIT_MS; the editor: EDITOR_LOCK_WAIT_MS). */
  waitMs?: number;
  environment?: LockEnvironment;
}

/** The lock could not be had in time: nothing was written. */
export class LockTimeoutError extends Error {
  constructor(
    readonly lockFile: string,
    readonly waitedMs: number,
    readonly holder: string,
  ) {
    super(
      `${lockFile}: another writer (${holder}) held the lock of the notes file for all of the ${waitedMs} ms this save waits, so the notes were not saved; ` +
        `try again, and if no FactDesk or script is writing these notes, delete the lock file`,
    );
    this.name = 'LockTimeoutError';
  }
}

/** Another writer broke this writer's lock as stale: it must not write, and starts over. */
export class LockLostError extends Error {
  constructor(readonly lockFile: string) {
    super(`${lockFile}: the lock was taken over by another writer before this save could write`);
    this.name = 'LockLostError';
  }
}

export function lockPathFor(sidecar: string): string {
  return sidecar + LOCK_SUFFIX;
}

/** The claim of the next turn, beside the lock. */
export function turnPathFor(sidecar: string): string {
  return sidecar + TURN_SUFFIX;
}
export const TURN_SUFFIX = '.lock-next';

export class SidecarLock {
  private constructor(
    readonly file: string,
    private readonly fs: SidecarFileSystem,
    /** The exact content written: the lock is ours while the file holds it. */
    private readonly text: string,
  ) {}

  /** Takes the lock of `sidecar`, waiting (bounded, fairly) while another writer holds it and breaking stale ones. */
  static acquire(sidecar: string, fs: SidecarFileSystem, options: LockOptions = {}): SidecarLock {
    const env = options.environment ?? nodeLockEnvironment;
    const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
    const file = lockPathFor(sidecar);
    const turnFile = turnPathFor(sidecar);
    const holder: LockHolder = { pid: env.pid, host: env.host, token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
    const text = JSON.stringify(holder) + '\n';
    const started = env.now();
    const deadline = started + waitMs;
    let myTurn = false;
    try {
      for (;;) {
        // Someone else's turn: leave the lock to them even when it is free.
        const turn = myTurn ? undefined : fs.readText(turnFile);
        const turnAge = turn === undefined ? undefined : fs.ageMs(turnFile);
        const turnReason = turn === undefined || turnAge === undefined ? undefined : staleReason(turn, turnAge, env);
        if (turnReason) breakStale(turnFile, turn!, turnReason, fs, env);
        const othersTurn = turn !== undefined && turnAge !== undefined && !turnReason;
        if (!othersTurn && fs.createExclusive(file, text)) return new SidecarLock(file, fs, text);
        const seen = othersTurn ? undefined : fs.readText(file);
        const age = seen === undefined ? undefined : fs.ageMs(file);
        const reason = seen === undefined || age === undefined ? undefined : staleReason(seen, age, env);
        if (reason) {
          breakStale(file, seen!, reason, fs, env);
          continue;
        }
        const now = env.now();
        if (now >= deadline) throw new LockTimeoutError(file, waitMs, describeHolder(othersTurn ? turn : seen, env));
        if (!myTurn && !othersTurn && now - started >= FAIR_TURN_AFTER_MS) myTurn = fs.createExclusive(turnFile, text);
        // Released meanwhile (nothing seen, no turn): try again at once.
        if (seen !== undefined || othersTurn) env.sleep(Math.min(deadline - now, LOCK_RETRY_MS * (1 + env.random())));
      }
    } finally {
      // Taken or given up: the turn is over.
      if (myTurn && fs.readText(turnFile) === text) fs.remove(turnFile);
    }
  }

  /** Whether this writer still holds the lock (no other writer broke it as stale). */
  get held(): boolean {
    return this.fs.readText(this.file) === this.text;
  }

  /** Throws LockLostError unless the lock is still this writer's: call right before replacing the sidecar. */
  assertHeld(): void {
    if (!this.held) throw new LockLostError(this.file);
  }

  /** Removes the lock file if it is still this writer's. */
  release(): void {
    if (this.held) this.fs.remove(this.file);
  }
}

/**
 * Runs `critical` holding the lock of `sidecar`, then releases it. If the lock was broken under it
 * (`critical` threw LockLostError from `assertHeld`), `critical` runs again under a new lock: it
 * must read what it writes while it holds the lock.
 */
export function withSidecarLock<T>(sidecar: string, fs: SidecarFileSystem, options: LockOptions, critical: (lock: SidecarLock) => T): T {
  for (let attempt = 1; ; attempt++) {
    const lock = SidecarLock.acquire(sidecar, fs, options);
    try {
      return critical(lock);
    } catch (e) {
      if (!(e instanceof LockLostError) || attempt >= MAX_LOCK_ATTEMPTS) throw e;
      reportFailure('notes lock', `${e.message}; saving again (attempt ${attempt + 1})`);
    } finally {
      lock.release();
    }
  }
}

export function parseLockHolder(text: string): LockHolder | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Not JSON: a lock its writer did not get to fill, or not ours. The caller judges it by its age.
    return undefined;
  }
  const h = doc as Partial<LockHolder> | null;
  if (!h || typeof h !== 'object' || typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.token !== 'string') return undefined;
  return { pid: h.pid, host: h.host, token: h.token, since: typeof h.since === 'string' ? h.since : '' };
}

/** Why a lock file is stale, or undefined while its writer may still be at work. */
export function staleReason(text: string, ageMs: number, env: LockEnvironment): string | undefined {
  const holder = parseLockHolder(text);
  if (!holder) return ageMs > UNREADABLE_LOCK_STALE_MS ? `it names no writer and is ${seconds(ageMs)} old` : undefined;
  if (holder.host === env.host && !env.isAlive(holder.pid)) return `its writer, process ${holder.pid}, is gone`;
  if (ageMs > LOCK_STALE_MS) return `it has been held for ${seconds(ageMs)}, longer than any save takes`;
  return undefined;
}

function describeHolder(text: string | undefined, env: LockEnvironment): string {
  const holder = text === undefined ? undefined : parseLockHolder(text);
  if (!holder) return 'unknown';
  return holder.host === env.host ? `process ${holder.pid}` : `process ${holder.pid} of another machine`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Removes a stale lock. It is first moved aside under a name of its own: if what moved is not the
 * lock judged stale (another writer broke that one and took the lock meanwhile), it is put back.
 */
function breakStale(file: string, seen: string, reason: string, fs: SidecarFileSystem, env: LockEnvironment): void {
  // Named like a temporary file (host, process, random) so that, if this writer dies before removing
  // it, the next writer holding the lock sweeps it up with the dead writers' temporaries.
  const aside = `${file}.${env.host}-${env.pid}.${randomBytes(4).toString('hex')}${STALE_ASIDE_SUFFIX}`;
  try {
    fs.rename(file, aside);
  } catch (e) {
    // Gone already: another writer broke or released it.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = fs.readText(aside);
  if (moved === seen) {
    fs.remove(aside);
    reportFailure('notes lock', `${file}: broke a stale lock (${reason})`);
    return;
  }
  // A fresh lock: put it back unless yet another writer took the lock meanwhile (its holder then
  // finds its lock gone when it checks before writing, and starts over).
  if (moved !== undefined) fs.createExclusive(file, moved);
  fs.remove(aside);
}
