// Imported first by both bench pages, so it is the first module of each bundle to evaluate: the
// mark splits the script's parse/compile (before it) from the evaluation of the modules (after it).
export const scriptStart = performance.now();
