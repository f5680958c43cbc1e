import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EmailAlertChannel } from './emailAlertChannel.ts';
import { LocalSmtpServer } from './testing/localSmtpServer.ts';
import { SAMPLE_ALERT } from './testing/sampleAlert.ts';

describe('EmailAlertChannel against a local SMTP server (smtp-server)', () => {
  test('delivers one mail with the severity and title as subject, through an SMTP login', async () => {
    const smtp = new LocalSmtpServer({ user: 'alerts', pass: 'smtp-password-secret' });
    const port = await smtp.start();
    const channel = new EmailAlertChannel({ host: '127.0.0.1', port, secure: false, from: 'rampart@example.test', to: ['ops@example.test'], auth: { user: 'alerts', pass: 'smtp-password-secret' } });
    try {
      await channel.send(SAMPLE_ALERT);
      assert.equal(smtp.mails.length, 1);
      assert.deepEqual(smtp.mails[0]?.to, ['ops@example.test']);
      assert.match(smtp.mails[0]?.raw ?? '', /Subject: \[CRITICAL\] Daily drawdown breach: main HALTED/);
      assert.match(smtp.mails[0]?.raw ?? '', /reason: emergency stop DAILY_DRAWDOWN/);
    } finally {
      channel.close();
      await smtp.close();
    }
  });

  test('a refused login rejects with the SMTP code and never the password', async () => {
    const smtp = new LocalSmtpServer({ user: 'alerts', pass: 'the-right-one' });
    const port = await smtp.start();
    const channel = new EmailAlertChannel({ host: '127.0.0.1', port, secure: false, from: 'rampart@example.test', to: ['ops@example.test'], auth: { user: 'alerts', pass: 'wrong-password-secret' } });
    try {
      const error = await channel.send(SAMPLE_ALERT).then(() => undefined, (caught: unknown) => caught as Error);
      assert.match(error?.message ?? '', /^email: SMTP delivery failed \(EAUTH 535\)$/);
      assert.equal(smtp.mails.length, 0);
    } finally {
      channel.close();
      await smtp.close();
    }
  });
});
