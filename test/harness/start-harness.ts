// The real core in Node, served to a browser: simulator + createBackend(Node ports) + the
// WebSocket bridge server. Used by the full-flow e2e tests and by `npm run preview`.
import { createBackend } from '../../main/core/backend/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend, BackendPorts } from '../../main/core/backend/types.js';
import type { CredentialVault, Logger } from '../../main/core/ports.js';
import { startSimulator, DEMO_ACCOUNTS, type SimOptions, type Simulator } from '../sim/index.js';
import { createMemoryVault, createNodePorts, type NodePorts, type RecordedActions } from './node-ports.js';
import { startHarnessServer } from './ws-bridge-server.js';
import { ensureRendererBuilt } from './build-renderer.js';

export { DEFAULT_RENDERER_DIR, REPO_ROOT } from './paths.js';

export interface StartHarnessOptions {
  /** A running simulator, options to start one (default `{ demo: true }`), or false for none. */
  sim?: Simulator | SimOptions | false;
  /** Store folder; default a fresh temp folder, removed on close. */
  dataDir?: string;
  /** Stands in for ~/Downloads; default `<dataDir>/Downloads`. */
  downloadsDir?: string;
  /**
   * 'keychain': the OS keychain through keytar (run under test/with-keyring.sh); 'memory': an
   * in-memory vault; or a vault of your own. Default: 'keychain' when DATAFINITI_KEYRING is set.
   */
  vault?: 'keychain' | 'memory' | CredentialVault;
  /** The keychain service name; default one per process. A kept data dir needs a fixed one. */
  vaultService?: string;
  /** Add the simulator's demo accounts (v4 and v3) through the backend. Default false. */
  demoAccounts?: boolean;
  /** Default: out/renderer, built first when older than its sources. */
  rendererDir?: string;
  port?: number;
  token?: string;
  logger?: Logger;
  /** Override or add ports (a virtual clock, a failing vault...). */
  ports?: Partial<BackendPorts>;
}

export interface Harness {
  url: string;
  token: string;
  backend: Backend;
  recorded: RecordedActions;
  nodePorts: NodePorts;
  sim: Simulator | null;
  dataDir: string;
  downloadsDir: string;
  /** Which vault is in use, for logs: 'keychain' | 'memory' | 'custom'. */
  vaultKind: 'keychain' | 'memory' | 'custom';
  close(): Promise<void>;
}

async function resolveVault(
  choice: StartHarnessOptions['vault'],
  service = `Datafiniti Downloads harness ${process.pid}`,
): Promise<{ vault: CredentialVault; kind: Harness['vaultKind'] }> {
  const wanted = choice ?? (process.env.DATAFINITI_KEYRING ? 'keychain' : 'memory');
  if (typeof wanted === 'object') return { vault: wanted, kind: 'custom' };
  if (wanted === 'keychain') {
    const { createKeytarVault } = await import('../../main/core/accounts/vault-keytar.js');
    const vault = createKeytarVault({ service });
    const status = await vault.probe();
    if (status.available) return { vault, kind: 'keychain' };
    console.warn(`\n*** harness: no keychain (${status.message}); using an IN-MEMORY vault instead ***\n`);
  } else if (!choice) {
    console.warn(
      '\n*** harness: no keychain session (run under test/with-keyring.sh for a real one); ' +
        'credentials are kept IN MEMORY only ***\n',
    );
  }
  return { vault: createMemoryVault(), kind: 'memory' };
}

export async function startHarness(options: StartHarnessOptions = {}): Promise<Harness> {
  const cleanup: (() => Promise<void>)[] = [];
  try {
    let sim: Simulator | null = null;
    if (options.sim === undefined || (options.sim && !('close' in options.sim))) {
      sim = await startSimulator(options.sim ?? { demo: true });
      const started = sim;
      cleanup.push(() => started.close());
    } else if (options.sim) {
      sim = options.sim;
    }

    let dataDir = options.dataDir;
    if (!dataDir) {
      const tmp = await mkdtemp(join(tmpdir(), 'datafiniti-harness-'));
      dataDir = tmp;
      cleanup.push(() => rm(tmp, { recursive: true, force: true }));
    }
    const downloadsDir = options.downloadsDir ?? join(dataDir, 'Downloads');
    const { vault, kind } = await resolveVault(options.vault, options.vaultService);
    const nodePorts = createNodePorts({
      dataDir,
      downloadsDir,
      vault,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(sim ? { defaultBaseUrls: { v3: sim.v3, v4: sim.v4 } } : {}),
    });
    const backend = createBackend({ ...nodePorts.ports, ...options.ports });
    cleanup.push(() => backend.dispose());
    await backend.start();

    // Once: a data dir kept from an earlier run already has them (and their downloads).
    if (options.demoAccounts && sim && (await backend.api.accounts.list()).length === 0) {
      for (const demo of DEMO_ACCOUNTS) {
        await backend.api.accounts.add({
          label: `Demo ${demo.version}`,
          version: demo.version,
          baseUrl: demo.version === 'v4' ? sim.v4 : sim.v3,
          token: demo.token,
        });
      }
    }

    const server = await startHarnessServer({
      backend,
      rendererDir: options.rendererDir ?? (await ensureRendererBuilt()),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.token ? { token: options.token } : {}),
    });
    cleanup.push(() => server.close());

    return {
      url: server.url,
      token: server.token,
      backend,
      recorded: nodePorts.recorded,
      nodePorts,
      sim,
      dataDir,
      downloadsDir,
      vaultKind: kind,
      close: () => runCleanup(cleanup),
    };
  } catch (err) {
    await runCleanup(cleanup);
    throw err;
  }
}

async function runCleanup(steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps.splice(0).reverse()) {
    try {
      await step();
    } catch {
      // Closing is best effort: one failed step must not leave the others running.
    }
  }
}
