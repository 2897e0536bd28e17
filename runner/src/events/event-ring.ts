import { LOG_EVENT_LIMITS, type InvocationEvent } from '@extsys/protocol';
import { BoundedLog } from '@extsys/service';
import { nanoid } from 'nanoid';

/** An event as the ring keeps it: serialised once, for every reader. */
export interface RingEntry {
  id: string;
  sequence: number;
  json: string;
  bytes: number;
}

export interface EventRingLimits {
  /** Most events kept for replay. */
  maxEvents: number;
  /** Most bytes (of their JSON) kept for replay. */
  maxBytes: number;
}

/** What a reader asking to resume after `lastEventId` gets: the entries after it, and what it lost. */
export interface Replay {
  entries: RingEntry[];
  /** Events between `lastEventId` and the first entry that are no longer kept (0: none lost). */
  lost: number;
}

/**
 * The runner's recent invocation events in memory, bounded by count and bytes (the oldest go first),
 * with live subscribers. Ids are `{boot}-{sequence}`: `boot` is random per process, so after a restart
 * an id from the previous process is recognised as such (its reader gets everything kept) instead of
 * being taken for a position in the new sequence.
 */
export class EventRing {
  readonly boot = nanoid(10).replace(/-/g, '_');
  private sequence = 0;
  private readonly log: BoundedLog<RingEntry>;

  constructor(limits: EventRingLimits) {
    this.log = new BoundedLog({ maxEntries: limits.maxEvents, maxBytes: limits.maxBytes });
  }

  /** Assigns the next id and publishes. Events over LOG_EVENT_LIMITS.maxEventBytes are the caller's bug. */
  publish(event: Omit<InvocationEvent, 'id'>): RingEntry {
    const sequence = ++this.sequence;
    const id = `${this.boot}-${sequence}`;
    const json = JSON.stringify({ id, ...event });
    const entry: RingEntry = { id, sequence, json, bytes: Buffer.byteLength(json) };
    if (entry.bytes > LOG_EVENT_LIMITS.maxEventBytes) {
      throw new RangeError(`event ${id} is ${entry.bytes} bytes; fit it first (fitInvocationEvent)`);
    }
    this.log.push(entry);
    return entry;
  }

  get size(): number {
    return this.log.size;
  }

  /** Everything kept after `lastEventId` (everything when it is absent or from another boot). */
  after(lastEventId: string | undefined): Replay {
    const kept = this.log.from();
    const position = lastEventId === undefined ? undefined : parseId(lastEventId);
    if (position === undefined || position.boot !== this.boot) return { entries: kept, lost: 0 };
    const oldest = kept[0]?.sequence ?? this.sequence + 1;
    return {
      entries: kept.filter((entry) => entry.sequence > position.sequence),
      lost: Math.max(0, oldest - position.sequence - 1),
    };
  }

  subscribe(listener: (entry: RingEntry) => void): () => void {
    return this.log.subscribe(listener);
  }
}

function parseId(id: string): { boot: string; sequence: number } | undefined {
  const match = /^([A-Za-z0-9_]+)-(\d+)$/.exec(id);
  return match ? { boot: match[1]!, sequence: Number(match[2]) } : undefined;
}
