// The client conformance suite against the deno entry.
import { denoTarget } from '../test/http/targets.ts';
import { describeAiSdk } from './suites/ai-sdk.ts';
import { describeAnthropicSdk } from './suites/anthropic-sdk.ts';
import { describeClaudeCode } from './suites/claude-code.ts';
import { describeCodex } from './suites/codex.ts';
import { describeNative } from './suites/native.ts';
import { describeOpenAiSdk } from './suites/openai-sdk.ts';

describeOpenAiSdk(denoTarget);
describeAiSdk(denoTarget);
describeAnthropicSdk(denoTarget);
describeCodex(denoTarget);
describeClaudeCode(denoTarget);
describeNative(denoTarget);
