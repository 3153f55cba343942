export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const customer = new URL(request.url).searchParams.get("customer");
    const { results } = await env.DB.prepare("SELECT * FROM orders WHERE customer_id = ?").bind(customer).all();
    return Response.json(results);
  },
};
