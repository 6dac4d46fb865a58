/**
 * A tool's answer: the structured result (checked against the tool's output schema by the SDK)
 * and a short text for clients that only show text. A tool that cannot answer throws an
 * Error with a message for the assistant; the SDK turns it into a result with isError set.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export function answer(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** An error the assistant can act on (a wrong id, a query it can fix): its message is the answer. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}
