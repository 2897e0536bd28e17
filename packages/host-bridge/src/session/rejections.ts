import type { Logger } from '../logger.js';
import { createStats, type MessageRejectedEvent, type RejectReason, type RejectionStats } from '../message-guard.js';

export interface Rejections {
  /** Counts a refused message, warns once per reason and emits `message-rejected`. */
  reject(reason: RejectReason, message: string, method?: string): void;
  /** A snapshot of the counters. */
  readonly stats: RejectionStats;
}

/** The rejected-message counters of one mount, shared by the engine and the transport's guards. */
export function createRejections(options: {
  logger: Logger;
  tag: string;
  emit: (event: MessageRejectedEvent) => void;
}): Rejections {
  const stats = createStats();
  const warned = new Set<RejectReason>();
  return {
    reject(reason, message, method) {
      stats.total++;
      stats.byReason[reason]++;
      if (!warned.has(reason)) {
        warned.add(reason);
        options.logger.warn(
          `${options.tag}: rejected a bridge message (${reason}): ${message}. Further ones are only counted.`,
        );
      }
      options.emit(method === undefined ? { reason, message } : { reason, message, method });
    },
    get stats() {
      return { total: stats.total, byReason: { ...stats.byReason } };
    },
  };
}
