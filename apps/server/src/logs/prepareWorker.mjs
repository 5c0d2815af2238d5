// The entry of the import's reading thread. Node 20 gives a worker none of the main thread's
// --import hooks, so the worker registers tsx itself before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./prepareWorker.ts');
