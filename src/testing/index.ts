// Test doubles for code that calls a model, shipped as `sigma-simulator/testing`.
export {
  createMockModelClient,
  MockModelClient,
  type MockModelClientOptions,
  type MockReply,
} from './mock-model-client.ts';
export {
  type OpenAICompatibleServerOptions,
  OpenAICompatibleTestServer,
  type ResponseHandler,
  startOpenAICompatibleServer,
} from './openai-compatible-server.ts';
export { type ChatCompletionMessage, estimateTokens, type RecordedRequest } from './openai-wire.ts';
export {
  type CompletionResponse,
  type ErrorResponse,
  type HangUpResponse,
  type RawResponse,
  reply,
  type ScriptedResponse,
} from './scripted-response.ts';
