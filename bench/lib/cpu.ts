/**
 * CPU time per component during a measured run: this process (the server under test), and every
 * process named `postgres` (a PostgreSQL server's backends), read from /proc. Linux only; elsewhere the
 * PostgreSQL share reads 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function postgresCpuMs(): number {
  let ticks = 0;
  let pids: string[];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return 0; }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch { /* the process ended meanwhile */ }
  }
  return ticks * TICK_MS;
}

export interface CpuShare { serverMs: number; postgresMs: number }

/** Starts a measurement; the returned function gives the CPU used since. */
export function cpuSince(): () => CpuShare {
  const own = process.cpuUsage();
  const pg = postgresCpuMs();
  return () => {
    const used = process.cpuUsage(own);
    return { serverMs: (used.user + used.system) / 1000, postgresMs: postgresCpuMs() - pg };
  };
}
