import * as z from 'zod/mini';
import { SdkFeatureList } from '../bridge/features.js';
import { ProtocolRange } from './negotiation.js';
import { MountNonce, SemVer } from '../primitives/ids.js';

/** The SDK's first call on the private port: who it is and what it speaks. */
export const Hello = z.strictObject({
  nonce: MountNonce,
  protocol: ProtocolRange,
  sdkVersion: SemVer,
  features: SdkFeatureList,
});
export type Hello = z.infer<typeof Hello>;
