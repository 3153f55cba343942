// Near misses: the Durable Object accepts with the Hibernation API; the
// Worker itself (no Durable Object) can only accept().
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch(_request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    for (const s of this.ctx.getWebSockets()) s.send(message);
  }
}
