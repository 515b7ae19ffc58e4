// The floor for Node: a node:http server + a keep-alive node:http client, piping both ways,
// no checks, no failover (see bun.ts).
import http from 'node:http';

const base = new URL(process.env.FAST_BASE_URL);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const server = http.createServer((req, res) => {
  const headers = { 'content-type': req.headers['content-type'] ?? 'application/json' };
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  else headers['transfer-encoding'] = 'chunked';
  const path = base.pathname.replace(/\/$/, '') + req.url.replace(/^\/v1/, '');
  const up = http.request({ host: base.hostname, port: base.port, path, method: req.method, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  up.on('error', () => res.destroy());
  res.on('close', () => res.writableFinished || up.destroy()); // the client left mid-answer
  req.pipe(up);
});
server.listen(Number(process.env.PROXY_PORT ?? 0), '127.0.0.1', () => console.log(`minimal proxy listening on http://127.0.0.1:${server.address().port}/v1`));
