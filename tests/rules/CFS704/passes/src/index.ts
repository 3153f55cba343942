// Near misses: an indexed column (after a Drizzle-style rebuild), the primary
// key, a join, SQL built at run time, a table the migrations do not declare,
// and a function of a column (which an index on it would not serve either way).
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const id = 1, col = "total";
    await env.DB.prepare("SELECT * FROM orders WHERE customer_id = ? ORDER BY total").bind(id).all();
    await env.DB.prepare("SELECT * FROM customers WHERE id = ?").bind(id).first();
    await env.DB.prepare("SELECT o.* FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = ?").bind("x").all();
    await env.DB.prepare(`SELECT * FROM orders WHERE ${col} > ?`).bind(1).all();
    await env.DB.prepare("SELECT * FROM events WHERE kind = ?").bind("x").all();
    await env.DB.prepare("SELECT * FROM customers WHERE lower(name) = ?").bind("x").all();
    return new Response("ok");
  },
};
