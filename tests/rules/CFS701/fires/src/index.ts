export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).pathname;
    const hit = await env.CACHE.get(key);
    if (hit) return new Response(hit);
    const body = await fetch(`https://origin.example.com${key}`).then((r) => r.text());
    await env.CACHE.put(key, body); // a cache fill, kept forever
    return new Response(body);
  },
};
