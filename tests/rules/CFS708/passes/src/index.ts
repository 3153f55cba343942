// Near misses: the body is streamed; head() reads no body.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).pathname.slice(1);
    const meta = await env.BUCKET.head(key);
    if (!meta) return new Response("not found", { status: 404 });
    const object = await env.BUCKET.get(key);
    return new Response(object?.body);
  },
};
