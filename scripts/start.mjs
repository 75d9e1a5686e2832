// `npm start`: build, then run the app in Electron. The electron package downloads its binary
// on first use; where that download cannot happen, say what to do instead of a stack trace.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' });

const build = run('npx', ['electron-vite', 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);

let electronPath;
try {
  electronPath = (await import('electron')).default;
} catch {
  console.error(`
The Electron binary is not installed and could not be downloaded (this machine may not reach
Electron's download host). Either:
  - point at an Electron build you have:  ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start
  - or try the app in your browser, against a local simulator:  npm run demo
`);
  process.exit(1);
}

const app = run(electronPath, ['.', ...process.argv.slice(2)]);
process.exit(app.status ?? 1);
