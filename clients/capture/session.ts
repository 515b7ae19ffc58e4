import type { Recorded, Script } from './recorder.ts';

/** What one capture session did: the client's own output beside the requests it made. */
export interface Outcome {
  client: string;
  version: string;
  command: string;
  exit?: number | null;
  output?: string;
  notes?: string[];
}

/** A capture session: runs a client against the recorder and says what happened. */
export interface Session {
  name: string;
  script: Script;
  run(url: string, rec: { log: Recorded[]; script: Script }): Promise<Outcome>;
}
