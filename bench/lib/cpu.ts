/**
 * CPU time per component during a measured run: this process (the server under test), and every
 * process named `postgres` (a PostgreSQL server's backends), read from /proc. Linux only; elsewhere the
 * PostgreSQL share reads 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ticks per running `postgres` process. */
function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return ticks; }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime (fields 14 and 15 of stat)
    } catch { /* the process ended meanwhile */ }
  }
  return ticks;
}

/** CPU the `postgres` processes used between two readings; a process that ended in between is missed (a backend's CPU is lost with it). */
function postgresMsBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks * TICK_MS;
}

export interface CpuShare { serverMs: number; postgresMs: number }

/** Starts a measurement; the returned function gives the CPU used since. */
export function cpuSince(): () => CpuShare {
  const own = process.cpuUsage();
  const pg = postgresTicks();
  return () => {
    const used = process.cpuUsage(own);
    return { serverMs: (used.user + used.system) / 1000, postgresMs: postgresMsBetween(pg, postgresTicks()) };
  };
}
