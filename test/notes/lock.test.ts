// The sidecar lock on an in-memory file system with test processes and a clock that moves only
// when a writer waits: taking and releasing, bounded waits, stale locks broken (dead process,
// too old, unreadable) and live ones never, a holder whose lock was broken starting over.
import { strict as assert } from 'node:assert';
import { caughtFailures, setFailureLog } from '../../src/core';
import {
  FAIR_TURN_AFTER_MS,
  LOCK_STALE_MS,
  lockPathFor,
  LockTimeoutError,
  moveSidecar,
  NotesFile,
  parseSidecar,
  SidecarLock,
  staleReason,
  turnPathFor,
  UNREADABLE_LOCK_STALE_MS,
  type LockHolder,
} from '../../src/notes';
import { ARTICLE_TEXT, MemoryFileSystem, spanOf, TestLockEnvironment } from './helpers';

const text = ARTICLE_TEXT;
const SIDECAR = '/news/budget.txt.factcheck.json';
const LOCK = lockPathFor(SIDECAR);

function holderText(pid: number, host = 'testhost', token = `token-${pid}`): string {
  const holder: LockHolder = { pid, host, token, since: '2026-01-01T00:00:00.000Z' };
  return JSON.stringify(holder) + '\n';
}

function brokenLocks(): number {
  return caughtFailures().byPlace['notes lock'] ?? 0;
}

describe('notes lock', () => {
  let memory: MemoryFileSystem;
  let env: TestLockEnvironment;
  let logged: string[];
  beforeEach(() => {
    memory = new MemoryFileSystem();
    env = new TestLockEnvironment(100, memory);
    logged = [];
    setFailureLog((line) => logged.push(line));
  });
  afterEach(() => setFailureLog((line) => console.error(line)));

  it('is a file beside the sidecar, made with O_EXCL, naming its writer, removed on release', () => {
    const lock = SidecarLock.acquire(SIDECAR, memory, { environment: env });
    assert.equal(lock.file, SIDECAR + '.lock');
    const holder = JSON.parse(memory.files.get(LOCK)!);
    assert.equal(holder.pid, 100);
    assert.equal(holder.host, 'testhost');
    assert.equal(lock.held, true);
    lock.release();
    assert.equal(memory.files.has(LOCK), false);
  });

  it('waits for a live writer as long as it was told, then says who holds the lock; nothing is written', () => {
    memory.put(LOCK, holderText(200));
    env.alive.add(200);
    const notes = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: env, lockWaitMs: 300 });
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    assert.throws(
      () => notes.save(),
      (e: unknown) =>
        e instanceof LockTimeoutError &&
        /budget\.txt\.factcheck\.json\.lock: another writer \(process 200\) held the lock .* 300 ms .* not saved/.test(e.message),
    );
    assert.ok(env.clock >= 300 && env.clock < 320, `waited ${env.clock} ms`);
    assert.equal(memory.files.has(SIDECAR), false, 'nothing written');
    assert.equal(memory.files.get(LOCK), holderText(200), 'the other writer keeps its lock');
    assert.equal(notes.hasUnsavedChanges, true, 'the note is kept to save later');
    memory.remove(LOCK);
    notes.save();
    assert.equal(parseSidecar(memory.files.get(SIDECAR)!, 'x').notes.length, 1);
  });

  it('breaks the lock of a writer whose process is gone at once, and reports it', () => {
    memory.put(LOCK, holderText(300));
    const before = brokenLocks();
    const notes = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: env, lockWaitMs: 0 });
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    notes.save();
    assert.equal(env.sleeps, 0, 'no waiting for a dead writer');
    assert.equal(brokenLocks(), before + 1, 'counted');
    assert.deepEqual(logged, [`FactDesk: caught failure in notes lock: ${LOCK}: broke a stale lock (its writer, process 300, is gone)`]);
    assert.equal(memory.files.has(LOCK), false);
    assert.deepEqual([...memory.files.keys()], [SIDECAR], 'nothing left aside');
  });

  it("breaks a live writer's lock only once it is older than any save takes", () => {
    memory.put(LOCK, holderText(200));
    env.alive.add(200);
    assert.equal(staleReason(holderText(200), LOCK_STALE_MS - 1, env), undefined);
    const lock = SidecarLock.acquire(SIDECAR, memory, { environment: env, waitMs: 2 * LOCK_STALE_MS });
    assert.ok(env.clock > LOCK_STALE_MS && env.clock < LOCK_STALE_MS + 20, `waited ${env.clock} ms`);
    assert.equal(lock.held, true);
  });

  it("asks only its own machine whether a process runs: another machine's lock goes stale by age", () => {
    const other = holderText(300, 'otherhost');
    assert.equal(staleReason(other, 1_000, env), undefined, 'process 300 is not alive here, but it is not from here');
    assert.match(staleReason(other, LOCK_STALE_MS + 1, env) ?? '', /held for 30\.0 s/);
    assert.match(staleReason(holderText(300), 0, env) ?? '', /process 300, is gone/);
  });

  it('breaks a lock that names no writer (its writer died before filling it) after a short grace only', () => {
    memory.put(LOCK, '');
    assert.equal(staleReason('', UNREADABLE_LOCK_STALE_MS - 1, env), undefined, 'a writer may be filling it right now');
    const lock = SidecarLock.acquire(SIDECAR, memory, { environment: env, waitMs: 10 * UNREADABLE_LOCK_STALE_MS });
    assert.ok(env.clock > UNREADABLE_LOCK_STALE_MS && env.clock < UNREADABLE_LOCK_STALE_MS + 20, `waited ${env.clock} ms`);
    assert.equal(lock.held, true);
  });

  it('puts back a fresh lock that another writer took while this one was breaking the stale one', () => {
    memory.put(LOCK, holderText(300));
    const fresh = holderText(400);
    env.alive.add(400);
    // Writer 400 breaks the stale lock and takes a new one between this writer's look at it and its move.
    const realRename = memory.rename.bind(memory);
    memory.rename = (from, to) => {
      memory.rename = realRename;
      memory.remove(LOCK);
      memory.createExclusive(LOCK, fresh);
      realRename(from, to);
    };
    assert.throws(() => SidecarLock.acquire(SIDECAR, memory, { environment: env, waitMs: 50 }), LockTimeoutError);
    assert.equal(memory.files.get(LOCK), fresh, "writer 400's lock is back in place");
    assert.deepEqual([...memory.files.keys()], [LOCK], 'nothing left aside');
  });

  it('a writer whose lock was broken under it does not write: it starts over under a new lock and merges', () => {
    const other = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: new TestLockEnvironment(500, memory) });
    const theirs = other.addNote({ text, span: spanOf(text, '18 percent') });
    const notes = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: env });
    const mine = notes.addNote({ text, span: spanOf(text, 'Monday') });
    // Right after this writer read the disk under its lock, writer 500 (wrongly judging the lock
    // stale) breaks it and saves its own note.
    const realRead = memory.readText.bind(memory);
    let reads = 0;
    memory.readText = (file) => {
      if (file === SIDECAR && ++reads === 1) {
        memory.readText = realRead;
        memory.remove(LOCK);
        other.save();
      }
      return realRead(file);
    };
    const before = brokenLocks();
    notes.save();
    assert.equal(brokenLocks(), before + 1, 'the lost lock is reported');
    assert.match(logged.join('\n'), /the lock was taken over by another writer before this save could write; saving again/);
    const ids = parseSidecar(memory.files.get(SIDECAR)!, 'x').notes.map((n) => n.id);
    assert.deepEqual(ids.sort(), [mine.id, theirs.id].sort(), "the other writer's note is not overwritten");
    assert.equal(memory.files.has(LOCK), false);
  });

  it('is fair: a writer that has waited claims the next turn, and a writer saving in a loop leaves the free lock to it', () => {
    const looping = new TestLockEnvironment(600, memory);
    looping.alive = env.alive;
    env.alive.add(600);
    const first = SidecarLock.acquire(SIDECAR, memory, { environment: looping });
    let turnClaimedAt: number | undefined;
    let loopTriedDuringTurn = false;
    // While this writer waits, the looping writer releases and tries again at once, over and over.
    env.sleep = (ms) => {
      env.clock += ms;
      memory.time += ms;
      if (turnClaimedAt === undefined && memory.exists(turnPathFor(SIDECAR))) turnClaimedAt = env.clock;
      if (turnClaimedAt === undefined) return;
      if (first.held) {
        first.release();
        assert.throws(() => SidecarLock.acquire(SIDECAR, memory, { environment: looping, waitMs: 0 }), LockTimeoutError, 'the free lock is left to the turn');
        loopTriedDuringTurn = true;
      }
    };
    const lock = SidecarLock.acquire(SIDECAR, memory, { environment: env, waitMs: 1_000 });
    assert.ok(lock.held && loopTriedDuringTurn);
    assert.ok(turnClaimedAt! >= FAIR_TURN_AFTER_MS && turnClaimedAt! < FAIR_TURN_AFTER_MS + 20, `turn claimed after ${turnClaimedAt} ms`);
    assert.equal(memory.exists(turnPathFor(SIDECAR)), false, 'the turn is over once taken');
  });

  it('breaks the turn of a writer that died waiting', () => {
    memory.put(turnPathFor(SIDECAR), holderText(700));
    const lock = SidecarLock.acquire(SIDECAR, memory, { environment: env, waitMs: 0 });
    assert.equal(lock.held, true);
    assert.equal(memory.exists(turnPathFor(SIDECAR)), false);
  });

  it('moves a sidecar holding both locks, and waits for a writer of either', () => {
    const notes = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: env });
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    notes.save();
    const target = '/news/budget-final.txt.factcheck.json';
    memory.put(lockPathFor(target), holderText(200));
    env.alive.add(200);
    assert.throws(() => moveSidecar('/news/budget.txt', '/news/budget-final.txt', memory, { lockEnvironment: env, lockWaitMs: 100 }), LockTimeoutError);
    assert.equal(memory.files.has(SIDECAR), true, 'not moved while the destination is locked');
    assert.equal(memory.files.has(LOCK), false, 'the lock it took is released');
    memory.remove(lockPathFor(target));
    assert.equal(moveSidecar('/news/budget.txt', '/news/budget-final.txt', memory, { lockEnvironment: env }), target);
    assert.deepEqual([...memory.files.keys()], [target]);
  });
});
