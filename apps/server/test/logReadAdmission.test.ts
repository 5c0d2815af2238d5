import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AdmissionGate, DEFAULT_LOG_READ_LIMITS, logReadLimitsFromEnv } from '../src/logReadAdmission';

const busy = (reason: string) =>
  expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVER_BUSY', reason, http: expect.objectContaining({ status: 503 }) }) });

describe('the admission gate for reads of the user log', () => {
  it('admits up to its concurrency, queues in order, and refuses past the queue or the wait', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 2, waitMs: 200 });
    const first = await gate.enter();
    const order: string[] = [];
    const second = gate.enter().then((release) => (order.push('second'), release));
    const third = gate.enter().then((release) => (order.push('third'), release));
    // The queue holds two: a fourth is refused at once.
    await expect(gate.enter()).rejects.toEqual(busy('queue_full'));
    expect(gate.busy).toEqual({ running: 1, waiting: 2 });
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(gate.busy).toEqual({ running: 0, waiting: 0 });
  });

  it('answers a wait past its bound with 503, Retry-After and a typed error, and forgets the waiter', async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 5, waitMs: 30 });
    const release = await gate.enter();
    const refusal = await gate.enter().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect(refusal).toEqual(busy('wait_exceeded'));
    const { retryAfterSeconds, http } = (refusal as GraphQLError).extensions as { retryAfterSeconds: number; http: { headers: Record<string, string> } };
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(http.headers['Retry-After']).toBe(String(retryAfterSeconds));
    expect(gate.busy).toEqual({ running: 1, waiting: 0 });
    release();
    release(); // twice is once
    expect(gate.busy).toEqual({ running: 0, waiting: 0 });
  });

  it('reads its limits from the environment, and refuses a value that is not a whole number', () => {
    expect(logReadLimitsFromEnv({})).toEqual(DEFAULT_LOG_READ_LIMITS);
    expect(logReadLimitsFromEnv({ FVM_LOG_READ_CONCURRENCY: '3', FVM_LOG_READ_QUEUE: '0', FVM_LOG_READ_WAIT_MS: '100', FVM_LOG_READ_BUDGET: '500' })).toEqual({
      concurrency: 3,
      queue: 0,
      waitMs: 100,
      budget: 500,
    });
    expect(() => logReadLimitsFromEnv({ FVM_LOG_READ_CONCURRENCY: '0' })).toThrow(/FVM_LOG_READ_CONCURRENCY=0/);
    expect(() => logReadLimitsFromEnv({ FVM_LOG_READ_BUDGET: 'lots' })).toThrow(/FVM_LOG_READ_BUDGET=lots/);
  });
});
