export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).pathname;
    const body = await fetch(`https://origin.example.com${key}`).then((r) => r.text());
    await env.CACHE.put(key, body); // cached forever
    return new Response(body);
  },
};
