import type { EntryPermission } from '../../ops/launchGuard/index.ts';
import { sizingCapital } from '../../ops/scaleRules/index.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { frozenConfigMatches, type LoadedScaleRules } from '../config/loadScaleRules.ts';
import { goLiveEntryPermission } from './goLive.ts';
import { ladderPosition, stageToEnter } from './ladderState.ts';
import { LiveStartRefusedError, type CreateLiveRunnerInput } from './liveRunner.ts';

/**
 * A real-mode runner given `--rules` trades only the config the rules pin (R1 SOP §1.3, §5.3): the
 * file's hash must equal `frozenConfig.sha256`, and an approved `--config-sha256` must be that same pin.
 */
export function enforceFrozenConfig(loaded: LoadedConfig, rules: LoadedScaleRules, approvedSha256: string | undefined): void {
  const pin = frozenConfigMatches(rules, loaded.path);
  if (!pin.ok) {
    throw new LiveStartRefusedError(
      loaded.path,
      'LAUNCH_CHECK',
      `the config file is not the frozen one the rules file ${rules.path} pins: ${loaded.path} has sha256 ${pin.actual}, the pin is ${pin.pinned} for ${pin.pinnedFile}; restore it (git checkout -- ${rules.rules.frozenConfig.file}) or pin the new hash deliberately: no order was sent`,
    );
  }
  if (approvedSha256 !== undefined && approvedSha256 !== pin.pinned) {
    throw new LiveStartRefusedError(loaded.path, 'LAUNCH_CHECK', `--config-sha256 ${approvedSha256} differs from the rules file's pin ${pin.pinned} (${rules.path}): one approved hash, no order was sent`);
  }
}

/**
 * A pinned runner's guard against an edit of its config while it runs: the runner trades the pinned config
 * it loaded, but a file that no longer matches the pin means someone is changing a frozen config on a live
 * machine (R1 SOP §1.3: a change goes through the reset procedure). Entries stop, with the two hashes, until
 * the file is restored; exits and protective stops still go out. Read at each decision with an entry.
 */
export function frozenConfigPermission(rules: LoadedScaleRules, configPath: string): (nowMs: number) => Promise<EntryPermission> {
  return async () => {
    let pin: ReturnType<typeof frozenConfigMatches>;
    try {
      pin = frozenConfigMatches(rules, configPath);
    } catch (error) {
      return { allowed: false, reason: `the pinned config ${configPath} cannot be read (${error instanceof Error ? error.message : String(error)}): no entry until it is restored` };
    }
    if (pin.ok) return { allowed: true, reason: '' };
    return {
      allowed: false,
      reason: `the pinned config ${configPath} changed on disk while the runner runs (sha256 ${pin.actual}, pinned ${pin.pinned}): no entry until it is restored (git checkout -- ${rules.rules.frozenConfig.file}); a deliberate change needs a new pin and a restart`,
    };
  };
}

/** Entries only while every permission allows; the first refusal is the reason. */
function allOf(permissions: ReadonlyArray<(nowMs: number) => Promise<EntryPermission>>): ((nowMs: number) => Promise<EntryPermission>) | undefined {
  if (permissions.length === 0) return undefined;
  return async (nowMs) => {
    for (const permission of permissions) {
      const verdict = await permission(nowMs);
      if (!verdict.allowed) return verdict;
    }
    return { allowed: true, reason: '' };
  };
}

/**
 * The gate's two runner dependencies for a real-mode account: entries only while GO-LIVE is active
 * (the go-live file, its flag file and the store's activation, read at each decision) and, with rules, while
 * the config file still matches its pin; sizing from min(venue equity, the capital of the stage the store
 * puts the account at).
 */
export function liveGateDeps(input: { store: TradeStore; account: string; goLivePath: string | undefined; rules: LoadedScaleRules | undefined; configPath: string }): Pick<CreateLiveRunnerInput, 'entryPermission' | 'sizingEquity'> {
  const { store, account, rules } = input;
  const entryPermission = allOf([
    ...(rules !== undefined ? [frozenConfigPermission(rules, input.configPath)] : []),
    ...(input.goLivePath !== undefined ? [goLiveEntryPermission(store, input.goLivePath, account)] : []),
  ]);
  return {
    ...(entryPermission !== undefined ? { entryPermission } : {}),
    ...(rules !== undefined
      ? {
          sizingEquity: async (equity: number, nowMs: number) => {
            const position = await ladderPosition(store, rules.rules, account, nowMs);
            return sizingCapital(equity, stageToEnter(rules.rules, position.current));
          },
        }
      : {}),
  };
}
