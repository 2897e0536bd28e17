import * as z from 'zod/mini';
import { ERROR_CODES, errorCodeInfo } from './code-table.js';

export { ERROR_CODES, errorCodeInfo };
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;
