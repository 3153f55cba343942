// Each message acknowledged once its work is done: a failure redelivers only
// the messages not yet acknowledged.
async function save(env: Env, id: string, value: string) {
  await env.RESULTS.put(`job:${id}`, value);
}

export default {
  async queue(batch: MessageBatch<{ id: string; value: string }>, env: Env): Promise<void> {
    for (const message of batch.messages) {
      await save(env, message.body.id, message.body.value);
      await env.NOTIFY.send({ done: message.body.id });
      message.ack();
    }
  },
};
