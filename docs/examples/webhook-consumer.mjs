#!/usr/bin/env node
// Example consumer of Amtsdesk events (docs/integration.md, "Example consumer"). Plain Node ≥ 20,
// no dependencies. It
//   1. catches up through the feed (GET /api/events?after=<cursor>) from the cursor it stored,
//   2. then receives webhooks, verifies their Standard Webhooks signature, refuses replays,
//      deduplicates by webhook-id and processes each case's events in sequence order,
//   3. keeps its cursor in a file, so after a crash or a long outage it catches up again.
//
//   AMTSDESK_URL=https://amtsdesk.example.de AMTSDESK_TOKEN=adk_… WEBHOOK_SECRET=whsec_… \
//   PORT=8787 STATE_FILE=./consumer-state.json node docs/examples/webhook-consumer.mjs
//
// The token needs the scope cases:read. Register http(s)://<this host>:8787/amtsdesk as the
// endpoint's URL in Verwaltung → Webhooks (or POST /api/admin/webhook-endpoints).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const BASE = process.env.AMTSDESK_URL ?? 'http://localhost:3000';
const TOKEN = process.env.AMTSDESK_TOKEN ?? '';
const SECRET = process.env.WEBHOOK_SECRET ?? '';
const PORT = Number(process.env.PORT ?? 8787);
const STATE_FILE = process.env.STATE_FILE ?? './consumer-state.json';
const TOLERANCE_SECONDS = 5 * 60;

// ---- Standard Webhooks verification (https://www.standardwebhooks.com) -----------------------
export function verify(secret, headers, body, nowSeconds = Math.floor(Date.now() / 1000)) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false; // replay
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(signatures).split(' ').some((candidate) => {
    const [version, value] = candidate.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// ---- State: the feed cursor, the last sequence applied per case, recently seen ids -----------
const state = existsSync(STATE_FILE) ? JSON.parse(readFileSync(STATE_FILE, 'utf8')) : { cursor: '0', lastPerCase: {}, seen: [] };
function save() {
  writeFileSync(`${STATE_FILE}.tmp`, JSON.stringify(state));
  renameSync(`${STATE_FILE}.tmp`, STATE_FILE); // atomic: a crash leaves the old or the new state
}

/**
 * Your business logic. Keep it idempotent: an event can arrive twice (at least once). `late` is true
 * for an event older than one already applied for its case: a dead letter that was resent, or an
 * event that never reached the webhook and came through the feed. Re-read the case through the API
 * if the order matters to you.
 */
async function handle(event, { late }) {
  console.log(`#${event.sequence} ${event.type} v${event.version} Vorgang ${event.caseId}${late ? ' (nachgeholt)' : ''}`, JSON.stringify(event.data));
}

/** Applies each event once (by its id, which is also the webhook-id). */
async function apply(event) {
  if (state.seen.includes(event.id)) return; // duplicate (redelivery, or feed and webhook)
  const last = state.lastPerCase[event.caseId] ?? 0;
  await handle(event, { late: event.sequence < last });
  state.lastPerCase[event.caseId] = Math.max(last, event.sequence);
  state.seen = [...state.seen.slice(-9999), event.id];
  save();
}

// ---- Catch up through the feed --------------------------------------------------------------
async function catchUp() {
  for (;;) {
    const response = await fetch(`${BASE}/api/events?after=${state.cursor}&limit=500`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`feed: HTTP ${response.status} ${await response.text()}`);
    const page = await response.json();
    for (const event of page.items) await apply(event);
    state.cursor = page.nextCursor;
    save();
    if (!page.hasMore) return;
  }
}

// ---- Webhook receiver ------------------------------------------------------------------------
const server = createServer((req, res) => {
  if (req.method !== 'POST') return res.writeHead(405).end();
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 1024 * 1024) req.destroy(); // bounded before buffering
    else chunks.push(c);
  });
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (!verify(SECRET, req.headers, body)) return res.writeHead(401).end('invalid signature');
    try {
      await apply(JSON.parse(body));
      res.writeHead(204).end(); // answer 2xx only after the event is stored: otherwise it comes again
    } catch (error) {
      console.error(error);
      res.writeHead(500).end();
    }
  });
});

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  await catchUp();
  // Catch up now and then as well: webhooks are the fast path, the feed is the guarantee.
  setInterval(() => catchUp().catch((e) => console.error(e.message)), 60_000).unref();
  server.listen(PORT, () => console.log(`listening on :${PORT}, cursor ${state.cursor}`));
}
