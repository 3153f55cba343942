// Every read goes to the primary.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const id = new URL(request.url).searchParams.get("id");
    const post = await env.DB.prepare("SELECT * FROM posts WHERE id = ?").bind(id).first();
    const comments = await env.DB.prepare("SELECT * FROM comments WHERE post_id = ?").bind(id).all();
    return Response.json({ post, comments });
  },
};
