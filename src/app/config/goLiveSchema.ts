import { z } from 'zod';

/**
 * The GO-LIVE switch's file (`config/go-live.yaml`, operator manual §2–3): whether activation is
 * allowed at all, what it requires, where its flag file lives and which service checks preflight runs.
 */
export const goLiveSchema = z
  .object({
    /** The operator's deliberate "yes": false refuses `go-live activate`, and an active account stops opening risk at its next decision. */
    activationEnabled: z.boolean().default(false),
    /** Activation needs this risk state: OK = trading state ACTIVE and no open critical incident. */
    requireRiskState: z.enum(['OK']).default('OK'),
    /** The first real activation needs the rules file's `launch.minTestnetTrades` filled on the testnet. */
    requireTestnetTrades: z.boolean().default(true),
    /** The flag file `activate` writes and a runner checks at each decision, relative to this file. */
    flagFile: z.string().min(1).default('go_live.active'),
    /** HTTP health endpoint preflight asks (2xx); absent: reported as not configured. */
    healthUrl: z.string().url().optional(),
    /** Metrics endpoint preflight asks (2xx); absent: reported as not configured. */
    metricsUrl: z.string().url().optional(),
    /** Stress scenarios that must be registered in the stress-scenario file. */
    stressScenarios: z.array(z.string().min(1)).default([]),
    /**
     * The stress-scenario registry preflight validates, relative to this file (e.g. stress-scenarios.yaml);
     * absent with no stressScenarios named: reported as not configured; absent with names: stress-scenarios.yaml.
     */
    stressScenariosFile: z.string().min(1).optional(),
    /**
     * The `rampart walk-forward --json` report go-live requires, relative to this file: preflight (and so the
     * launch guard and `go-live activate`) fails unless it is of this config's bytes and passed its
     * acceptance bars; absent: reported as not configured.
     */
    walkForwardReport: z.string().min(1).optional(),
  })
  .strict();

export type GoLiveSettings = z.output<typeof goLiveSchema>;
