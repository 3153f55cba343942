// A loop over chat messages, not a queue batch: not a consumer.
export async function archive(env: Env, conversation: { id: string; messages: { id: string; text: string }[] }) {
  for (const message of conversation.messages) {
    await env.RESULTS.put(`msg:${message.id}`, message.text);
  }
}
