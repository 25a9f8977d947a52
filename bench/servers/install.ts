/**
 * Installs the Socket.IO server's packages (`npm ci` from the npm registry,
 * pinned by `package-lock.json`) when they are missing, so a fresh machine
 * needs nothing but node and npm.
 *
 * @module
 */

const DIRECTORY = new URL("./", import.meta.url).pathname;

let installing: Promise<void> | undefined;

/** Makes sure `bench/servers/node_modules` holds Socket.IO; throws with npm's output if it cannot. */
export function ensureSocketIoServer(): Promise<void> {
  return installing ??= install().catch((error) => {
    installing = undefined;
    throw error;
  });
}

async function install(): Promise<void> {
  try {
    await Deno.stat(`${DIRECTORY}node_modules/socket.io/package.json`);
    return;
  } catch {
    // Not installed yet.
  }
  const output = await new Deno.Command("npm", {
    args: ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
    cwd: DIRECTORY,
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    throw new Error(`Cannot run npm: ${error.message}`);
  });
  if (!output.success) {
    const text = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`npm ci in bench/servers failed: ${text}`);
  }
}
