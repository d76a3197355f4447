import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Email, EmailSender } from '@csms/app/deps';

export type { Email, EmailSender };

/**
 * Outgoing e-mail. On AWS it goes through SES; locally it is written as a file to an outbox folder the
 * developer can open (`EMAIL_OUTBOX_DIR`, set by the local runtime to `<CSMS_DATA_DIR>/outbox`). Which one is
 * configuration, like an endpoint: the code that sends mail does not know.
 */
class FileOutbox implements EmailSender {
  constructor(private readonly dir: string) {}

  async send(email: Email): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(this.dir, `${stamp}-${email.kind}-${email.to.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`);
    const message = `To: ${email.to}\nSubject: ${email.subject}\nContent-Type: text/plain; charset=utf-8\n\n${email.text}\n`;
    await writeFile(file, message, 'utf8');
  }
}

class SesSender implements EmailSender {
  private readonly client = new SESv2Client({});
  constructor(private readonly from: string) {}

  async send(email: Email): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text } } } },
      }),
    );
  }
}

/** SES when `from` is set, else the outbox folder; neither is a configuration error named at the first send. */
export function createEmailSender(settings: {
  outboxDir: string | undefined;
  from: string | undefined;
}): EmailSender {
  if (settings.outboxDir) return new FileOutbox(settings.outboxDir);
  if (settings.from) return new SesSender(settings.from);
  return {
    send: async () => {
      throw new Error('Set EMAIL_FROM (SES sender address) or EMAIL_OUTBOX_DIR (local outbox folder)');
    },
  };
}
