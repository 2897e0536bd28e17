import { PROTOCOL_VERSION, majorOf } from '@extsys/protocol/bridge';

/** This SDK's version (kept equal to package.json by a test). */
export const SDK_VERSION = '0.1.0';

/** The bridge protocol versions this SDK speaks: every minor of the current major up to its own. */
export const SDK_PROTOCOL_RANGE = { min: `${majorOf(PROTOCOL_VERSION)}.0`, max: PROTOCOL_VERSION } as const;
