// Near misses: awaited, handed to waitUntil (also through Promise.all),
// returned, voided on purpose, chained, kept in a variable, and calls that
// return no promise.
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    await env.EVENTS.send({ type: "a" });
    ctx.waitUntil(env.EVENTS.send({ type: "b" }));
    ctx.waitUntil(Promise.all([env.CACHE.put("k", "v", { expirationTtl: 60 }), env.BUCKET.delete("old")]));
    await Promise.all([env.CACHE.delete("x"), env.CACHE.delete("y")]);
    void env.EVENTS.send({ type: "c" });
    env.EVENTS.send({ type: "d" }).catch((e) => console.error(e));
    const pending = env.CACHE.get("z");
    env.METRICS.writeDataPoint({ blobs: ["visit"], doubles: [1] });
    const stmt = env.DB.prepare("SELECT 1");
    await pending;
    await stmt.first();
    return this.later(env);
  },
  later(env: Env) {
    return env.EVENTS.send({ type: "e" });
  },
};
