// A real HTTP server on 127.0.0.1 for download tests: routes map a path to a handler; requests are counted.
import * as http from 'node:http';
import type {AddressInfo} from 'node:net';

export interface TestServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Serves `body` with a Content-Length header. */
export function serveBytes(body: Uint8Array): Route {
  return (_req, res) => {
    res.writeHead(200, {'content-length': body.length, 'content-type': 'application/octet-stream'});
    res.end(Buffer.from(body));
  };
}

export async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const requests: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a server was opened there and closed). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
