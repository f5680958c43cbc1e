// Worker-thread entry of `rampart sweep`'s pool (src/app/research/threadPoolExecutor.ts): Node 20 does
// not pass the TypeScript loader the main thread registered on to worker threads, so each thread
// registers it before loading the worker.
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('../src/app/research/sweepWorker.ts');
export default runTask;
