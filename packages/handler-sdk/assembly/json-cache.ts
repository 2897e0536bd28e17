// json-as 1.6.0 allocates a 1 MiB string-cache arena at start even with the cache disabled
// (sc.arena sizes itself from JSON_CACHE_SIZE, default 1 MiB). Every invocation is a fresh
// instance, so that arena cost ~0.9 ms per call; the smallest size makes it 128 bytes.
@global export const JSON_CACHE_SIZE: usize = 128;
