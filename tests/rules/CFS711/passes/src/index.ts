// Near miss: reads through a session, with the bookmark passed on.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const session = env.DB.withSession(request.headers.get("x-d1-bookmark") ?? "first-unconstrained");
    const post = await session.prepare("SELECT * FROM posts WHERE id = ?").bind(1).first();
    const response = Response.json(post);
    response.headers.set("x-d1-bookmark", session.getBookmark() ?? "");
    return response;
  },
};
