/** The guarded terminal's public surface for the editor layer (see docs/terminal.md). No vscode import. */
export { GuardedShell } from './guardedShell';
export type { Decision, GuardedShellOptions, GuardMode, Judge, JudgeResult, ModeChange } from './types';
export type { Disposable, Event } from './events';
export { ABORT_REASONS, stoppedMessage } from './judging';
export { detectShellKind, type ShellKind } from './shellLaunch';
