/** What a real-mode runner reads at each decision to know whether it may open risk (operator manual §2–3). */
export interface GoLiveObservation {
  /** The go-live file's `activationEnabled`; undefined when the file could not be read. */
  readonly activationEnabled: boolean | undefined;
  /** Why the go-live file could not be read. */
  readonly fileError?: string;
  readonly flagPath: string;
  readonly flagPresent: boolean;
  /** The account's last ACTIVATED / DEACTIVATED record in the store. */
  readonly lastSwitch: { readonly kind: 'ACTIVATED' | 'DEACTIVATED'; readonly atMs: number; readonly actor: string } | undefined;
}

export interface EntryPermission {
  readonly allowed: boolean;
  readonly reason: string;
}

/**
 * Entries may go out only while all three hold: the go-live file enables activation, the flag file
 * exists, and the store's last switch for the account is an activation. Anything unreadable refuses.
 */
export function goLivePermission(observed: GoLiveObservation): EntryPermission {
  if (observed.activationEnabled === undefined) return { allowed: false, reason: `GO-LIVE not active: the go-live file could not be read (${observed.fileError ?? 'unknown error'})` };
  if (!observed.activationEnabled) return { allowed: false, reason: 'GO-LIVE not active: activationEnabled is false in the go-live file' };
  if (!observed.flagPresent) return { allowed: false, reason: `GO-LIVE not active: no flag file ${observed.flagPath} (rampart go-live activate)` };
  if (observed.lastSwitch === undefined) return { allowed: false, reason: 'GO-LIVE not active: no activation recorded in the store (rampart go-live activate)' };
  if (observed.lastSwitch.kind !== 'ACTIVATED') return { allowed: false, reason: `GO-LIVE not active: deactivated by ${observed.lastSwitch.actor}` };
  return { allowed: true, reason: `GO-LIVE active since ${new Date(observed.lastSwitch.atMs).toISOString()} (${observed.lastSwitch.actor})` };
}
