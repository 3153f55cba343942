// Mapped over the batch and acknowledged one by one.
export const mapped = {
  async queue(batch: MessageBatch<{ id: string }>, env: Env): Promise<void> {
    await Promise.all(
      batch.messages.map(async (msg) => {
        await env.NOTIFY.send({ id: msg.body.id });
        msg.ack();
      }),
    );
  },
};
