import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The runner's Prometheus metrics (`GET /metrics`). */
export class RunnerMetrics {
  readonly registry = new Registry();
  readonly invocations = new Counter({
    name: 'extsys_runner_invocations_total',
    help: 'Handler invocations by outcome (ok, or the error code)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'extsys_runner_invocation_duration_seconds',
    help: 'Wall-clock time of /v1/execute, from a valid request to the answer',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  /**
   * One series set per tenant with calls: fine for the tenants of one product; a runner serving
   * very many tenants would bucket them before they reach this label.
   */
  readonly queueWait = new Histogram({
    name: 'extsys_runner_queue_wait_seconds',
    help: 'Time a call waited for an engine worker, by tenant: until it ran, or until its deadline (queue_timeout)',
    labelNames: ['tenant'] as const,
    buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly workerRestarts = new Counter({
    name: 'extsys_runner_worker_restarts_total',
    help: 'Engine workers terminated (deadline or crash) and replaced',
    registers: [this.registry],
  });
  readonly commitRetries = new Counter({
    name: 'extsys_runner_commit_retries_total',
    help: 'Calls run again because a concurrent call changed a KV key they wrote before they committed',
    registers: [this.registry],
  });
  readonly moduleCache = new Counter({
    name: 'extsys_runner_module_cache_total',
    help: 'Compiled-module cache lookups by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly bundleStoreFetches = new Counter({
    name: 'extsys_runner_bundle_store_fetches_total',
    help: 'Bundle-store lookups by outcome (found, not_found, error); unauthenticated ext-ui requests can cause them',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly bundleNegativeCache = new Counter({
    name: 'extsys_runner_bundle_negative_cache_total',
    help: 'Bundle refusals remembered (added) and answered from memory without asking the store (hit), by error code',
    labelNames: ['result', 'code'] as const,
    registers: [this.registry],
  });

  constructor(sources: { queueDepth: () => number; busyWorkers: () => number }) {
    new Gauge({
      name: 'extsys_runner_pool_queue_depth',
      help: 'Invocations waiting for an engine worker',
      registers: [this.registry],
      collect() {
        this.set(sources.queueDepth());
      },
    });
    new Gauge({
      name: 'extsys_runner_pool_busy_workers',
      help: 'Engine workers running an invocation',
      registers: [this.registry],
      collect() {
        this.set(sources.busyWorkers());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'extsys_runner_' });
  }
}
