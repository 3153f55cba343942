// Jobs written as KV keys, listed, run and deleted.
export default {
  async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
    const { keys } = await env.CACHE.list({ prefix: "job:" });
    for (const k of keys) {
      const job = await env.CACHE.get(k.name, "json");
      console.log(job);
      await env.CACHE.delete(k.name);
    }
  },
};
