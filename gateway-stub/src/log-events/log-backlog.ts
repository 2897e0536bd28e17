import type { InvocationEvent } from '@extsys/protocol';
import { BoundedLog } from '@extsys/service';

/** An event as the backlog keeps it: parsed for filtering, serialised once for every stream. */
export interface BacklogEntry {
  /** The gateway's own order of arrival (events of several runner processes interleave). */
  position: number;
  event: InvocationEvent;
  json: string;
  bytes: number;
}

export interface BacklogLimits {
  maxEvents: number;
  maxBytes: number;
}

/** What a reader resuming after an id gets: the entries after it, or everything when the id is unknown. */
export interface BacklogReplay {
  entries: BacklogEntry[];
  /** The id asked for is not (or no longer) in the backlog: events may have been missed. */
  gap: boolean;
}

/**
 * The gateway's recent invocation events, bounded by count and bytes (oldest out first), with live
 * listeners. Events come from the runner's stream, which may replay some after a reconnect: an id
 * already kept is ignored.
 */
export class LogBacklog {
  private nextPosition = 1;
  private readonly positions = new Map<string, number>();
  private readonly log: BoundedLog<BacklogEntry>;

  constructor(limits: BacklogLimits) {
    this.log = new BoundedLog({ maxEntries: limits.maxEvents, maxBytes: limits.maxBytes }, (dropped) =>
      this.positions.delete(dropped.event.id),
    );
  }

  /** Keeps and announces one event; false when its id was already kept. */
  add(event: InvocationEvent, json: string): boolean {
    if (this.positions.has(event.id)) return false;
    const entry: BacklogEntry = { position: this.nextPosition++, event, json, bytes: Buffer.byteLength(json) };
    this.positions.set(event.id, entry.position);
    this.log.push(entry);
    return true;
  }

  get size(): number {
    return this.log.size;
  }

  get totalBytes(): number {
    return this.log.totalBytes;
  }

  /** Kept entries, oldest first. */
  all(): BacklogEntry[] {
    return this.log.from();
  }

  /** The entries after the event `lastEventId` (all of them, with `gap`, when it is not kept). */
  after(lastEventId: string | undefined): BacklogReplay {
    if (lastEventId === undefined) return { entries: this.all(), gap: false };
    const position = this.positions.get(lastEventId);
    if (position === undefined) return { entries: this.all(), gap: true };
    const first = this.log.oldest()?.position ?? position + 1;
    return { entries: this.log.from(position - first + 1), gap: false };
  }

  /** Entries after a position (what a stream that paused for a slow reader resumes with). */
  afterPosition(position: number): BacklogReplay {
    const first = this.log.oldest()?.position ?? this.nextPosition;
    if (position < first - 1) return { entries: this.all(), gap: true };
    return { entries: this.log.from(position - first + 1), gap: false };
  }

  subscribe(listener: (entry: BacklogEntry) => void): () => void {
    return this.log.subscribe(listener);
  }
}
