import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { lockChainHead, type ChainHead } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { drawNumbers, germanYear, giveBackNumbers } from './numbering.js';
import { catalogueOf, drawNumbersAndLockHead, storedCases, type CatalogueRows, type StoredRow } from './creation-read.js';
import { writeBatch, type CreationResult } from './creation.js';
import type { CaseToCreate } from './creation-rows.js';

/**
 * Group commit (server/src/intake/batcher.ts): a batch of new cases in a transaction of two round
 * trips. The first is the caller's own one-row read, into which the batch puts its part (`ctes`,
 * `columns`): it draws the numbers and locks the chain head — from then on the tenant's next batch
 * waits — and reads the number pattern and, on a retry, the cases stored for the submissions. The
 * second is `finish`, the transaction's last statement, which travels with the COMMIT.
 *
 * Unlike createCaseBatch, no advisory locks: a submission stored meanwhile by another transaction
 * (a retry racing its original, another instance) is refused by the unique index at COMMIT (23505),
 * and the caller answers it by running the batch again with `lookUp`, which finds the case.
 */
export interface CaseBatchPlan {
  /** When each case of the batch was received: numbers are drawn for the latest year among them. */
  receivedAt: Date[];
  /** Submissions to look for among the stored cases; leave out on a first attempt (see `cacheable`). */
  lookUp?: Array<{ channel: string; transactionId?: string }>;
}

/** The batch's columns in the caller's row. */
export interface CaseBatchColumns {
  case_batch_pattern: string | null;
  case_batch_drawn: string | number;
  case_batch_head_seq: string | null;
  case_batch_head_hash: string | null;
  case_batch_stored: StoredRow[];
}

export interface CaseBatchOpening {
  /**
   * The statement's text is the same every time, so the caller may keep its plan (CACHED_PLAN). Not
   * with a look-up: a generic plan made while the cases table was still empty may walk all of a
   * tenant's cases for it.
   */
  cacheable: boolean;
  /** Common table expressions, first in the caller's `with`. */
  ctes: ReturnType<typeof sql>;
  /** Select-list items for the caller's one row. */
  columns: ReturnType<typeof sql>;
  /** The batch, once the caller has its row and read the services and org units its cases may go to. */
  open(row: CaseBatchColumns, catalogue: CatalogueRows): OpenCaseBatch;
}

export interface OpenCaseBatch {
  /**
   * Creates the cases (each placed by placeCase, as createCaseBatch does) as the transaction's last
   * statement: the caller commits right after and reads no error until then; a failed write fails the
   * COMMIT. Numbers not used (refused, repeated or stored submissions) are given back first, so they
   * stay gap-free; with no cases, all of them.
   */
  finish(trx: Trx, items: CaseToCreate[]): Promise<CreationResult[]>;
}

export function caseBatchOpening(tenantId: string, plan: CaseBatchPlan): CaseBatchOpening {
  const years = plan.receivedAt.map(germanYear);
  const year = Math.max(...years);
  const count = years.filter((y) => y === year).length;
  return {
    cacheable: !plan.lookUp,
    ctes: sql`case_batch_drawn as (${drawNumbers(tenantId, year, count)}),
      case_batch_head as (select h.last_seq, h.last_hash from event_chain_heads h where h.tenant_id = ${tenantId} for update)`,
    columns: sql`(select case_number_pattern from tenants where id = ${tenantId}) as case_batch_pattern,
      (select last_seq from case_batch_drawn) as case_batch_drawn,
      (select last_seq from case_batch_head) as case_batch_head_seq,
      (select last_hash from case_batch_head) as case_batch_head_hash,
      ${plan.lookUp ? storedCases(tenantId, plan.lookUp) : sql`'[]'::json`} as case_batch_stored`,
    open: (row, catalogue) => {
      if (row.case_batch_pattern === null) throw new AppError('internal', { internal: `tenant ${tenantId} not found while creating cases` });
      const lastSeq = Number(row.case_batch_drawn);
      const head: ChainHead | null = row.case_batch_head_seq === null ? null : { last_seq: row.case_batch_head_seq, last_hash: row.case_batch_head_hash! };
      const known = { pattern: row.case_batch_pattern, catalogue: catalogueOf(catalogue), existing: row.case_batch_stored };
      let finished = false;
      return {
        finish: (trx, items) => {
          if (finished) throw new AppError('internal', { internal: 'a case batch is finished once' });
          finished = true;
          return writeBatch(trx, tenantId, items, known, {
            commitNext: true,
            take: async (wanted) => {
              // What the batch does not use goes back (all of it for a batch across New Year's Eve).
              const fits = wanted.length > 0 && wanted.length <= count && wanted.every((y) => y === year);
              await giveBackNumbers(trx, tenantId, year, fits ? count - wanted.length : count);
              if (wanted.length === 0) return null;
              if (!fits) return drawNumbersAndLockHead(trx, tenantId, wanted);
              return { seqs: wanted.map((_, n) => lastSeq - count + 1 + n), head: head ?? (await lockChainHead(trx, tenantId)) };
            },
          });
        },
      };
    },
  };
}
