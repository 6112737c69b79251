import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));

// The config is evaluated again in every worker: keep the first run's values in the environment,
// which the workers inherit, so all of them talk to the same server and read the same mail folder.
process.env.CHARLA_E2E_PORT ??= String(37000 + Math.floor(Math.random() * 2000));
process.env.CHARLA_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'charla-e2e-'));
// A second server without --demo, for the first-run (setup) flow.
process.env.CHARLA_E2E_FRESH_PORT ??= String(Number(process.env.CHARLA_E2E_PORT) + 1);
process.env.CHARLA_E2E_FRESH_DIR ??= mkdtempSync(join(tmpdir(), 'charla-e2e-fresh-'));

const port = process.env.CHARLA_E2E_PORT;
const dataDir = process.env.CHARLA_E2E_DATA_DIR;
const freshPort = process.env.CHARLA_E2E_FRESH_PORT;
const freshDir = process.env.CHARLA_E2E_FRESH_DIR;
const bin = resolve(here, process.env.CHARLA_BIN ?? '../target/debug/charla');
const baseURL = `http://127.0.0.1:${port}`;
process.env.CHARLA_E2E_FRESH_URL = `http://127.0.0.1:${freshPort}`;

export default defineConfig({
  testDir: './tests',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    locale: 'es-419',
    timezoneId: 'America/Bogota',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      use: { browserName: 'chromium', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
  ],
  webServer: [
    {
      command: `"${bin}" --demo --listen 127.0.0.1:${port} --data-dir "${dataDir}"`,
      url: `${baseURL}/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        CHARLA_DEMO_PASSWORD: 'demo-password-123',
        // Both projects log in many times from 127.0.0.1.
        CHARLA_LOGIN_IP_PER_MINUTE: '1000',
        CHARLA_RECOVERY_IP_PER_MINUTE: '1000',
        // The specs' own Graph and Bot API stand-ins listen on 127.0.0.1 (channels' api_base_url).
        CHARLA_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        RUST_LOG: 'warn',
      },
    },
    {
      command: `"${bin}" --listen 127.0.0.1:${freshPort} --data-dir "${freshDir}"`,
      url: `http://127.0.0.1:${freshPort}/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { RUST_LOG: 'warn' },
    },
  ],
});
