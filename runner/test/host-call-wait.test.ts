import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { waitForHostAnswer } from '../src/engine/host-call-wait.js';

/** A thread that plays the pool's main thread: wakes the waiter, and answers (or not) later. */
function answerer(control: Int32Array, script: string): Worker {
  return new Worker(
    `const { workerData } = require('node:worker_threads');
     const control = new Int32Array(workerData);
     const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
     ${script}`,
    { eval: true, workerData: control.buffer },
  );
}

describe('a host call waiting for its answer', () => {
  it('keeps waiting through a wake-up that brought no answer (a late notify from the previous call)', async () => {
    const control = new Int32Array(new SharedArrayBuffer(8));
    const thread = answerer(
      control,
      `sleep(30); Atomics.notify(control, 0); sleep(60); Atomics.store(control, 0, 1); Atomics.notify(control, 0);`,
    );
    expect(waitForHostAnswer(control, Date.now() + 5000)).toBe(true);
    expect(Atomics.load(control, 0)).toBe(1);
    await thread.terminate();
  });

  it('gives up at the deadline when no answer comes, however often it is woken', async () => {
    const control = new Int32Array(new SharedArrayBuffer(8));
    const thread = answerer(control, `for (let i = 0; i < 20; i++) { sleep(5); Atomics.notify(control, 0); }`);
    expect(waitForHostAnswer(control, Date.now() + 150)).toBe(false);
    await thread.terminate();
  });

  it('returns at once when the answer is already there', () => {
    const control = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(control, 0, 1);
    expect(waitForHostAnswer(control, 0)).toBe(true);
  });
});
