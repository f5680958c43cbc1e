import type { Command } from 'commander';
import { configHash } from '../../../app/main.ts';
import { frozenConfigMatches, loadScaleRules } from '../../../app/config/loadScaleRules.ts';
import { describeCriterion } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart config hash FILE`: the SHA-256 a frozen config is verified against; `config rules FILE`: the go-live rules. */
export function register(program: Command, setExitCode: SetExitCode): void {
  const config = program.command('config').description('inspect config files');
  config
    .command('hash')
    .description("print the SHA-256 of a config file's bytes (as `shasum -a 256` does)")
    .argument('<file>', 'config file')
    .action((file: string) => {
      process.stdout.write(`${configHash(file)}  ${file}\n`);
    });
  config
    .command('rules')
    .description('validate a go-live rules file (e.g. config/r1-scale-rules.yaml), show its ladder and whether its pinned config is unchanged; exit 1 on a changed config')
    .argument('<file>', 'rules file')
    .action((file: string) => {
      const loaded = loadScaleRules(file);
      const pin = frozenConfigMatches(loaded, loaded.frozenConfigPath);
      const lines = [
        `rules file ${loaded.path}`,
        `pinned config ${pin.pinnedFile}`,
        `  pinned sha256 ${pin.pinned}`,
        `  actual sha256 ${pin.actual}  ${pin.ok ? 'MATCH' : `CHANGED: restore the frozen file (git checkout -- ${loaded.rules.frozenConfig.file}) or pin the new hash deliberately`}`,
        'capital ladder:',
      ];
      for (const stage of loaded.rules.ladder) {
        lines.push(`  stage ${stage.stage} ${stage.name}: ${stage.mode}, capital ${stage.capital} USDT${stage.minDays > 0 ? `, at least ${stage.minDays} days` : ''}`);
        if (stage.attestations.length > 0) lines.push(`    attest: ${stage.attestations.join('; ')}`);
        if (stage.exit.length > 0) lines.push(`    exit (all): ${stage.exit.map(describeCriterion).join(', ')}`);
        if (stage.abort !== undefined) lines.push(`    abort to stage ${stage.abort.toStage} (any): ${stage.abort.any.map(describeCriterion).join(', ')}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!pin.ok) setExitCode(1);
    });
}
