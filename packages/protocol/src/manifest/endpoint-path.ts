import * as z from 'zod/mini';
import { ENDPOINT_PATH_PATTERN, ENDPOINT_PATH_RULE } from './endpoint-pattern.js';

export { ENDPOINT_PATH_PATTERN };
export const EndpointPath = z.string().check(z.maxLength(512), z.regex(ENDPOINT_PATH_PATTERN, ENDPOINT_PATH_RULE));
export type EndpointPath = z.infer<typeof EndpointPath>;
