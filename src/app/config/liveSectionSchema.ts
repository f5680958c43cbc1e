import { z } from 'zod';

/** The config's `live` section: how the live runner reconciles and guards positions. */
export const liveSectionSchema = z
  .object({
    /** What happens to orders that are not ours: halt the account, or cancel them. Foreign positions always alert. */
    externalPolicy: z.enum(['halt', 'cancel']).default('halt'),
    /** Look-ups by client order id before an intent counts as never sent (K). */
    lookupAttempts: z.number().int().min(1).max(50).default(8),
    /** Time the look-ups are spread over (T), ms. */
    lookupWindowMs: z.number().int().min(0).default(60_000),
    /** Longest time a position may lack its protective stop before a HALT, ms. */
    maxNakedMs: z.number().int().positive().default(10_000),
    /** Reconcile with the venue every N bars. */
    reconcileEveryBars: z.number().int().positive().default(1),
    /** How often between bars the runner checks the store for kill and flatten commands (and retries a venue it could not use), ms. */
    commandCheckMs: z.number().int().min(100).max(60_000).default(5_000),
    /**
     * Dead-man switch (Binance countdownCancelAll): while the runner has working entries, the venue
     * cancels the symbol's open regular orders this long after the runner's last refresh, ms; refreshed
     * every quarter of it. 0 turns it off. Venues without one: see the venue quirks table.
     */
    deadManCountdownMs: z.number().int().min(0).max(3_600_000).default(120_000),
  })
  .strict();
export type LiveSection = z.output<typeof liveSectionSchema>;
