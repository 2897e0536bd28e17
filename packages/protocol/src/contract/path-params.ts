// The parameters of an endpoint path, as a type: `/items/:id/notes/:note` → `{ id: string; note: string }`.
// The runtime twin is `pathParamNames` (manifest/endpoint-pattern.ts).

type SegmentParam<Segment extends string> = Segment extends `:${infer Name}` ? Name : never;

/** The `:name` segments of a path pattern, as a union of names. */
export type PathParamName<Path extends string> = Path extends `${infer Head}/${infer Rest}`
  ? SegmentParam<Head> | PathParamName<Rest>
  : SegmentParam<Path>;

/** Each `:name` of the path as a string field (path parameters are always text). */
export type PathParams<Path extends string> = { [Name in PathParamName<Path>]: string };
