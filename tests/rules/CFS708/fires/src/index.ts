// Large objects read whole before they are served.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const object = await env.BUCKET.get(new URL(request.url).pathname.slice(1));
    if (!object) return new Response("not found", { status: 404 });
    const bytes = await object.arrayBuffer();
    return new Response(bytes);
  },
};
