import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import multipart from '@fastify/multipart';
import type { Database } from '../../server/src/db/database.js';
import { sql } from 'kysely';

/**
 * The baseline: a bare Fastify server that takes the same request bodies, streams file parts to
 * disk and stores the application with one INSERT — no authentication, validation, routing,
 * case numbers, events or outbox. Same database engine, same connection pool.
 */
export async function startBaselineApp(db: Database, asAdmin: (statement: string) => Promise<void>) {
  await asAdmin('create table if not exists bench_baseline (id uuid primary key, body jsonb not null, files int not null, created_at timestamptz not null default now())');
  await asAdmin('grant select, insert on bench_baseline to amtsdesk_app');
  const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-bench-baseline-'));
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024 } });
  app.post('/baseline', async (request, reply) => {
    let body: unknown = request.body;
    let files = 0;
    if (request.isMultipart()) {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          await pipeline(part.file, createWriteStream(join(dir, randomUUID())));
          files++;
        } else {
          body = typeof part.value === 'string' ? JSON.parse(part.value) : part.value;
        }
      }
    }
    const id = randomUUID();
    await sql`insert into bench_baseline (id, body, files) values (${id}, ${JSON.stringify(body)}, ${files})`.execute(db.kysely);
    return reply.status(201).send({ id });
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${address}/baseline`,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
