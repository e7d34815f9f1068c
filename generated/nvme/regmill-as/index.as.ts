// The hand-written core that generated AssemblyScript modules import: volatile access per width, the
// fence, polling loops and ring arithmetic. `asc assembly/index.as.ts` (asconfig target "core") builds it
// alone as a check; generated modules get a verbatim copy beside them (regmill-as/).
export * from './volatile.as';
export * from './fence.as';
export * from './poll.as';
export * from './ring.as';
