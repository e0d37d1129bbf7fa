import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from '../../test/db.js';
import client from 'prom-client';
import { claimJobLease, releaseJobLease, startClusterJob } from './cluster-job.js';

describeEachDatabase('scheduled jobs run once per cluster (job leases)', (t) => {
  it('three instances with the same job run it one at a time and once per interval, not once per instance', async () => {
    let running = 0;
    let overlaps = 0;
    const runs: string[] = [];
    const instances = ['web-1', 'web-2', 'worker-1'].map((holder) =>
      startClusterJob({
        db: t.db,
        name: 'test-every-400ms',
        intervalMs: 400,
        firstRunMs: 1,
        holder,
        run: async () => {
          running++;
          if (running > 1) overlaps++;
          runs.push(holder);
          await sleep(120);
          running--;
        },
      }),
    );
    await sleep(2_500);
    await Promise.all(instances.map((i) => i.stop()));
    assert.equal(overlaps, 0, 'two instances ran the job at the same time');
    // 2.5 s at one run per 400 ms: about 6 runs in the whole cluster (each instance on its own: 15+).
    assert.ok(runs.length >= 2 && runs.length <= 8, `runs in the cluster: ${runs.length}`);
  });

  it('an instance killed mid-run holds the job back only until its lease runs out', async () => {
    // The killed instance took the lease and never released it (SIGKILL: no finally, no stop()).
    assert.equal(await claimJobLease(t.db, 'test-takeover', 'killed-instance', 1_000), true);
    const runs: number[] = [];
    const started = Date.now();
    const survivor = startClusterJob({
      db: t.db, name: 'test-takeover', intervalMs: 100, firstRunMs: 1, holder: 'survivor',
      run: async () => { runs.push(Date.now() - started); },
    });
    await sleep(1_800);
    await survivor.stop();
    assert.ok(runs.length > 0, 'the surviving instance never took the job over');
    assert.ok(runs[0]! >= 900, `took over after ${runs[0]} ms, while the lease was still valid`);
  });

  it('each run is counted for /metrics by job and outcome, with its duration and the last success', async () => {
    const job = `test-metrics-${t.kind}`;
    let calls = 0;
    const failing = new Error('second run fails');
    const errors: unknown[] = [];
    const instance = startClusterJob({
      db: t.db, name: job, intervalMs: 150, firstRunMs: 1, holder: 'metrics',
      run: async () => { calls++; if (calls === 2) throw failing; },
      onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 60 && calls < 3; i++) await sleep(50);
    await instance.stop();
    assert.ok(calls >= 3, `only ${calls} runs`);
    assert.deepEqual(errors, [failing]);
    const text = await client.register.metrics();
    const value = (line: string) => Number(text.split('\n').find((l) => l.startsWith(line))?.slice(line.length).trim());
    assert.equal(value(`amtsdesk_job_runs_total{job="${job}",outcome="ok"}`), calls - 1);
    assert.equal(value(`amtsdesk_job_runs_total{job="${job}",outcome="failed"}`), 1);
    assert.equal(value(`amtsdesk_job_run_duration_seconds_count{job="${job}"}`), calls);
    assert.ok(Math.abs(value(`amtsdesk_job_last_success_timestamp_seconds{job="${job}"}`) - Date.now() / 1000) < 5);
  });

  it('a finished run makes the job due again one interval later, for every instance', async () => {
    assert.equal(await claimJobLease(t.db, 'test-due', 'a', 60_000), true);
    assert.equal(await claimJobLease(t.db, 'test-due', 'b', 60_000), false, 'taken while held');
    await releaseJobLease(t.db, 'test-due', 'a', 300);
    assert.equal(await claimJobLease(t.db, 'test-due', 'b', 60_000), false, 'taken before it was due');
    await sleep(350);
    assert.equal(await claimJobLease(t.db, 'test-due', 'b', 60_000), true);
    // A release by a holder that lost the lease changes nothing.
    await releaseJobLease(t.db, 'test-due', 'a', 0);
    assert.equal(await claimJobLease(t.db, 'test-due', 'c', 60_000), false);
  });

  it('the application role cannot touch the lease table directly', async () => {
    await assert.rejects(t.db.kysely.selectFrom('job_leases' as never).selectAll().execute(), /permission denied/);
  });
});
