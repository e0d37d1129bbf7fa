export interface BundleSize {
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  gzipBytes: number;
  targetBytes: number;
  met: boolean;
}
export function measureInitialBundle(): BundleSize;
