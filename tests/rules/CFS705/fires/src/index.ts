// One INSERT per row, each awaited before the next.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const items: { id: number; name: string }[] = await request.json();
    for (const item of items) {
      await env.DB.prepare("INSERT INTO items (id, name) VALUES (?, ?)").bind(item.id, item.name).run();
    }
    return new Response("ok");
  },
};
