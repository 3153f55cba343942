export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    env.EVENTS.send({ type: "visit", url: request.url }); // nothing waits for it
    return new Response("ok");
  },
};
