/**
 * The development-only event hub behind `GATEWAY_DEV_EVENTS` (`extsys dev`): what the host page's
 * event stream tells it without a reload — an install of its tenant changed (a new dev build was
 * published: reload the extension list, whose UI hashes say whether the frame remounts), or the
 * author's last build failed or recovered (shown over the frame). In memory: a restart forgets it.
 * The event shapes are `@extsys/protocol`'s (gateway/dev-events.ts).
 */
import type { BuildStatusEvent, DevEvent, InstallChangedEvent } from '@extsys/protocol';

type Listener = (event: DevEvent) => void;

export class DevEventHub {
  private readonly listeners = new Map<Listener, string>();
  /** The latest failed build per extension (a good build removes it): replayed to new subscribers. */
  private readonly failedBuilds = new Map<string, BuildStatusEvent>();

  /** Subscribes a page of `tenantId`; returns the unsubscribe function. */
  subscribe(tenantId: string, listener: Listener): () => void {
    this.listeners.set(listener, tenantId);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The builds currently failing, for a page that just connected. */
  failing(): BuildStatusEvent[] {
    return [...this.failedBuilds.values()];
  }

  /** Only the install's tenant hears of it: another tenant's pages learn nothing of its installs. */
  installChanged(event: InstallChangedEvent): void {
    for (const [listener, tenantId] of this.listeners) {
      if (tenantId === event.tenantId) listener({ type: 'installs', data: event });
    }
  }

  /**
   * Sent to every subscriber: a build status is about the author's source, which the dev stack's
   * tenants all run (its only users are the author's own).
   */
  buildStatus(event: BuildStatusEvent): void {
    if (event.ok) this.failedBuilds.delete(event.extensionId);
    else this.failedBuilds.set(event.extensionId, event);
    for (const listener of this.listeners.keys()) listener({ type: 'build', data: event });
  }
}
