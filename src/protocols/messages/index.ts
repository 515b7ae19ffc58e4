/** Anthropic Messages ⇄ OpenAI chat completions: pure translation, no I/O. */
export { messagesToChat, type MessagesReply, type MessagesTranslation, type MessagesTranslationContext } from './request.ts';
export { chatToMessage } from './response.ts';
export { MessagesStreamWriter } from './stream-writer.ts';
export { classifyMessagesEvent, encodeMessagesEvent, messagesTextOf, pingEvent, type MessagesEventClass } from './events.ts';
export { anthropicError, anthropicErrorType, chatErrorToAnthropic } from './errors.ts';
export { estimateInputTokens } from './count-tokens.ts';
export { dropUnsignedThinking, type SignedBody } from './unsigned-thinking.ts';
export { TranslationError } from './translation-error.ts';
export type { ChatRequest } from './chat-types.ts';
export type { AnthropicErrorBody, AnthropicErrorType, AnthropicMessage, MessagesStreamEvent } from './types.ts';
