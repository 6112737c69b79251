import { rmSync } from 'node:fs';

/** Removes the throwaway data folders the config made for the two servers. */
export default function globalTeardown(): void {
  if (process.env.CHARLA_E2E_KEEP_DATA) return;
  for (const dir of [process.env.CHARLA_E2E_DATA_DIR, process.env.CHARLA_E2E_FRESH_DIR]) {
    if (dir?.includes('charla-e2e-')) rmSync(dir, { recursive: true, force: true });
  }
}
