// Worker-thread entry of the sweep pool: Node 20 does not pass the TypeScript loader the main thread
// registered on to worker threads, so each thread registers it before loading the worker.
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./sweepWorker.ts');
export default runTask;
