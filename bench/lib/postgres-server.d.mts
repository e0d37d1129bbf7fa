export interface PostgresServer {
  url: string;
  version: string;
  dir: string;
  /** True when options.dir already held a cluster that was started as it is. */
  reused: boolean;
  stop(): void;
}
export function findPgBin(): string | undefined;
export function freePort(): Promise<number>;
export function startPostgres(settings?: Record<string, string>, options?: { dir?: string }): Promise<PostgresServer>;
