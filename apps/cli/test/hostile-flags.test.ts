import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, tempDir } from './helpers.js';

// Durations past what the timers can wait (2^31-1 ms), or past any sensible use, are refused up
// front (exit 2) instead of making Node warn and every check fail at once.

test('verify: out-of-range durations and retry counts are refused with the allowed range', async () => {
  const cases: [string[], RegExp][] = [
    [['--timeout', '3000000'], /--timeout: "3000000" is not a number of seconds from 0\.1 to 3600/],
    [['--timeout', '3601'], /--timeout: "3601" is not a number of seconds from 0\.1 to 3600/],
    [['--timeout', '0.05'], /--timeout: "0\.05" is not a number of seconds from 0\.1 to 3600/],
    [['--wait', '86401'], /--wait: "86401" is not a number of seconds from 0 to 86400/],
    [['--wait', '99999999999999999999'], /--wait: .* from 0 to 86400/],
    [['--since', '366d'], /--since: "366d" is longer than 365d/],
    [['--since', '9999999999h'], /--since: "9999999999h" is longer than 365d/],
    [['--retries', '11'], /--retries: "11" is not a whole number from 0 to 10/],
    [['--max-p95', '3600001'], /--max-p95: "3600001" is not a whole number from 0 to 3600000/],
  ];
  for (const [flags, message] of cases) {
    const r = await cli('verify', '--loki-url', 'http://127.0.0.1:9', ...flags);
    assert.is(r.code, 2, flags.join(' '));
    assert.match(r.stderr, message);
  }
});

test('verify: the largest allowed values pass the flag check (the run then fails on the cluster, not the flags)', async () => {
  const r = await cli(
    'verify',
    '--loki-url',
    'http://127.0.0.1:9',
    '--kubeconfig',
    join(tempDir(), 'missing'),
    '--timeout',
    '3600',
    '--wait',
    '86400',
    '--since',
    '365d',
    '--retries',
    '10',
  );
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /kubeconfig: /);
});

test('dags sync: an --interval past a day is refused', async () => {
  for (const interval of ['25h', '1441m', '9999999h']) {
    const r = await cli('dags', 'sync', '--root', tempDir(), '--dags-dir', tempDir(), '--interval', interval);
    assert.is(r.code, 2, interval);
    assert.match(r.stderr, new RegExp(`--interval: "${interval}" is longer than 24h`));
  }
});

test('a spec file over 1 MiB is refused without being read (a sparse 4 GiB file answers at once)', async () => {
  for (const bytes of [1024 * 1024 + 1, 4 * 1024 ** 3]) {
    const file = join(tempDir(), 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, bytes);
    closeSync(fd);
    for (const command of ['validate', 'generate', 'check']) {
      const r = await cli(command, file);
      assert.is(r.code, 2, command);
      assert.ok(
        r.stderr.startsWith(
          `${file} /: the spec is ${bytes} bytes; specs are refused above 1048576 bytes (1 MiB)`,
        ),
        r.stderr,
      );
    }
  }
});

test.run();
