import { Bot, type Context } from 'grammy';
import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { formatStatus } from '../../app/services/statusReport.ts';

export interface TelegramBotOptions {
  /** RAMPART_TELEGRAM_BOT_TOKEN. */
  readonly token: string;
  /** RAMPART_TELEGRAM_ALLOWED_CHATS: only these chats are answered. */
  readonly allowedChatIds: ReadonlySet<number>;
  /** The Bot API origin (tests: a local fake); default Telegram's. */
  readonly apiRoot?: string;
  /** How long a destructive command waits for its confirmation. */
  readonly confirmWithinMs?: number;
  readonly nowMs?: () => number;
}

type Pending = { readonly run: () => Promise<string>; readonly summary: string; readonly untilMs: number };

/** The word that confirms a destructive command. */
export const CONFIRM_WORD = 'YES';

/**
 * The R1 SOP's phone commands (§2) over the control surface: /status, /positions, /daily, /weekly, /risk, /kill,
 * /reset, /flatten, /golive off. Chats off the allow-list get no answer at all; a destructive command is
 * carried out only after the same chat answers YES. The token is never printed.
 */
export function createTelegramBot(surface: ControlSurface, options: TelegramBotOptions): Bot {
  const bot = new Bot(options.token, options.apiRoot !== undefined ? { client: { apiRoot: options.apiRoot } } : {});
  const pending = new Map<number, Pending>();
  const now = options.nowMs ?? (() => Date.now());
  const confirmMs = options.confirmWithinMs ?? 60_000;
  bot.use(async (ctx, next) => {
    if (ctx.chat === undefined || !options.allowedChatIds.has(ctx.chat.id)) return;
    await next();
  });
  bot.command('status', async (ctx) => ctx.reply(formatStatus(await surface.status()) || 'no account'));
  bot.command('positions', async (ctx) => {
    const positions = await surface.positions();
    await ctx.reply(positions.length === 0 ? 'no open position' : positions.map((position) => `${position.account} ${position.symbol} qty ${position.quantity} entry ${position.entryPrice}`).join('\n'));
  });
  bot.command('risk', async (ctx) => {
    const rows = await surface.risk();
    await ctx.reply(rows.map(({ account, use }) => `${account} ${use.tradingState}: day ${use.dayDrawdownPct.toFixed(2)}% of ${use.dayDrawdownLimitPct ?? 'none'}%, week ${use.weekDrawdownPct.toFixed(2)}% of ${use.weekDrawdownLimitPct ?? 'none'}%, ${use.openPositions} open`).join('\n'));
  });
  // Telegram caps a message at 4096 characters: a long report is cut, pointing at the full one.
  const report = (period: 'daily' | 'weekly') => async (ctx: Context) => {
    const text = await surface.reportMarkdown(period);
    await ctx.reply(text.length <= 4000 ? text : `${text.slice(0, 3900)}\n… cut: rampart report --period ${period} writes it in full`);
  };
  bot.command('daily', report('daily'));
  bot.command('weekly', report('weekly'));
  const destructive = (name: 'kill' | 'reset' | 'flatten', reasonRequired: boolean) =>
    bot.command(name, async (ctx) => {
      const reason = ctx.match.trim();
      if (reasonRequired && reason === '') return void (await ctx.reply(`/${name} needs a reason: /${name} <reason>`));
      ask(ctx, `${name}${reason !== '' ? `: ${reason}` : ''}`, async () => `${name} recorded for ${(await surface.operatorCommand({ kind: name, reason: reason || 'manual flatten' })).join(', ')}`);
      await ctx.reply(`Reply ${CONFIRM_WORD} within ${Math.round(confirmMs / 1000)} s to confirm ${name}${reason !== '' ? ` (${reason})` : ''}`);
    });
  destructive('kill', true);
  destructive('reset', true);
  destructive('flatten', false);
  bot.command('golive', async (ctx) => {
    const [word, ...rest] = ctx.match.trim().split(/\s+/);
    const reason = rest.join(' ') || 'telegram /golive off';
    if (word !== 'off') return void (await ctx.reply('/golive off [reason]: turns GO-LIVE off (activation stays a CLI step)'));
    ask(ctx, `golive off: ${reason}`, async () => `GO-LIVE deactivated for ${(await surface.deactivateGoLive({ reason })).join(', ')}`);
    await ctx.reply(`Reply ${CONFIRM_WORD} within ${Math.round(confirmMs / 1000)} s to confirm golive off (${reason})`);
  });
  bot.on('message:text', async (ctx) => {
    const waiting = pending.get(ctx.chat.id);
    pending.delete(ctx.chat.id);
    if (waiting === undefined) return;
    if (ctx.message.text.trim() !== CONFIRM_WORD || now() > waiting.untilMs) return void (await ctx.reply(`not confirmed: ${waiting.summary} cancelled`));
    try {
      await ctx.reply(await waiting.run());
    } catch (error) {
      await ctx.reply(`refused: ${(error as Error).message}`);
    }
  });
  bot.catch(() => undefined);

  function ask(ctx: Context, summary: string, run: () => Promise<string>): void {
    if (ctx.chat !== undefined) pending.set(ctx.chat.id, { run, summary, untilMs: now() + confirmMs });
  }
  return bot;
}

/** The allow-list from RAMPART_TELEGRAM_ALLOWED_CHATS (comma-separated chat ids); refused with the value when malformed. */
export function allowedChatsOf(text: string | undefined): Set<number> {
  const ids = (text ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
  const bad = ids.find((id) => !/^-?\d{1,20}$/.test(id));
  if (bad !== undefined) throw new RangeError(`RAMPART_TELEGRAM_ALLOWED_CHATS must be comma-separated chat ids, had "${bad}"`);
  return new Set(ids.map(Number));
}
