/**
 * The agents' tools other than a plain shell command: file edits and unknown tools (toolInput.ts) and
 * VS Code's tasks (tasks.ts, with jsonc-parser). The lean hook keeps them in a bundle of their own
 * (dist/hook-tools.js), required at the first such tool: a shell command, nearly every call, then
 * never compiles them (~20 KB of the hook's ~56 KB, measured in bench/hook.ts).
 */
export { readTool } from './toolInput';
export { resolveTask, taskCommand, TaskProblem } from './tasks';
