// One KV read per id from the request, all at once.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const ids: string[] = await request.json();
    const reads = ids.map((id) => env.CACHE.get(`user:${id}`));
    const users = await Promise.all(reads);
    return Response.json(users);
  },
};
