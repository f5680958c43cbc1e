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
 * The gate's two runner dependencies for a real-mode account: entries only while GO-LIVE is active
 * (the go-live file, its flag file and the store's activation, read at each decision), and sizing from
 * min(venue equity, the capital of the stage the store puts the account at).
 */
export function liveGateDeps(input: { store: TradeStore; account: string; goLivePath: string | undefined; rules: LoadedScaleRules | undefined }): Pick<CreateLiveRunnerInput, 'entryPermission' | 'sizingEquity'> {
  const { store, account, rules } = input;
  return {
    ...(input.goLivePath !== undefined ? { entryPermission: goLiveEntryPermission(store, input.goLivePath, account) } : {}),
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
