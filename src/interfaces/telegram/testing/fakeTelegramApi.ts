import { createServer, type Server } from 'node:http';

/** A message the bot sent, as the fake Bot API received it. */
export interface SentMessage {
  readonly chatId: number;
  readonly text: string;
}

/**
 * A local fake of the Telegram Bot API for tests (grammy's `client.apiRoot` points at it): it serves
 * getMe, deleteWebhook and long-polled getUpdates from messages the test queues, and records sendMessage.
 * Only what a command bot uses; requests must carry `token`.
 */
export class FakeTelegramApi {
  readonly sent: SentMessage[] = [];
  private readonly updates: unknown[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private server: Server | undefined;
  /** Tokens seen in request paths other than the expected one (there must be none). */
  readonly wrongTokens: string[] = [];

  constructor(private readonly token: string) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        void this.answer(request.url ?? '', body).then((result) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(result));
        });
      });
    });
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    return `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  /** A user in `chatId` sends `text`. */
  say(chatId: number, text: string): void {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]?.length ?? 0 }] : undefined;
    this.updates.push({ update_id: this.nextUpdateId++, message: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'op' }, text, ...(entities ? { entities } : {}) } });
  }

  private async answer(url: string, body: string): Promise<{ ok: boolean; result?: unknown; description?: string; error_code?: number }> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(url);
    if (match === null) return { ok: false, error_code: 404, description: 'Not Found' };
    const [, token, method] = match;
    if (token !== this.token) {
      this.wrongTokens.push(token as string);
      return { ok: false, error_code: 401, description: 'Unauthorized' };
    }
    const params = (body === '' ? {} : JSON.parse(body)) as Record<string, unknown>;
    switch (method) {
      case 'getMe':
        return { ok: true, result: { id: 42, is_bot: true, first_name: 'rampart', username: 'rampart_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } };
      case 'deleteWebhook':
        return { ok: true, result: true };
      case 'getUpdates': {
        const offset = typeof params.offset === 'number' ? params.offset : 0;
        const deadline = Date.now() + Math.min(300, 1000 * (typeof params.timeout === 'number' ? params.timeout : 0));
        for (;;) {
          const ready = this.updates.filter((update) => (update as { update_id: number }).update_id >= offset);
          if (ready.length > 0 || Date.now() >= deadline) return { ok: true, result: ready };
          await new Promise((done) => setTimeout(done, 20));
        }
      }
      case 'sendMessage':
        this.sent.push({ chatId: Number(params.chat_id), text: String(params.text) });
        return { ok: true, result: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, text: params.text } };
      default:
        return { ok: false, error_code: 400, description: `fake: ${method} not served` };
    }
  }
}
