import { Badge } from '@extsys/ui-kit';
import type { Status } from './api.js';

const TONE = { active: 'success', paused: 'warning', archived: 'neutral' } as const;

export function StatusBadge({ status }: { status: Status }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
