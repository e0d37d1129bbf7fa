import type { CheckpointStatement } from './checkpoint-statement.js';

/**
 * Clocks of several instances may differ a little, and an event gets its time when it is chained,
 * a moment before its transaction commits. Shifts smaller than this are not named individually
 * (they still break the hash or a checkpoint).
 */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

export type TimelineFinding =
  | { kind: 'checkpoint_mismatch'; checkpoint: CheckpointStatement; fromSeq: number }
  | { kind: 'timestamp_after_checkpoint'; checkpoint: CheckpointStatement }
  | { kind: 'timestamp_before_checkpoint'; checkpoint: CheckpointStatement };

/**
 * The valid checkpoints of one tenant, consulted event by event in ascending seq during the chain
 * walk. Answers three questions for each event: does its hash match a checkpoint taken at its seq;
 * did it exist before a checkpoint that contains it (its time cannot be later than that checkpoint);
 * and was it appended after a checkpoint that did not contain it (its time cannot be earlier).
 */
export class CheckpointTimeline {
  private readonly bySeq: CheckpointStatement[];
  /** earliestFrom[i]: the earliest checkpoint among bySeq[i..] (the first to contain an event at bySeq[i].seq or below). */
  private readonly earliestFrom: CheckpointStatement[];
  /** latestUpTo[i]: the latest checkpoint among bySeq[0..i]. */
  private readonly latestUpTo: CheckpointStatement[];
  private next = 0;
  private lastMatchedSeq = 0;
  private mismatchReported = false;
  /** The highest checkpoint the chain matched before any mismatch. */
  confirmed: CheckpointStatement | undefined;

  constructor(checkpoints: CheckpointStatement[]) {
    this.bySeq = [...checkpoints].sort((a, b) => a.seq - b.seq || Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const at = (c: CheckpointStatement) => Date.parse(c.createdAt);
    this.earliestFrom = new Array<CheckpointStatement>(this.bySeq.length);
    for (let i = this.bySeq.length - 1; i >= 0; i--) {
      const later = this.earliestFrom[i + 1];
      this.earliestFrom[i] = later && at(later) < at(this.bySeq[i]!) ? later : this.bySeq[i]!;
    }
    this.latestUpTo = [];
    this.bySeq.forEach((c, i) => {
      const before = this.latestUpTo[i - 1];
      this.latestUpTo.push(before && at(before) > at(c) ? before : c);
    });
  }

  get count(): number {
    return this.bySeq.length;
  }

  /** The checkpoint with the highest seq (the newest among equals): what the chain must at least reach. */
  get highest(): CheckpointStatement | undefined {
    return this.bySeq[this.bySeq.length - 1];
  }

  /** Feed events in ascending seq. */
  check(seq: number, storedHash: string, occurredAt: Date): TimelineFinding[] {
    const findings: TimelineFinding[] = [];
    while (this.next < this.bySeq.length && this.bySeq[this.next]!.seq < seq) this.next++;
    for (let i = this.next; i < this.bySeq.length && this.bySeq[i]!.seq === seq; i++) {
      const checkpoint = this.bySeq[i]!;
      if (checkpoint.hash === storedHash) {
        this.lastMatchedSeq = seq;
        if (!this.mismatchReported) this.confirmed = checkpoint;
      } else if (!this.mismatchReported) {
        // Hashes chain forward, so every later checkpoint disagrees too: the first one narrows it down.
        this.mismatchReported = true;
        findings.push({ kind: 'checkpoint_mismatch', checkpoint, fromSeq: this.lastMatchedSeq + 1 });
      }
    }
    const time = occurredAt.getTime();
    const containing = this.earliestFrom[this.next];
    if (containing && time > Date.parse(containing.createdAt) + TIMESTAMP_TOLERANCE_MS) {
      findings.push({ kind: 'timestamp_after_checkpoint', checkpoint: containing });
    }
    const before = this.next > 0 ? this.latestUpTo[this.next - 1] : undefined;
    if (before && time < Date.parse(before.createdAt) - TIMESTAMP_TOLERANCE_MS) {
      findings.push({ kind: 'timestamp_before_checkpoint', checkpoint: before });
    }
    return findings;
  }
}
