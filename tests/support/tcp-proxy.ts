// A TCP forwarder in front of a test server, to take the server "down", "hung" and back "up"
// on the same address: stop() refuses new connections and cuts open ones (as a crashed or
// restarted server would); hang() keeps every connection open but answers nothing, new ones
// included (as a server stuck on a lock, a full disk or a frozen VM would); start() forwards
// again, on the same port, to new connections.
import net from "node:net";

export interface TcpProxy {
  port: number;
  stop(): Promise<void>;
  hang(): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  let hung = false;
  /** Open connections and their upstream, to stop forwarding on them when the server hangs. */
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  const listen = async () => {
    const next = net.createServer((client) => {
      track(client);
      // Accepted, then never a byte back: the client waits for the server's greeting.
      if (hung) return;
      const upstream = net.connect(target.port, target.host);
      track(upstream);
      const pair = { client, upstream };
      pairs.add(pair);
      client.pipe(upstream).pipe(client);
      client.on("close", () => {
        pairs.delete(pair);
        upstream.destroy();
      });
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve());
    });
    port = (next.address() as net.AddressInfo).port;
    server = next;
  };

  const stop = async () => {
    hung = false;
    const current = server;
    server = null;
    if (!current) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  const hang = () => {
    hung = true;
    // What clients send stays unanswered, and what the server had still on its way is dropped.
    for (const { client, upstream } of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      upstream.pause();
    }
    pairs.clear();
  };

  const start = async () => {
    if (hung) {
      // A hung server that comes back has lost its connections, as a restarted one would.
      await stop();
    }
    if (!server) await listen();
  };

  await listen();
  return {
    get port() {
      return port;
    },
    stop,
    hang,
    start,
    close: stop,
  };
}
