export interface PostgresServer {
  url: string;
  version: string;
  dir: string;
  stop(): void;
}
export function findPgBin(): string | undefined;
export function freePort(): Promise<number>;
export function startPostgres(settings?: Record<string, string>): Promise<PostgresServer>;
