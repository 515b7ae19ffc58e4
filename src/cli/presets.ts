import type { BackendApi } from '../config/types.ts';

/** A provider `understudy init` knows: where it lives, where its key usually is, what it speaks. */
export interface ProviderPreset {
  /** What `--fast`/`--smart` take. */
  id: string;
  label: string;
  /** What the OpenAI SDK calls baseURL (the Anthropic one for a Messages backend). */
  baseUrl: string;
  /** The variable its key usually lives in; none for a local server. */
  keyEnv?: string;
  /** Its default model for each role; none where the server serves what it has loaded. */
  fast?: string;
  smart?: string;
  /** The APIs it speaks natively (gateway.toml's `api`). */
  api: readonly BackendApi[];
  /** Default models that take `reasoning_effort` and send reasoning text back (gateway.toml's `reasoning`). */
  reasoningModels?: readonly string[];
  /** A server on this machine: no key. */
  local?: boolean;
}

/**
 * The providers `init` offers. Base URLs are the OpenAI-SDK style prefix before
 * `/chat/completions`; models are editable defaults, not recommendations for ever.
 */
export const PRESETS: readonly ProviderPreset[] = [
  { id: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', keyEnv: 'OPENAI_API_KEY', fast: 'gpt-5-mini', smart: 'gpt-5.1', api: ['chat', 'responses'] },
  { id: 'anthropic', label: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', keyEnv: 'ANTHROPIC_API_KEY', fast: 'claude-haiku-4-5', smart: 'claude-sonnet-4-5', api: ['messages'] },
  { id: 'deepseek', label: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', keyEnv: 'DEEPSEEK_API_KEY', fast: 'deepseek-chat', smart: 'deepseek-reasoner', api: ['chat'], reasoningModels: ['deepseek-reasoner'] },
  { id: 'moonshot', label: 'Moonshot (Kimi)', baseUrl: 'https://api.moonshot.ai/v1', keyEnv: 'MOONSHOT_API_KEY', fast: 'kimi-k2-turbo-preview', smart: 'kimi-k2-thinking', api: ['chat'], reasoningModels: ['kimi-k2-thinking'] },
  { id: 'fireworks', label: 'Fireworks', baseUrl: 'https://api.fireworks.ai/inference/v1', keyEnv: 'FIREWORKS_API_KEY', fast: 'accounts/fireworks/models/deepseek-v4-pro', smart: 'accounts/fireworks/models/kimi-k2-thinking', api: ['chat'] },
  { id: 'groq', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', keyEnv: 'GROQ_API_KEY', fast: 'llama-3.1-8b-instant', smart: 'openai/gpt-oss-120b', api: ['chat'] },
  { id: 'openrouter', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', keyEnv: 'OPENROUTER_API_KEY', fast: 'google/gemini-2.5-flash', smart: 'anthropic/claude-sonnet-4.5', api: ['chat'] },
  { id: 'together', label: 'Together AI', baseUrl: 'https://api.together.xyz/v1', keyEnv: 'TOGETHER_API_KEY', fast: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', smart: 'moonshotai/Kimi-K2-Instruct', api: ['chat'] },
  { id: 'mistral', label: 'Mistral', baseUrl: 'https://api.mistral.ai/v1', keyEnv: 'MISTRAL_API_KEY', fast: 'mistral-small-latest', smart: 'mistral-large-latest', api: ['chat'] },
  { id: 'gemini', label: 'Google Gemini (OpenAI-compatible endpoint)', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai', keyEnv: 'GEMINI_API_KEY', fast: 'gemini-2.5-flash', smart: 'gemini-2.5-pro', api: ['chat'] },
  { id: 'ollama', label: 'Ollama (local)', baseUrl: 'http://127.0.0.1:11434/v1', fast: 'qwen3:8b', smart: 'qwen3:32b', api: ['chat'], local: true },
  { id: 'lmstudio', label: 'LM Studio (local)', baseUrl: 'http://127.0.0.1:1234/v1', fast: 'qwen/qwen3-8b', smart: 'openai/gpt-oss-20b', api: ['chat'], local: true },
  { id: 'vllm', label: 'vLLM (local)', baseUrl: 'http://127.0.0.1:8000/v1', fast: 'Qwen/Qwen3-8B', smart: 'Qwen/Qwen3-8B', api: ['chat'], local: true },
  // llama-server answers with whatever model it was started with, so none is forced.
  { id: 'llamacpp', label: 'llama.cpp server (local)', baseUrl: 'http://127.0.0.1:8080/v1', api: ['chat'], local: true },
];

/** Other names people type for a preset. */
const ALIASES: Record<string, string> = { kimi: 'moonshot', claude: 'anthropic', google: 'gemini', 'lm-studio': 'lmstudio', 'llama.cpp': 'llamacpp', 'llama-cpp': 'llamacpp', together_ai: 'together' };

/** The preset with this id (or a common other name, any case), if any. */
export function findPreset(id: string): ProviderPreset | undefined {
  const key = id.trim().toLowerCase();
  return PRESETS.find((p) => p.id === (ALIASES[key] ?? key));
}
