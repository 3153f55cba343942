export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const ids: number[] = await request.json();
    const items = [];
    for (const id of ids) {
      const item = await env.DB.prepare("SELECT * FROM items WHERE id = ?").bind(id).first();
      items.push(item);
    }
    return Response.json(items);
  },
};
