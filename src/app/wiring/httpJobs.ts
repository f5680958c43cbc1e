//! Composition for the HTTP surfaces: a store-only server (`rampart serve`) and the control surface a
//! runner's process serves (`run --http`).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { DEFAULT_STRESS_SCENARIOS_FILE, loadStressScenarios } from '../config/loadStressScenarios.ts';
import type { StressSource } from '../services/stressSummary.ts';
import { CandleStoreMarketFeed } from './candleStoreMarketFeed.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { ControlSurface, type RunnerProbe } from '../services/controlSurface.ts';
import { openStore, type OperatorStoreOptions } from './paperJobs.ts';

/** Starts an HTTP server for a surface (the interface's), resolving to its stop. */
export type HttpStarter = (surface: ControlSurface) => Promise<{ close(): Promise<void> }>;

export function controlSurfaceOf(loaded: LoadedConfig, store: TradeStore, env: Readonly<Record<string, string | undefined>>, options: { runners?: () => readonly RunnerProbe[]; goLivePath?: string } = {}): ControlSurface {
  const stress = stressSourceOf(loaded);
  return new ControlSurface({ loaded, store, clock: { nowMs: () => Date.now() }, env, adminActor: `http-admin@${hostname()}`, ...(stress !== undefined ? { stress } : {}), ...options });
}

/** What `rampart stress` reads (the shipped registry, the candle store), for the dashboard and /metrics; none without the registry file. */
function stressSourceOf(loaded: LoadedConfig): StressSource | undefined {
  if (!existsSync(resolve(DEFAULT_STRESS_SCENARIOS_FILE))) return undefined;
  return { registry: loadStressScenarios(DEFAULT_STRESS_SCENARIOS_FILE).registry, feed: new CandleStoreMarketFeed(new ArrowCandleStore(resolve(loaded.config.data.store))) };
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
