// A disclosure: opening it makes the page taller, and the SDK's auto-resize tells the host.
import { useExt, useTheme } from '@extsys/ext-sdk/react';
import { Button, Card } from '@extsys/ui-kit';
import { useId, useState } from 'react';

export function Details() {
  const ext = useExt();
  const theme = useTheme();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const { extension, tenant, locale, hostFeatures, gateway } = ext.context;
  const rows: [string, string][] = [
    ['Extension', `${extension.id} ${extension.version}`],
    ['Content hash', extension.contentHash],
    ['Install', extension.installId],
    ['Tenant', tenant.id],
    ['Locale', locale],
    ['Theme', theme.mode],
    ['Host features', hostFeatures.length > 0 ? hostFeatures.join(', ') : 'none'],
    ['API transport', gateway.transport],
  ];
  return (
    <Card
      title="Details"
      actions={
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          data-testid="details-toggle"
        >
          {open ? 'Hide details' : 'Show details'}
        </Button>
      }
    >
      <div id={panelId} hidden={!open} data-testid="details-panel">
        {open && (
          <dl className="hello__details">
            {rows.map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </Card>
  );
}
