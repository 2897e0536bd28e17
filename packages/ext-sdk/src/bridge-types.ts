// Types only: what the SDK sends and receives on the bridge (erased at build).
import type { MethodParams, MethodResult } from '@extsys/protocol/bridge';
import type { HOST_METHODS, HostMethodName } from '@extsys/protocol/host-methods';

export type { HostMethodName };
export type { PortCall, PortReply } from '@extsys/protocol/bridge';
export type HostParams<M extends HostMethodName> = MethodParams<typeof HOST_METHODS, M>;
export type HostResult<M extends HostMethodName> = MethodResult<typeof HOST_METHODS, M>;
