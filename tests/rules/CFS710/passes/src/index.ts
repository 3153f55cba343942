// Near misses: a list written out; a list cut to 20; one bulk read.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const ids: string[] = await request.json();
    const pair = await Promise.all(["a", "b"].map((k) => env.CACHE.get(k)));
    const first = await Promise.all(ids.slice(0, 20).map((id) => env.CACHE.get(id)));
    const bulk = await env.CACHE.get(ids.slice(0, 100));
    return Response.json({ pair, first, bulk });
  },
};
