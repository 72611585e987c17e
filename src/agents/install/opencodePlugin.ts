/**
 * OpenCode takes no hook commands in its config: a check runs as a plugin, a JS module OpenCode loads
 * from `~/.config/opencode/plugins/` (or a project's `.opencode/plugins/`). This is the text of ours:
 * for every tool call it runs `<shim> hook opencode` with the call as JSON on stdin (src/agents/opencode.ts)
 * and throws — which stops the tool and tells the model why — unless the hook answers exit 0 with no deny.
 *
 * Fail closed inside the hook: a shim that cannot start, a crash, a kill, an exit other than 0 or 2, an
 * answer that is not JSON, or no answer within the time-out all throw. OpenCode itself runs on without a
 * plugin that fails to *load* (1.18.33 logs "failed to load plugin" and runs the command), so loading does
 * nothing that can fail: the module only defines functions. No vscode import.
 */
/** The first line of every plugin file we write: how install and removal know the file is ours. */
export const OPENCODE_PLUGIN_MARKER = '// Terminal Guard\'s OpenCode plugin: written by "Protect AI Agents…"; do not edit.';

export function isOurPlugin(text: string): boolean {
	return text.startsWith(OPENCODE_PLUGIN_MARKER);
}

/**
 * The plugin module's text, running `shim hook opencode` and giving up (refusing) after `timeoutSeconds`.
 * `platform` picks how the shim is started (a .cmd file on Windows needs cmd.exe).
 */
export function opencodePluginText(shim: string, timeoutSeconds: number, platform: NodeJS.Platform = process.platform): string {
	const windows = platform === 'win32';
	return `${OPENCODE_PLUGIN_MARKER}
// It sends each tool call to Terminal Guard (${shim} hook opencode), which may ask you in the editor,
// and stops the call unless Terminal Guard lets it run. Remove it with "Terminal Guard: Remove AI Agent Protection…".
import { spawn } from "node:child_process";

const SHIM = ${JSON.stringify(shim)};
const TIMEOUT_MS = ${Math.round(timeoutSeconds * 1000)};

function refusal(problem) {
  return "Terminal Guard stopped this tool call because it could not check it: " + problem + ".\\nIt blocks what it cannot check. A person must confirm this in the editor; do not retry or work around it.";
}

function ask(payload) {
  return new Promise((resolve) => {
    let child;
    try {
      // Its own process group, so a time-out ends the hook and whatever it started.
      child = ${windows ? 'spawn(\'"\' + SHIM + \'"\', ["hook", "opencode"], { shell: true, windowsHide: true })' : 'spawn(SHIM, ["hook", "opencode"], { stdio: ["pipe", "pipe", "pipe"], detached: true })'};
    } catch (error) {
      resolve({ stop: refusal("the terminal-guard command did not start (" + String(error) + ")") });
      return;
    }
    let stdout = "";
    let stderr = "";
    let settled = false;
    const settle = (answer) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      }
    };
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, "SIGKILL"); } catch { try { child.kill("SIGKILL"); } catch {} }
      child.stdout.destroy();
      child.stderr.destroy();
      settle({ stop: refusal("no answer within " + TIMEOUT_MS / 1000 + " s") });
    }, TIMEOUT_MS);
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", (error) => settle({ stop: refusal("the terminal-guard command did not run (" + String(error) + ")") }));
    child.stdin.on("error", () => {});
    child.on("close", (code, signal) => {
      let answer;
      try { answer = JSON.parse(stdout); } catch {}
      const reason = answer && typeof answer.reason === "string" ? answer.reason : stderr.trim();
      if (code === 0 && answer && typeof answer === "object" && answer.decision !== "deny") {
        settle({});
      } else if (code === 0 || code === 2) {
        settle({ stop: reason || refusal("Terminal Guard refused without a reason") });
      } else {
        settle({ stop: refusal("the terminal-guard command ended with " + (signal || "exit " + code) + (stderr.trim() ? ": " + stderr.trim() : "")) });
      }
    });
    child.stdin.end(payload);
  });
}

export const TerminalGuard = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    let payload;
    try {
      payload = JSON.stringify({ hook_event_name: "tool.execute.before", tool_name: input && input.tool, tool_input: output && output.args, cwd: directory, session_id: input && input.sessionID, call_id: input && input.callID });
    } catch (error) {
      throw new Error(refusal("the tool call could not be read (" + String(error) + ")"));
    }
    const answer = await ask(payload);
    if (answer.stop !== undefined) {
      throw new Error(answer.stop);
    }
  },
});
`;
}
