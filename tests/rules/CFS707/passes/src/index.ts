// Near misses: a list that only reads (an index page); a delete of one key
// in another function.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method === "DELETE") return remove(env, new URL(request.url).pathname);
    const { keys } = await env.CACHE.list({ prefix: "post:" });
    return Response.json(keys.map((k) => k.name));
  },
};

async function remove(env: Env, key: string): Promise<Response> {
  await env.CACHE.delete(key);
  return new Response(null, { status: 204 });
}
