import { z } from 'zod';
import type { StrategyDefinition } from '../../strategy/strategy.ts';

/**
 * A scripted strategy for live-runner rehearsals: each bar's volume carries the target
 * (1 → long, 2 → short, 9 → an impossible target of 5, the bug the engine must refuse; anything else → flat),
 * with a protective stop `stopDistance` away and, when
 * given, a fixed `confidence` and a take-profit `takeProfitDistance` away.
 */
export const strategy: StrategyDefinition<{ stopDistance: number; confidence?: number | undefined; takeProfitDistance?: number | undefined }> = {
  name: 'volume-script',
  description: 'target from the bar volume (1 long, 2 short, else flat)',
  paramsSchema: z.object({ stopDistance: z.number().positive().default(500), /** Confidence carried by every signal (default none). */ confidence: z.number().min(0).max(1).optional(), /** Take-profit distance of every entry (default none). */ takeProfitDistance: z.number().positive().optional() }).strict(),
  create: (params) => ({
    name: 'volume-script',
    warmupBars: 0,
    onBar(bar, _position, signal) {
      signal.target = bar.volume === 1 ? 1 : bar.volume === 2 ? -1 : bar.volume === 9 ? 5 : 0;
      signal.stopDistance = signal.target === 0 ? Number.NaN : params.stopDistance;
      if (params.confidence !== undefined) signal.confidence = params.confidence;
      if (params.takeProfitDistance !== undefined && signal.target !== 0) signal.takeProfitDistance = params.takeProfitDistance;
    },
  }),
};
export default strategy;
