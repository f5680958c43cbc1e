import { createServer, type Server } from 'node:http';

export interface ReceivedPost {
  readonly path: string;
  readonly body: unknown;
}

/**
 * A local HTTP receiver standing in for a Slack incoming webhook or any JSON webhook: records each
 * POST's path and JSON body; `failNext(n, status)` answers the next n requests with an error status.
 */
export class LocalHttpReceiver {
  readonly posts: ReceivedPost[] = [];
  private failures: Array<number> = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const failWith = this.failures.shift();
        if (failWith !== undefined) {
          response.writeHead(failWith).end('failing on purpose');
          return;
        }
        this.posts.push({ path: request.url ?? '', body: body === '' ? undefined : JSON.parse(body) });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    return `http://127.0.0.1:${address.port}`;
  }

  failNext(count: number, status = 500): void {
    for (let index = 0; index < count; index++) this.failures.push(status);
  }

  /** Bodies posted to `path`. */
  bodiesAt(path: string): unknown[] {
    return this.posts.filter((post) => post.path === path).map((post) => post.body);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()));
  }
}
