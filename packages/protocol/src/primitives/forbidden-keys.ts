/**
 * Keys that would reach an object's prototype when a parsed record is later merged or assigned.
 * zod drops `__proto__` silently; extsys refuses all three loudly so an attack is visible and counted.
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
