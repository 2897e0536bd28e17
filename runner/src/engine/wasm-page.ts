/** The size of a WebAssembly memory page: every memory size the engine works with is a count of them. */
export const WASM_PAGE_BYTES = 65536;
