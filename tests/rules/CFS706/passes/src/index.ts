// Near misses: a cache fill (the value comes from elsewhere, not from the
// read); a write of a different key than the one read.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).pathname;
    const cached = await env.CACHE.get(key);
    if (cached) return new Response(cached);
    const page = await (await fetch(request)).text();
    await env.CACHE.put(key, page, { expirationTtl: 300 });
    const seen = await env.CACHE.get("last-seen");
    await env.CACHE.put(`previous:${key}`, seen ?? "", { expirationTtl: 300 });
    return new Response(page);
  },
};
