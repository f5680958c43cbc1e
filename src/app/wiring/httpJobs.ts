//! Composition for the HTTP surfaces: a store-only server (`rampart serve`) and the control surface a
//! runner's process serves (`run --http`).
import { hostname } from 'node:os';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { ControlSurface, type RunnerProbe } from '../services/controlSurface.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';

/** Starts an HTTP server for a surface (the interface's), resolving to its stop. */
export type HttpStarter = (surface: ControlSurface) => Promise<{ close(): Promise<void> }>;

export function controlSurfaceOf(loaded: LoadedConfig, store: TradeStore, env: Readonly<Record<string, string | undefined>>, options: { runners?: () => readonly RunnerProbe[]; goLivePath?: string } = {}): ControlSurface {
  return new ControlSurface({ loaded, store, clock: { nowMs: () => Date.now() }, env, adminActor: `http-admin@${hostname()}`, ...options });
}

/** `rampart serve`: the runner's store behind the HTTP server until `signal` aborts. */
export async function serveJob(options: OperatorStoreOptions & { start: HttpStarter; signal: AbortSignal; goLivePath?: string }): Promise<void> {
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const server = await options.start(controlSurfaceOf(loaded, store, options.env ?? process.env, options.goLivePath !== undefined ? { goLivePath: options.goLivePath } : {}));
    try {
      await new Promise<void>((done) => {
        if (options.signal.aborted) return done();
        options.signal.addEventListener('abort', () => done(), { once: true });
      });
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
  }
}
