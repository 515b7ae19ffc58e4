// A loopback port whose connections never complete: a listener with a full accept queue
// drops new SYNs, so a client's connect hangs as it would on a dead host. Python's socket
// API sets backlog 0 and never accepts (python3 is part of this machine kind).
import { spawn } from 'node:child_process';
import { type Socket, connect } from 'node:net';

export async function startBlackhole(): Promise<{ port: number; close: () => void }> {
  const listener = spawn('python3', ['-c', "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)"]);
  const port = await new Promise<number>((ok) => listener.stdout.once('data', (d) => ok(Number(String(d).trim()))));
  const fillers: Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const s = connect(port, '127.0.0.1').on('error', () => {});
    fillers.push(s);
    await new Promise((r) => setTimeout(r, 30));
  }
  return {
    port,
    close: () => {
      for (const s of fillers) s.destroy();
      listener.kill();
    },
  };
}
