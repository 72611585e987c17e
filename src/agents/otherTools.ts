/**
 * The agents' tools other than a plain shell command: file edits and unknown tools (toolInput.ts) and
 * VS Code's tasks (tasks.ts, with jsonc-parser). The lean hook keeps them in a bundle of their own
 * (dist/hook-tools.js), required at the first such tool: a shell command, nearly every call, then
 * never compiles them (24 KB of the 56 KB hook.js was; docs/decisions.md, "Speed, fourth pass").
 */
export { readTool } from './toolInput';
export { resolveTask, taskCommand, TaskProblem } from './tasks';
