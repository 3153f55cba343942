// Near misses: a query in the loop's header runs once; queries started in a
// callback run together (Promise.all), not one per iteration; statements
// prepared in a loop and sent in one batch; a long list sent in batches of a
// hundred, a round trip per batch.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const ids: number[] = await request.json();
    for (const row of (await env.DB.prepare("SELECT id FROM items").all()).results) {
      console.log(row);
    }
    const items = await Promise.all(ids.map(async (id) => await env.DB.prepare("SELECT * FROM items WHERE id = ?").bind(id).first()));
    const statements = [];
    for (const id of ids) statements.push(env.DB.prepare("UPDATE items SET seen = 1 WHERE id = ?").bind(id));
    await env.DB.batch(statements);
    for (let i = 0; i < statements.length; i += 100) {
      await env.DB.batch(statements.slice(i, i + 100));
    }
    return Response.json(items);
  },
};
