import { readFileSync, readdirSync } from 'node:fs';

// CPU of the app process and of this PostgreSQL server's processes (children of its postmaster).
const ticksOf = (pid: string) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: f[1]!, ticks: Number(f[11]) + Number(f[12]) };
  } catch { return undefined; }
};
// A backend that ends between two readings takes its CPU with it (the figures are then a little low).
export function cpuReading(appPid: number, postmasterPid: string) {
  const pgTicks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const s = ticksOf(pid);
    if (s && (pid === postmasterPid || s.ppid === postmasterPid)) pgTicks.set(pid, s.ticks);
  }
  return { appMs: (ticksOf(String(appPid))?.ticks ?? 0) * 10, pgTicks };
}
export function cpuBetween(before: ReturnType<typeof cpuReading>, after: ReturnType<typeof cpuReading>) {
  let ticks = 0;
  for (const [pid, t] of after.pgTicks) ticks += t - (before.pgTicks.get(pid) ?? 0);
  return { appMs: after.appMs - before.appMs, pgMs: ticks * 10 };
}

/** The postmaster's pid of a server started by bench/lib/postgres-server.mjs. */
export const postmasterOf = (serverDir: string) => readFileSync(`${serverDir}/data/postmaster.pid`, 'latin1').split('\n')[0]!.trim();
