import * as z from 'zod/mini';
import { uniqueList } from '../primitives/schema-builders.js';
import { HOST_FEATURES, SDK_FEATURES } from './feature-names.js';

export { HOST_FEATURES, SDK_FEATURES };
export const SdkFeature = z.enum(SDK_FEATURES);
export type SdkFeature = z.infer<typeof SdkFeature>;
export const SdkFeatureList = uniqueList(SdkFeature, 32);

export const HostFeature = z.enum(HOST_FEATURES);
export type HostFeature = z.infer<typeof HostFeature>;
