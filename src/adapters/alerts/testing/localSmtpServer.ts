import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  /** The raw message (headers and body). */
  readonly raw: string;
}

/** A local SMTP server (smtp-server) that accepts mail without TLS, optionally with one login, and records it. */
export class LocalSmtpServer {
  readonly mails: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  private port = 0;

  constructor(auth?: { user: string; pass: string }) {
    this.server = new SMTPServer({
      disabledCommands: auth === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: auth === undefined,
      logger: false,
      onAuth: (login, _session, callback) => {
        if (auth !== undefined && login.username === auth.user && login.password === auth.pass) return callback(null, { user: login.username });
        callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        let raw = '';
        stream.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
        stream.on('end', () => {
          this.mails.push({ from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
          callback();
        });
      },
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    const address = this.server.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.port = address.port;
    return this.port;
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
