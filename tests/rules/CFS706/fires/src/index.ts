// A counter in KV: read the count, add one, write it back.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = `views:${new URL(request.url).pathname}`;
    const current = parseInt((await env.CACHE.get(key)) || "0");
    const next = current + 1;
    await env.CACHE.put(key, String(next), { expirationTtl: 86400 });
    return new Response(String(next));
  },
};
