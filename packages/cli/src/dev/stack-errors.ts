import { isStackError } from '@extsys/demo';
import { CliError } from '../cli-error.js';

export interface DevPorts {
  hostPort: number;
  runnerPort: number;
  quotePort: number;
}

/** A stack that cannot start, said in the terms of `extsys dev`'s own flags. */
export function devStackError(error: unknown, ports: DevPorts): unknown {
  if (!isStackError(error)) return error;
  if (error.code === 'port_in_use') {
    const port = Number(/port (\d+)/.exec(error.message)?.[1]);
    const flag =
      port === ports.hostPort
        ? '--host-port'
        : port === ports.runnerPort
          ? '--runner-port'
          : port === ports.quotePort
            ? '--quote-port'
            : undefined;
    return new CliError(
      'port_in_use',
      `port ${port} is already in use (another extsys dev or npm run demo?): stop it, or start on another port` +
        (flag ? ` with ${flag} <n>` : ' (--host-port, --runner-port, --quote-port)'),
    );
  }
  if (error.code === 'service_not_built') {
    return new CliError(
      'stack_not_built',
      `${error.message} — in the extsys checkout this CLI runs from (the dev stack's runner and gateway come from it)`,
    );
  }
  return new CliError(error.code, error.message);
}
