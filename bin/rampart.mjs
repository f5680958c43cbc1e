#!/usr/bin/env node
// Entry point of the `rampart` CLI: registers the TypeScript loader, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/interfaces/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// The command is done when main returns (its store closed): a venue socket or timer that a stopped
// runner's abandoned step left behind must not keep the process alive.
process.exit();
