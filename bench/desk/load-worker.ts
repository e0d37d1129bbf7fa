/**
 * The load generator of the concurrent desk bench, in its own process (forked by load.ts), so its
 * CPU is not the server's. Each virtual user acts, waits its think time (exponential, mean thinkMs;
 * 0 = none), and acts again, until the phase ends. Reports latencies and answers per kind.
 */
import { Agent, request } from 'node:http';
import { KINDS, nextAction, nextHelperAction, rng, type Kind, type MixData, type VirtualUser } from './load-mix.js';

export interface PhaseSpec {
  url: string;
  users: VirtualUser[];
  data: MixData;
  thinkMs: number;
  durationMs: number;
  /** Only this kind (saturation of one endpoint), else the mix. */
  only?: Kind;
  seed: number;
}

export interface PhaseResult {
  latencies: Record<Kind, number[]>;
  /** HTTP status → count, per kind. */
  statuses: Record<Kind, Record<string, number>>;
  seconds: number;
}

async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.users.length + 4 });
  const base = new URL(spec.url);
  const get = (path: string, cookie: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  const latencies = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
  const statuses = Object.fromEntries(KINDS.map((k) => [k, {} as Record<string, number>])) as Record<Kind, Record<string, number>>;
  const started = performance.now();
  const end = started + spec.durationMs;
  const send = async (user: VirtualUser, kind: Kind, path: string): Promise<unknown> => {
    const t0 = performance.now();
    const res = await get(path, user.cookie).catch(() => ({ status: 0, body: '' }));
    if (performance.now() <= end) {
      latencies[kind].push(performance.now() - t0);
      statuses[kind][res.status] = (statuses[kind][res.status] ?? 0) + 1;
    }
    return res.status === 200 ? JSON.parse(res.body) : undefined;
  };
  const think = async (r: () => number) => {
    if (spec.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, -Math.log(1 - r()) * spec.thinkMs));
  };
  const helperVisit = async (user: VirtualUser, r: () => number) => {
    const action = nextHelperAction(r, spec.data);
    if ('path' in action) {
      await send(user, action.kind, action.path);
      await think(r);
      return;
    }
    await send(user, 'b_inbox', '/api/cases?limit=50');
    await send(user, 'b_counts', '/api/cases/counts');
    const list = (await send(user, 'b_delegated', '/api/delegated-cases')) as { items?: Array<{ id: string }> } | undefined;
    await think(r);
    if (list?.items?.length && action.thenOpen && performance.now() < end) {
      await send(user, 'b_detail', `/api/cases/${list.items[Math.floor(r() * list.items.length)]!.id}`);
      await think(r);
    }
  };
  const loop = async (user: VirtualUser, i: number) => {
    const r = rng(spec.seed * 1000 + i);
    await think(r); // users do not all start in the same millisecond
    while (performance.now() < end) {
      if (user.helper) {
        await helperVisit(user, r);
        continue;
      }
      let action = nextAction(r, user, spec.data);
      while (spec.only && action.kind !== spec.only && !(spec.only === 'next_page' && action.kind === 'inbox')) action = nextAction(r, user, spec.data);
      const page = (await send(user, spec.only === 'next_page' ? 'inbox' : action.kind, action.path)) as { items?: Array<{ id: string }>; nextCursor?: string | null } | undefined;
      await think(r);
      if (page?.nextCursor && (spec.only ? spec.only === 'next_page' : action.thenPage) && performance.now() < end) {
        await send(user, 'next_page', `${action.path}&cursor=${encodeURIComponent(page.nextCursor)}`);
        await think(r);
      }
      if (page?.items?.length && action.thenOpen && !spec.only && performance.now() < end) {
        await send(user, 'detail', `/api/cases/${page.items[Math.floor(r() * page.items.length)]!.id}`);
        await think(r);
      }
    }
  };
  await Promise.all(spec.users.map((u, i) => loop(u, i)));
  agent.destroy();
  return { latencies, statuses, seconds: (performance.now() - started) / 1000 };
}

process.on('message', async (spec: PhaseSpec) => {
  const result = await runPhase(spec);
  process.send!(result);
});
