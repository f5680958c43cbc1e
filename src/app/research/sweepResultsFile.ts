import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';

interface Header {
  readonly kind: 'rampart-sweep-results';
  readonly configSha256: string;
}

/**
 * A sweep's results as JSON lines: a header naming the config's hash, then one line per finished run,
 * appended and flushed as it finishes. A run is identified by its params hash, so a sweep killed at any
 * moment resumes by skipping the hashes already here; a last line cut off by the kill is dropped.
 */
export class SweepResultsFile {
  private readonly fd: number;
  readonly finished = new Map<string, SweepRunResult>();

  constructor(
    readonly path: string,
    configSha256: string,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) this.readExisting(configSha256);
    this.fd = openSync(path, 'a');
    if (this.finished.size === 0 && readFileSync(path).length === 0) this.write({ kind: 'rampart-sweep-results', configSha256 } satisfies Header);
  }

  private readExisting(configSha256: string): void {
    const text = readFileSync(this.path, 'utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete.length < text.length) truncateSync(this.path, Buffer.byteLength(complete));
    const lines = complete.split('\n').filter((line) => line.length > 0);
    if (lines.length === 0) return;
    const header = JSON.parse(lines[0]) as Partial<Header>;
    if (header.kind !== 'rampart-sweep-results') {
      throw new InputError(`${this.path}: not a sweep results file; name another --results file`, { file: this.path, keyPath: '--results' });
    }
    if (header.configSha256 !== configSha256) {
      throw new InputError(`${this.path}: holds results of another config (sha256 ${header.configSha256}, this one is ${configSha256}); name another --results file`, {
        file: this.path,
        keyPath: '--results',
      });
    }
    for (const line of lines.slice(1)) {
      const result = JSON.parse(line) as SweepRunResult;
      this.finished.set(result.paramsHash, result);
    }
  }

  append(result: SweepRunResult): void {
    this.write(result);
    this.finished.set(result.paramsHash, result);
  }

  private write(value: unknown): void {
    // One write call per line: a kill leaves whole lines and at most one cut-off last line.
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
