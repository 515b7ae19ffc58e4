import { chat } from './chat.ts';
import type { Protocol } from './protocol.ts';

/**
 * OpenAI embeddings: a JSON call naming a model, never streamed. A backend forces its own
 * `embedding_model` (not its chat `model`), and the call goes to the backends of the chain
 * that set one; where none does, to the whole chain with the client's model.
 */
export const embeddings: Protocol = {
  ...chat,
  name: 'embeddings',
  wantsStream: () => false,
  modelFor: (backend) => backend.embeddingModel,
  servedBy: (backend) => backend.embeddingModel !== undefined,
};
