// A Worker's echo socket: not a Durable Object, nothing to hibernate.
export async function echo(): Promise<Response> {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("message", (e) => server.send(String(e.data)));
  return new Response(null, { status: 101, webSocket: client });
}
