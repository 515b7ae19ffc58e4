// The client conformance suite against the node entry.
import { nodeTarget } from '../test/http/targets.ts';
import { describeAiSdk } from './suites/ai-sdk.ts';
import { describeAnthropicSdk } from './suites/anthropic-sdk.ts';
import { describeClaudeCode } from './suites/claude-code.ts';
import { describeCodex } from './suites/codex.ts';
import { describeNative } from './suites/native.ts';
import { describeOpenAiSdk } from './suites/openai-sdk.ts';

describeOpenAiSdk(nodeTarget);
describeAiSdk(nodeTarget);
describeAnthropicSdk(nodeTarget);
describeCodex(nodeTarget);
describeClaudeCode(nodeTarget);
describeNative(nodeTarget);
