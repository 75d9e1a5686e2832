import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStreamLogger } from '../../../main/core/logger.js';
import {
  LOG_LINE_MAX_CHARS,
  createAppLogging,
  createLogFile,
  createSecretRegistry,
  readLogTail,
  summarizeCrashDumps,
} from '../../../main/core/support/index.js';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'df-support-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the log file', () => {
  it('writes timestamped, levelled lines to <logs>/main.log', async () => {
    const dir = await temp();
    const file = createLogFile({ dir, redact: (t) => t });
    const logger = createStreamLogger(file.write, () => new Date('2026-01-05T09:00:00Z'));
    logger.info('app started', { version: '0.1.0' });
    logger.error('poll failed', { accountId: 'a1' });
    expect(file.path).toBe(join(dir, 'main.log'));
    expect((await readFile(file.path, 'utf8')).split('\n')).toEqual([
      '2026-01-05T09:00:00.000Z INFO app started {"version":"0.1.0"}',
      '2026-01-05T09:00:00.000Z ERROR poll failed {"accountId":"a1"}',
      '',
    ]);
  });

  it('rotates to main.old.log past the size limit, keeping one old file', async () => {
    const dir = await temp();
    const file = createLogFile({ dir, maxBytes: 1000, redact: (t) => t });
    for (let i = 0; i < 100; i++) file.write(`line ${i} ${'x'.repeat(40)}`);
    expect((await readdir(dir)).sort()).toEqual(['main.log', 'main.old.log']);
    const current = await readFile(join(dir, 'main.log'), 'utf8');
    const old = await readFile(join(dir, 'main.old.log'), 'utf8');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(old)).toBeLessThanOrEqual(1000);
    expect(current.trimEnd().split('\n').at(-1)).toMatch(/^line 99 /);
    // The two files hold the newest lines without a gap.
    const tail = await readLogTail(dir, 30);
    expect(tail.map((l) => Number(l.split(' ')[1]))).toEqual(Array.from({ length: 30 }, (_, i) => 70 + i));
  });

  it('continues an existing file after a restart and counts its size', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'main.log'), `${'y'.repeat(980)}\n`);
    createLogFile({ dir, maxBytes: 1000, redact: (t) => t }).write(
      'after restart, a line of 60 bytes or so....',
    );
    expect(await readFile(join(dir, 'main.log'), 'utf8')).toBe(
      'after restart, a line of 60 bytes or so....\n',
    );
    expect((await readFile(join(dir, 'main.old.log'), 'utf8')).length).toBe(981);
  });

  it('never splits one entry over several lines, so a forged entry cannot be injected', async () => {
    const dir = await temp();
    const file = createLogFile({ dir, redact: (t) => t });
    file.write('bad input\n2026-01-01T00:00:00.000Z INFO forged');
    expect(await readLogTail(dir)).toHaveLength(1);
  });

  it('reports an unwritable folder once and keeps the app running', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'not-a-folder'), '');
    const errors: unknown[] = [];
    const file = createLogFile({
      dir: join(dir, 'not-a-folder'),
      redact: (t) => t,
      onWriteError: (e) => errors.push(e),
    });
    expect(() => {
      file.write('a');
      file.write('b');
    }).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('cuts a 10 MB line after redacting it, so the files stay near their limit and no secret is halved', async () => {
    const dir = await temp();
    const secrets = createSecretRegistry();
    const token = 'tok-0123456789abcdef-0123456789';
    secrets.remember(token);
    const file = createLogFile({ dir, redact: secrets.redact });
    // The token straddles the cut: cut first, its first half would be left for no redactor to know.
    const huge = `${'x'.repeat(LOG_LINE_MAX_CHARS - 10)}${token}${'y'.repeat(10 * 1024 * 1024)}`;
    file.write(huge);
    file.write('the next line');
    const text = await readFile(file.path, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(LOG_LINE_MAX_CHARS + 200);
    expect(text).not.toContain(token.slice(0, 10));
    const [first, second] = text.split('\n');
    expect(first).toMatch(/x\[redac.*… \[\d+ more characters not logged\]$/);
    expect(second).toBe('the next line');
  });

  it('keeps to the size limit and the newest lines when two writers share the folder', async () => {
    const dir = await temp();
    const a = createLogFile({ dir, maxBytes: 1000, redact: (t) => t });
    const b = createLogFile({ dir, maxBytes: 1000, redact: (t) => t });
    for (let i = 0; i < 200; i++) (i % 2 ? b : a).write(`line ${i} ${'x'.repeat(40)}`);
    for (const name of ['main.log', 'main.old.log']) {
      expect(Buffer.byteLength(await readFile(join(dir, name), 'utf8')), name).toBeLessThanOrEqual(1000);
    }
    // Each file holds about 20 lines of 50 bytes: the last 30 written must all be there, in order.
    const tail = await readLogTail(dir, 30);
    expect(tail.map((l) => Number(l.split(' ')[1]))).toEqual(Array.from({ length: 30 }, (_, i) => 170 + i));
  });

  it('writes a hostile megabyte-long line without freezing (every credential pattern is linear)', async () => {
    const dir = await temp();
    const { logger, logFile } = createAppLogging({ dir });
    // Runs of `eyJ…-` made the old JWT pattern retry from every one: half a minute for this line, which blocks the main process.
    logger.warn('server answered', { body: 'eyJaaaaaaaa-'.repeat(30_000) });
    logger.warn('server answered', { body: '"tokentoken'.repeat(30_000) });
    expect(await readLogTail(logFile.dir)).toHaveLength(2);
  });

  it('reads the tail of a log that something let grow past 2 GB', async () => {
    const dir = await temp();
    const path = join(dir, 'main.log');
    // Sparse: 3 GB of nothing, then two lines. Read whole, it is more than Node can read at once.
    await writeFile(path, '');
    await truncate(path, 3 * 1024 ** 3);
    await appendFile(path, '\nsecond to last\nlast line\n');
    expect(await readLogTail(dir, 2)).toEqual(['second to last', 'last line']);
  });

  it('puts a log it cannot read into the tail as a sentence, not a failure', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'main.log'));
    await writeFile(join(dir, 'main.old.log'), 'an old line\n');
    expect(await readLogTail(dir)).toEqual([
      'an old line',
      `(${join(dir, 'main.log')} could not be read: EISDIR)`,
    ]);
  });

  it('reads an empty tail when there is no log yet', async () => {
    expect(await readLogTail(await temp())).toEqual([]);
  });
});

describe('redaction of free text', () => {
  const registry = createSecretRegistry();
  it('replaces credential shapes without being told the secret', () => {
    const text = [
      'Authorization: Bearer abc.def-123_XYZ',
      'Basic Zm9vOg==',
      'GET https://api.example/v4/downloads?api_key=s3cr3t&x=1',
      '{"token":"t0k3n","other":"kept"}',
      'proxy https://user:pa55@proxy.example:8080/',
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      // A JSON body logged as a string field: its quotes arrive escaped.
      String.raw`{"body":"{\"access_token\":\"a11ce55\",\"apiKey\":\"k3yk3y\",\"n\":1}"}`,
      '{"request":{"apiToken":"n35t3d"}}',
      // A pre-signed result file link: its signature would let a reader fetch the files.
      'GET https://files.example/847070_1.csv?X-Amz-Credential=AKIAcr3d&X-Amz-Signature=5i6n4tur3&X-Amz-Date=20260105',
      'GET https://files.example/847070_1.csv?AWSAccessKeyId=AKIAl3gacy&Expires=1767600000&Signature=l3gacy5ig',
      'auth failed for token=pr0s3 and password: pr0s3pw',
      String.raw`{"h":"Bearer\nn3wl1n3"}`,
    ].join('\n');
    const out = registry.redact(text);
    for (const secret of [
      'abc.def-123_XYZ',
      'Zm9vOg==',
      's3cr3t',
      't0k3n',
      'pa55',
      'eyJhbGci',
      'a11ce55',
      'k3yk3y',
      'n35t3d',
      'cr3d',
      '5i6n4tur3',
      'l3gacy',
      'pr0s3',
      'n3wl1n3',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"other":"kept"');
    expect(out).toContain('x=1');
    expect(out).toContain(String.raw`\"n\":1}`);
    expect(out).toContain('X-Amz-Date=20260105');
    expect(out).toContain('Expires=1767600000');
  });

  it('replaces a remembered secret in every spelling, wherever it appears', () => {
    const secrets = createSecretRegistry();
    const token = 'plain-token-with/slash';
    expect(secrets.redact(`oops ${token}`)).toContain(token);
    secrets.remember(token);
    const out = secrets.redact(
      `oops ${token} ${encodeURIComponent(token)} ${Buffer.from(`${token}:`).toString('base64')}`,
    );
    expect(out).not.toContain(token);
    expect(out).not.toContain(encodeURIComponent(token));
    expect(out).not.toContain(Buffer.from(`${token}:`).toString('base64'));
  });

  it('replaces a remembered secret in unpadded and URL-safe base64 too', () => {
    const secrets = createSecretRegistry();
    const token = 'tok?en>with~odd/bytes!';
    secrets.remember(token);
    for (const form of [
      Buffer.from(token).toString('base64url'),
      Buffer.from(token).toString('base64').replace(/=+$/, ''),
      Buffer.from(`${token}:`).toString('base64url'),
    ]) {
      expect(secrets.redact(`{"payload":"${form}"}`), form).toBe('{"payload":"[redacted]"}');
    }
  });
});

describe('crash dumps', () => {
  it('counts the .dmp files Crashpad keeps, in any of its subfolders', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'settings.dat'), '');
    await mkdir(join(dir, 'completed'));
    await mkdir(join(dir, 'pending'));
    await writeFile(join(dir, 'completed', 'a.dmp'), '');
    await writeFile(join(dir, 'pending', 'b.dmp'), '');
    expect(await summarizeCrashDumps(dir)).toEqual({ folder: dir, count: 2 });
    expect(await summarizeCrashDumps(join(dir, 'missing'))).toEqual({
      folder: join(dir, 'missing'),
      count: 0,
    });
  });
});
