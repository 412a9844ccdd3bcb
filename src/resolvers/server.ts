// What the server says about itself (neighbours spec B.6.3, B.6.4): version, build, commit and the
// installation id, generated once and kept in `server_setting` so every process reports the same.
import { randomUUID } from 'node:crypto';
import { readOrCreateSetting } from './auth.ts';

/** The server version this gateway emulates. */
export const SERVER_VERSION = '0.16.1';

export interface ServerInfo {
  version: string;
  build: string;
  commit: string;
  /** Random id of this installation (uuid), the same for every process on the database. */
  uid: string;
}

let uidPromise: Promise<string> | undefined;

function installationId(): Promise<string> {
  uidPromise ??= readOrCreateSetting('server_uid', () => randomUUID()).catch((error: unknown) => {
    uidPromise = undefined; // retry on the next call (database briefly unavailable)
    throw error;
  });
  return uidPromise;
}

/**
 * Version (TRAINS_SERVER_VERSION, default 0.16.1), build and commit (TRAINS_SERVER_BUILD /
 * TRAINS_SERVER_COMMIT, default empty) and the installation id.
 */
export async function getServerInfo(): Promise<ServerInfo> {
  return {
    version: process.env.TRAINS_SERVER_VERSION || SERVER_VERSION,
    build: process.env.TRAINS_SERVER_BUILD ?? '',
    commit: process.env.TRAINS_SERVER_COMMIT ?? '',
    uid: await installationId(),
  };
}

/**
 * Whether the server can report anonymous usage statistics. This gateway never sends statistics
 * anywhere, so the option is unsupported and a request to enable it changes nothing.
 */
export function getStatsReportingOption(): { supported: false } {
  return { supported: false };
}
