// Near misses: the statements are prepared in the loop and sent in one
// batch; a read in a loop is CFS703's; one write after the loop.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const items: { id: number; name: string }[] = await request.json();
    const insert = env.DB.prepare("INSERT INTO items (id, name) VALUES (?, ?)");
    const statements = [];
    for (const item of items) statements.push(insert.bind(item.id, item.name));
    await env.DB.batch(statements);
    for (const item of items) {
      // cfscale-ignore CFS703: a fixture's read, not this rule's case
      await env.DB.prepare("SELECT 1 FROM items WHERE id = ?").bind(item.id).first();
    }
    await env.DB.prepare("INSERT INTO log (n) VALUES (?)").bind(items.length).run();
    return new Response("ok");
  },
};
