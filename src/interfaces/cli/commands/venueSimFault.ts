import type { Command } from 'commander';
import { venueSimFaultJob } from '../../../app/wiring/venueSimFaultJob.ts';
import { isSimControlKind, parseSimControlCommand, SIM_CONTROL_KINDS, type SimControlCommand } from '../../../app/services/venueSimulator.ts';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** Flags that carry a number, and the field of the fault each one sets. */
const NUMBER_FLAGS = {
  count: 'count',
  ms: 'ms',
  status: 'status',
  retryAfterSeconds: 'retryAfterSeconds',
  code: 'code',
  httpStatus: 'httpStatus',
  fraction: 'fraction',
  skippedUpdates: 'skippedUpdates',
  weight: 'weight',
  price: 'price',
  spread: 'spread',
  rate: 'rate',
  quantity: 'quantity',
  leverage: 'leverage',
  lotStep: 'lotStep',
  tickSize: 'tickSize',
  minQty: 'minQty',
  minNotional: 'minNotional',
} as const;

/** The key permissions `apiRestrictions` can change, each a `--<kebab-name> true|false` flag. */
const PERMISSION_FLAGS = [
  'ipRestrict',
  'enableReading',
  'enableFutures',
  'enableWithdrawals',
  'enableInternalTransfer',
  'permitsUniversalTransfer',
  'enableVanillaOptions',
  'enableMargin',
  'enableSpotAndMarginTrading',
] as const;

/** Flags that carry a word, and the field each sets. */
const TEXT_FLAGS = { path: 'path', msg: 'msg', symbol: 'symbol', side: 'side', type: 'type', clientOrderId: 'clientOrderId', marginType: 'marginType' } as const;

type FaultFlags = Partial<Record<keyof typeof NUMBER_FLAGS | keyof typeof TEXT_FLAGS | (typeof PERMISSION_FLAGS)[number] | 'dualSidePosition' | 'missed' | 'url' | 'varsFile' | 'port' | 'json', string>> & {
  thenCancel?: boolean;
  list?: boolean;
  clear?: boolean;
};

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

const KIND_HELP = `
Kinds (each applies to the next matching request(s); --count N for N of them, --path narrows to one
pathname or "METHOD /pathname"):
  latency --ms N                       answer N ms late
  http5xx [--status 500|502|503|504]   fail before the venue acts
  http5xxAfterAccept                   act, then answer 503 (outcome unknown to the client)
  timeout / timeoutAfterAccept         never answer (before / after acting)
  rateLimit --status 429|418 --retry-after-seconds N
  binanceError --code -2019 [--msg TEXT] [--http-status 400]   e.g. -1021, -2015, -2019, -4164
  userEventsReversed                   the order's user-stream events arrive in reverse
  orderNotFoundFor --ms N              the next order is invisible to look-ups for N ms
  partialFill --fraction 0.5 [--then-cancel]
  clockSkewMs --ms N                   the venue's clock runs N ms ahead (negative: behind)
  stopPongs / silentFeed               the websockets open now stop answering pings / go silent
  dropWebsockets / expireListenKeys    sockets dropped now / the listen key expires now
  depthGap [--symbol S] [--skipped-updates N] [--missed JSON]
  apiRestrictions --enable-withdrawals true --ip-restrict false …   the key's permissions as reported
  reportedWeight --weight N            X-MBX-USED-WEIGHT-1M reports at least N
  symbolFilters --symbol S [--lot-step X] [--tick-size X] [--min-qty X] [--min-notional X]
  price --symbol S --price X           the market moves to X now (stops trigger; the next bar closes there)
  closeBar                             every symbol's current bar closes now, at the venue's price (the
                                       bar clock then runs from now): a run acts on a bar that just closed
  funding [--rate 0.0001]              a funding time now: every open position pays position × price × rate
  spread --symbol S --spread X         best ask minus best bid is X from now (bookTicker REST and stream)
  externalOrder --symbol S --side BUY|SELL --quantity Q [--type LIMIT --price X] [--client-order-id ID]
                                       an order someone else places on the account (default id web_N)
  accountSettings [--symbol S] [--margin-type ISOLATED|CROSSED] [--leverage N] [--dual-side-position true|false]
                                       the account's settings changed behind Rampart's back
--json '{"kind":…}' gives a whole command instead of flags. --list shows what is injected, --clear
removes every fault and puts the key's permissions, the weight and the symbols' rules back.`;

/** `rampart venue-sim fault`: injects a fault into a running venue-sim through its control route. */
export function registerVenueSimFault(venueSim: Command, setExitCode: SetExitCode): void {
  const command = venueSim
    .command('fault')
    .description('inject a fault into a running venue-sim (its control route), list or clear them')
    .argument('[kind]', `one of ${SIM_CONTROL_KINDS.join(', ')}`)
    .option('--port <port>', 'the venue on 127.0.0.1:PORT (default: RAMPART_VENUE_SIM_URL)')
    .option('--url <url>', 'the venue origin, when it is not on 127.0.0.1')
    .option('--vars-file <path>', 'the venue\'s env file, for its control token (default: RAMPART_VENUE_SIM_CONTROL_TOKEN, else ./venue-sim.env)')
    .option('--list', 'print the faults in force')
    .option('--clear', 'remove every fault')
    .option('--path <path>', 'only requests to this pathname, or "METHOD /pathname"')
    .option('--msg <text>', 'binanceError: the message')
    .option('--symbol <symbol>', 'depthGap, symbolFilters, price, spread, externalOrder, accountSettings: the symbol')
    .option('--side <side>', 'externalOrder: BUY or SELL')
    .option('--type <type>', 'externalOrder: MARKET (default) or LIMIT')
    .option('--client-order-id <id>', 'externalOrder: its client order id')
    .option('--margin-type <type>', 'accountSettings: ISOLATED or CROSSED')
    .option('--dual-side-position <bool>', 'accountSettings: hedge mode on (true) or off (false)')
    .option('--missed <json>', 'depthGap: the change the lost event carried, {"bids":[[price,qty]],"asks":[…]}')
    .option('--then-cancel', 'partialFill: cancel the rest')
    .option('--json <command>', 'the whole command as JSON');
  for (const flag of Object.keys(NUMBER_FLAGS)) {
    if (flag !== 'port') command.option(`--${kebab(flag)} <n>`, `a number (${flag})`);
  }
  for (const flag of PERMISSION_FLAGS) command.option(`--${kebab(flag)} <bool>`, 'apiRestrictions: true or false');
  command.addHelpText('after', KIND_HELP);
  command.action(async (kind: string | undefined, ownFlags: FaultFlags) => {
    // commander hands --port and --vars-file to `venue-sim`, which declares them too, wherever they stand.
    const inherited = (name: 'port' | 'varsFile'): string | undefined => (venueSim.getOptionValueSource(name) === 'cli' ? (venueSim.opts()[name] as string) : undefined);
    const flags: FaultFlags = { ...ownFlags, port: ownFlags.port ?? inherited('port'), varsFile: ownFlags.varsFile ?? inherited('varsFile') };
    const modes = [kind !== undefined || flags.json !== undefined, flags.list === true, flags.clear === true].filter(Boolean).length;
    if (modes !== 1) throw new InputError(`venue-sim fault needs exactly one of: a fault kind (${SIM_CONTROL_KINDS.join(', ')}), --list, --clear`, { keyPath: 'kind' });
    const request = flags.list ? ({ method: 'GET' } as const) : flags.clear ? ({ method: 'DELETE' } as const) : { method: 'POST' as const, command: faultCommand(kind, flags) };
    const port = flags.port === undefined ? undefined : Number(flags.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port <= 65535)) {
      throw new InputError(`--port must be an integer from 1 to 65535, was "${flags.port}"`, { keyPath: '--port', value: flags.port });
    }
    const { url, answer } = await venueSimFaultJob({
      request,
      env: process.env,
      ...(port === undefined ? {} : { port }),
      ...(flags.url === undefined ? {} : { url: flags.url }),
      ...(flags.varsFile === undefined ? {} : { varsFile: flags.varsFile }),
    });
    if (!answer.ok) {
      if (answer.status === 400) throw new InputError(`venue-sim at ${url} refused the fault: ${answer.error}`, { keyPath: 'kind' });
      const hint = answer.status === 401 ? ': the control token is not this venue\'s (load the env file the venue wrote)' : '';
      process.stderr.write(`rampart venue-sim fault: ${answer.status === 0 ? answer.error : `venue-sim at ${url} answered ${answer.status}: ${answer.error}`}${hint}\n`);
      setExitCode(1);
      return;
    }
    const body = answer.body as { applied?: unknown; queued?: unknown[] };
    if (flags.list) process.stdout.write(`faults in force at ${url}:\n${JSON.stringify(answer.body, null, 2)}\n`);
    else if (flags.clear) process.stdout.write(`faults cleared at ${url}: key permissions, reported weight and symbol rules are the venue's first ones again\n`);
    else process.stdout.write(`injected at ${url}: ${JSON.stringify(body.applied)} (${body.queued?.length ?? 0} queued; --list shows them)\n`);
  });
}

/** The command the flags describe, validated as the venue will validate it (exit 2 before any call). */
function faultCommand(kind: string | undefined, flags: FaultFlags): SimControlCommand {
  let command: Record<string, unknown>;
  if (flags.json !== undefined) {
    try {
      command = JSON.parse(flags.json) as Record<string, unknown>;
    } catch {
      throw new InputError(`--json must be a JSON object such as {"kind":"http5xx","count":2}, was ${flags.json}`, { keyPath: '--json', value: flags.json });
    }
    if (kind !== undefined) command = { ...command, kind };
  } else {
    command = { kind };
  }
  if (typeof command.kind !== 'string' || !isSimControlKind(command.kind)) {
    throw new InputError(`unknown fault kind "${String(command.kind)}": valid kinds are ${SIM_CONTROL_KINDS.join(', ')}`, { keyPath: 'kind', value: command.kind });
  }
  for (const [flag, field] of Object.entries(NUMBER_FLAGS)) {
    const text = flags[flag as keyof typeof NUMBER_FLAGS];
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new InputError(`--${kebab(flag)} must be a number, was "${text}"`, { keyPath: `--${kebab(flag)}`, value: text });
    command[field] = value;
  }
  for (const flag of PERMISSION_FLAGS) {
    const text = flags[flag];
    if (text === undefined) continue;
    if (text !== 'true' && text !== 'false') throw new InputError(`--${kebab(flag)} must be true or false, was "${text}"`, { keyPath: `--${kebab(flag)}`, value: text });
    command[flag] = text === 'true';
  }
  for (const [flag, field] of Object.entries(TEXT_FLAGS)) {
    const text = flags[flag as keyof typeof TEXT_FLAGS];
    if (text !== undefined) command[field] = field === 'side' || field === 'type' || field === 'marginType' ? text.toUpperCase() : text;
  }
  if (flags.dualSidePosition !== undefined) {
    if (flags.dualSidePosition !== 'true' && flags.dualSidePosition !== 'false') {
      throw new InputError(`--dual-side-position must be true or false, was "${flags.dualSidePosition}"`, { keyPath: '--dual-side-position', value: flags.dualSidePosition });
    }
    command.dualSidePosition = flags.dualSidePosition === 'true';
  }
  if (flags.thenCancel) command.thenCancel = true;
  if (flags.missed !== undefined) {
    try {
      command.missed = JSON.parse(flags.missed);
    } catch {
      throw new InputError(`--missed must be JSON such as {"bids":[[59990,0]]}, was ${flags.missed}`, { keyPath: '--missed', value: flags.missed });
    }
  }
  const parsed = parseSimControlCommand(command);
  if (!parsed.ok) throw new InputError(`fault ${command.kind} is not valid: ${parsed.problems.join('; ')}`, { keyPath: 'kind', value: command.kind });
  return parsed.command;
}
