import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config.js';
import { sha256Hex } from '../../shared/ids.js';
import type { OutboxMessages } from '../enqueue.js';
import { DeliveryError, type Deliverer } from './types.js';

/** Message-ID derived from the idempotency key: a redelivered e-mail carries the same id. */
export function emailMessageId(idempotencyKey: string, publicUrl: string): string {
  return `<${sha256Hex(idempotencyKey).slice(0, 40)}@${new URL(publicUrl).hostname || 'amtsdesk'}>`;
}

/** The file sink's file name for a message: stable per idempotency key, so a redelivery overwrites. */
export function mailSinkFileName(idempotencyKey: string): string {
  return `${sha256Hex(idempotencyKey).slice(0, 40)}.eml`;
}

/**
 * E-mail via SMTP when configured. Without SMTP (embedded default, development) e-mails are
 * written as .eml files to <dataDir>/mail, so nothing piles up undelivered and developers can
 * read what would have been sent.
 */
export function emailDeliverer(config: AppConfig): Deliverer {
  const smtp = config.smtp;
  const from = smtp?.from ?? `Amtsdesk <no-reply@${new URL(config.publicUrl).hostname || 'localhost'}>`;
  let transport: Transporter | undefined;
  const smtpTransport = () =>
    (transport ??= nodemailer.createTransport({
      host: smtp!.host,
      port: smtp!.port,
      secure: smtp!.secure,
      auth: smtp!.user ? { user: smtp!.user, pass: smtp!.pass ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 10_000,
    }));
  return {
    async deliver(message) {
      const payload = message.payload as OutboxMessages['email'];
      const mail = {
        from,
        to: payload.to,
        subject: payload.subject,
        text: payload.text,
        messageId: emailMessageId(message.idempotencyKey, config.publicUrl),
        headers: { 'X-Amtsdesk-Idempotency-Key': message.idempotencyKey },
      };
      if (!smtp) {
        await writeToSink(join(config.dataDir, 'mail'), message.idempotencyKey, mail);
        return;
      }
      try {
        await smtpTransport().sendMail(mail);
      } catch (error) {
        // SMTP replies can quote the recipient's address: keep only the reply code.
        const e = error as { responseCode?: number; code?: string };
        if (e.responseCode) throw new DeliveryError(`SMTP ${e.responseCode}`);
        throw new DeliveryError(`SMTP-Fehler (${typeof e.code === 'string' ? e.code.slice(0, 20) : 'unbekannt'})`);
      }
    },
  };
}

async function writeToSink(dir: string, idempotencyKey: string, mail: Record<string, unknown>): Promise<void> {
  const rendered = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mail);
  await mkdir(dir, { recursive: true });
  const target = join(dir, mailSinkFileName(idempotencyKey));
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, rendered.message as Buffer);
  await rename(tmp, target);
}
