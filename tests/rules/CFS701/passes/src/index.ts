// Near misses: an expiry set, options the syntax cannot see, an R2 put, and
// a namespace of kept data (SETTINGS: no read before the write, no cache name).
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).pathname;
    const body = "x";
    await env.CACHE.put(key, body, { expirationTtl: 3600 });
    await env.CACHE.put(key, body, { expiration: Math.floor(Date.now() / 1000) + 60, metadata: { v: 1 } });
    const options = { expirationTtl: 60 };
    await env.CACHE.put(key, body, options);
    await env.CACHE.put(key, body, { ...options, metadata: {} });
    await env.BUCKET.put(key, body);
    await env.SETTINGS.put("theme", body);
    return new Response(body);
  },
};
