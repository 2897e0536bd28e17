// A form that posts JSON to POST /echo and shows what the handler answered.
//
// The iframe is sandboxed without `allow-forms` unless the manifest asks for it and the host agrees,
// and without it the browser never fires `submit`. So the form sends from the button's click and
// from Enter in the field, and never relies on a real submission.
import { Button, Card, Field, Input, Stack, Text } from '@extsys/ui-kit';
import { useCallback, useState, type KeyboardEvent } from 'react';
import { useHelloApi } from './api.js';
import { ErrorMessage } from './ErrorMessage.js';
import { useAction } from './use-action.js';

export function EchoForm() {
  const api = useHelloApi();
  const [message, setMessage] = useState('Hello from the extension');
  const send = useAction(useCallback((text: string) => api.call('echo', { message: text, sentAt: Date.now() }), [api]));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void send.run(message);
  };
  return (
    <Card title="Echo">
      <form aria-label="Echo" data-testid="echo-form" onSubmit={(event) => event.preventDefault()}>
        <Stack gap={2}>
          <Field label="Message" help="Sent as JSON to POST /echo">
            <Input
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              onKeyDown={onKeyDown}
              data-testid="echo-input"
            />
          </Field>
          <div>
            <Button onClick={() => void send.run(message)} loading={send.busy} data-testid="echo-submit">
              Send
            </Button>
          </div>
        </Stack>
      </form>
      {send.data !== undefined && (
        <Stack gap={1}>
          <Text size="sm" tone="muted">
            The handler answered:
          </Text>
          <pre className="hello__json" data-testid="echo-result">
            {JSON.stringify(send.data, null, 2)}
          </pre>
        </Stack>
      )}
      {send.error && <ErrorMessage testId="echo-error" error={send.error} />}
    </Card>
  );
}
