// A consumer that writes per message and never acknowledges one: a failure
// redelivers the batch, and the writes and sends made before it run again.
interface Job {
  id: string;
  value: string;
}

async function save(env: Env, job: Job) {
  await env.RESULTS.put(`job:${job.id}`, job.value.toUpperCase());
}

export default {
  async queue(batch: MessageBatch<Job>, env: Env): Promise<void> {
    try {
      for (const message of batch.messages) {
        await save(env, message.body);
        await env.NOTIFY.send({ done: message.body.id });
      }
    } catch (err) {
      console.error("batch failed", err);
      throw err; // rethrown: the whole batch is redelivered all the same
    }
    batch.ackAll();
  },
};
