/**
 * The guest side of a synchronous host call: blocks the worker until the main thread has written
 * the answer (`control[0]` set to 1) or the call's deadline has passed; returns whether it answered.
 *
 * It loops because a wake-up does not mean an answer: the main thread sets the flag, then notifies,
 * and between the two the worker may already have seen the flag, returned, and started its next host
 * call — that late notify then wakes the next call's wait with no answer written. A single
 * `Atomics.wait` read that as "no answer before the deadline" and trapped the handler (5 calls in
 * 142k under load).
 */
export function waitForHostAnswer(control: Int32Array, deadlineAt: number, now: () => number = Date.now): boolean {
  for (;;) {
    if (Atomics.load(control, 0) === 1) return true;
    const remaining = deadlineAt - now();
    if (remaining <= 0) return false;
    Atomics.wait(control, 0, 0, remaining);
  }
}
