import type { Command } from 'commander';
import type { SetExitCode } from './setExitCode.ts';
import { register as registerBacktest } from './commands/backtest.ts';
import { register as registerCheck } from './commands/check.ts';
import { register as registerConfig } from './commands/config.ts';
import { register as registerData } from './commands/data.ts';
import { register as registerProfiles } from './commands/profiles.ts';
import { register as registerRisk } from './commands/risk.ts';
import { register as registerRun } from './commands/run.ts';
import { register as registerStatus } from './commands/status.ts';
import { register as registerKill } from './commands/kill.ts';
import { register as registerReset } from './commands/reset.ts';
import { register as registerFlatten } from './commands/flatten.ts';
import { register as registerConsistency } from './commands/consistency.ts';
import { register as registerVenueSim } from './commands/venueSim.ts';
import { register as registerPreflight } from './commands/preflight.ts';
import { register as registerLaunchGuard } from './commands/launchGuard.ts';
import { register as registerGoLive } from './commands/goLive.ts';
import { register as registerStage } from './commands/stage.ts';
import { register as registerSizing } from './commands/sizing.ts';
import { register as registerRiskGuard } from './commands/riskGuard.ts';
import { register as registerReport } from './commands/report.ts';
import { register as registerServe } from './commands/serve.ts';
import { register as registerIncident } from './commands/incident.ts';
import { register as registerStress } from './commands/stress.ts';
import { register as registerStrategies } from './commands/strategies.ts';
import { register as registerModel } from './commands/model.ts';
import { register as registerExchanges } from './commands/exchanges.ts';
import { register as registerSweep } from './commands/sweep.ts';
import { register as registerWalkForward } from './commands/walkForward.ts';
import { register as registerWorker } from './commands/worker.ts';

/**
 * Every command module exports `register(program, setExitCode)`; this is the one list of them.
 * A command throws InputError for bad input (exit 2) and calls setExitCode(1) for a failed check.
 */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerBacktest(program, setExitCode);
  registerCheck(program, setExitCode);
  registerConfig(program, setExitCode);
  registerData(program, setExitCode);
  registerProfiles(program, setExitCode);
  registerRisk(program, setExitCode);
  registerRun(program, setExitCode);
  registerStatus(program, setExitCode);
  registerKill(program, setExitCode);
  registerReset(program, setExitCode);
  registerFlatten(program, setExitCode);
  registerConsistency(program, setExitCode);
  registerVenueSim(program, setExitCode);
  registerPreflight(program, setExitCode);
  registerLaunchGuard(program, setExitCode);
  registerGoLive(program, setExitCode);
  registerStage(program, setExitCode);
  registerSizing(program, setExitCode);
  registerRiskGuard(program, setExitCode);
  registerReport(program, setExitCode);
  registerServe(program, setExitCode);
  registerIncident(program, setExitCode);
  registerStress(program, setExitCode);
  registerStrategies(program, setExitCode);
  registerModel(program, setExitCode);
  registerExchanges(program, setExitCode);
  registerSweep(program, setExitCode);
  registerWalkForward(program, setExitCode);
  registerWorker(program, setExitCode);
}
