// The generator's physics version, written into every sidecar as params.labVersion. Issue 3 promises that the same
// seed gives the same bytes, but only for the same generator: a chunk is reproducible by a checkout whose
// LAB_VERSION equals the chunk's. Bump it in any commit that changes the output bytes of any class for an old seed
// (new physics, a changed draw, a different floating-point order); speed-ups with the same bytes leave it alone.
// docs/lab.md "Generator changes" lists what each version changed and which chunks were made with it.
// Chunks written before this field existed have no params.labVersion (versions 1-8 in that table; version 8 is the first to record it).
export const LAB_VERSION = 8;
