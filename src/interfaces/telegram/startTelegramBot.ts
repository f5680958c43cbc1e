import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';
import { allowedChatsOf, createTelegramBot } from './telegramBot.ts';

/**
 * `--telegram-commands`: the bot polls Telegram until closed. RAMPART_TELEGRAM_BOT_TOKEN and a non-empty
 * RAMPART_TELEGRAM_ALLOWED_CHATS are required (a bot that answers anyone is refused); the token is never printed.
 */
export async function startTelegramBot(surface: ControlSurface, env: Readonly<Record<string, string | undefined>>, say: (line: string) => void): Promise<{ close(): Promise<void> }> {
  const token = env.RAMPART_TELEGRAM_BOT_TOKEN;
  if (token === undefined || token.trim() === '') throw new InputError('--telegram-commands needs RAMPART_TELEGRAM_BOT_TOKEN (the bot token from @BotFather)', { keyPath: 'RAMPART_TELEGRAM_BOT_TOKEN' });
  let allowed: Set<number>;
  try {
    allowed = allowedChatsOf(env.RAMPART_TELEGRAM_ALLOWED_CHATS);
  } catch (error) {
    throw new InputError((error as Error).message, { keyPath: 'RAMPART_TELEGRAM_ALLOWED_CHATS', value: env.RAMPART_TELEGRAM_ALLOWED_CHATS });
  }
  if (allowed.size === 0) throw new InputError('--telegram-commands needs RAMPART_TELEGRAM_ALLOWED_CHATS: the chat ids the bot answers (comma-separated)', { keyPath: 'RAMPART_TELEGRAM_ALLOWED_CHATS' });
  const bot = createTelegramBot(surface, { token: token.trim(), allowedChatIds: allowed, ...(env.RAMPART_TELEGRAM_API_ROOT !== undefined ? { apiRoot: env.RAMPART_TELEGRAM_API_ROOT } : {}) });
  await bot.init();
  const polling = bot.start();
  say(`telegram: commands on for ${allowed.size} chat(s): /status /positions /daily /weekly /risk /kill /reset /flatten /golive off`);
  return {
    close: async () => {
      await bot.stop();
      await polling.catch(() => undefined);
    },
  };
}
