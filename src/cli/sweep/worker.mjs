// Entry file of a sweep worker thread (piscina). A worker thread does not inherit the tsx loader
// that bin/lazyrich.mjs registered in the main thread, so this plain ESM file registers it and then
// loads the TypeScript worker module next to it (resolved from import.meta.url, so it works from
// a checkout and from an installed package alike). The default export is piscina's task handler.
import { register } from 'tsx/esm/api';

register();
const { runPointTask } = await import('./worker.ts');

export default runPointTask;
