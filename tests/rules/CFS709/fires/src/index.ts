// A chat room that keeps every socket accept()-ed: never hibernates.
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  sockets = new Set<WebSocket>();

  async fetch(_request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    this.sockets.add(server);
    server.addEventListener("message", (e) => {
      for (const s of this.sockets) s.send(String(e.data));
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return env.ROOMS.get(env.ROOMS.idFromName("lobby")).fetch(request);
  },
};
