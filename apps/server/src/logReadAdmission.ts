import type { Plugin } from '@envelop/core';
import { DEFAULT_LOG_READ_BUDGET, exceedsCostLimit, readsUserLog, type GraphQLContext } from '@fvm/graphql';
import { GraphQLError } from 'graphql';

// Reads of the user log are the registry's heavy requests, and SQLite answers them on the one
// thread every request shares. This plugin has one job: let at most `concurrency` operations
// that read the log execute at once. Others wait their turn in a bounded queue, and past the
// queue's length or its wait they are answered 503 with Retry-After. Everything else (reference
// data, registry rows, writes) never waits here, so a simple query stays fast however many
// exports are running.

export interface LogReadLimits {
  /** Operations reading the user log that execute at once. */
  concurrency: number;
  /** Operations that may wait for a turn; more are refused at once. */
  queue: number;
  /** How long one may wait for a turn before it is refused. */
  waitMs: number;
  /** Rows of the user log one request may read across all its fields. */
  budget: number;
}

export const DEFAULT_LOG_READ_LIMITS: LogReadLimits = { concurrency: 2, queue: 32, waitMs: 15_000, budget: DEFAULT_LOG_READ_BUDGET };

/** The limits from FVM_LOG_READ_CONCURRENCY, FVM_LOG_READ_QUEUE, FVM_LOG_READ_WAIT_MS and FVM_LOG_READ_BUDGET. */
export function logReadLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): LogReadLimits {
  const read = (name: string, fallback: number, min: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name}=${text}: expected a whole number of at least ${min}.`);
    return value;
  };
  return {
    concurrency: read('FVM_LOG_READ_CONCURRENCY', DEFAULT_LOG_READ_LIMITS.concurrency, 1),
    queue: read('FVM_LOG_READ_QUEUE', DEFAULT_LOG_READ_LIMITS.queue, 0),
    waitMs: read('FVM_LOG_READ_WAIT_MS', DEFAULT_LOG_READ_LIMITS.waitMs, 0),
    budget: read('FVM_LOG_READ_BUDGET', DEFAULT_LOG_READ_LIMITS.budget, 1),
  };
}

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

/** A counting semaphore with a bounded FIFO queue and a bounded wait. */
export class AdmissionGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Mean execution time of admitted operations (exponentially weighted), for Retry-After. */
  private meanMs = 500;

  constructor(private readonly limits: Pick<LogReadLimits, 'concurrency' | 'queue' | 'waitMs'>) {}

  get busy() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Resolves with a release function once admitted; rejects with SERVER_BUSY when the queue is full or the wait too long. */
  enter(): Promise<() => void> {
    if (this.running < this.limits.concurrency) return Promise.resolve(this.admitted());
    if (this.waiting.length >= this.limits.queue) return Promise.reject(this.busyError('full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          resolve(this.admitted());
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(this.busyError('wait'));
        }, this.limits.waitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private admitted(): () => void {
    this.running++;
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanMs = 0.8 * this.meanMs + 0.2 * (performance.now() - started);
      this.running--;
      const next = this.waiting.shift();
      if (next) next.admit();
    };
  }

  private busyError(reason: 'full' | 'wait') {
    // Long enough for the queue ahead to drain at the pace operations have been taking.
    const retryAfterSeconds = Math.max(1, Math.ceil((this.meanMs * (this.waiting.length + 1)) / this.limits.concurrency / 1000));
    const why =
      reason === 'full'
        ? `${this.running} are running and ${this.waiting.length} waiting, the most the server queues`
        : `this one waited ${this.limits.waitMs} ms for one of the ${this.limits.concurrency} turns`;
    return new GraphQLError(`The server is busy reading the user log for others (${why}). Try again in ${retryAfterSeconds} s.`, {
      extensions: {
        code: 'SERVER_BUSY',
        reason: reason === 'full' ? 'queue_full' : 'wait_exceeded',
        retryAfterSeconds,
        http: { status: 503, headers: { 'Retry-After': String(retryAfterSeconds) } },
      },
    });
  }
}

/**
 * Admits operations that read the user log (readsUserLog) through one AdmissionGate, and gives
 * each request its row budget. It must come after the plugins that replace the executor
 * (graphql-jit), so that the turn is held around the executor that actually runs.
 */
export function useLogReadAdmission(limits: LogReadLimits = DEFAULT_LOG_READ_LIMITS): Plugin<GraphQLContext> {
  const gate = new AdmissionGate(limits);
  return {
    onContextBuilding({ extendContext }) {
      extendContext({ logReadBudget: limits.budget });
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!readsUserLog(args.document, args.operationName)) return;
      // Refused by the cost limit at its first field, before reading anything: no turn needed.
      if (exceedsCostLimit(args.document, args.variableValues, args.contextValue)) return;
      setExecuteFn(async (executionArgs) => {
        const release = await gate.enter();
        try {
          return await executeFn(executionArgs);
        } finally {
          release();
        }
      });
    },
  };
}
