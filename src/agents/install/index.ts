/** The agent installer's public surface (docs/agents-install.md). No vscode import. */
export { AGENTS, AGENT_IDS, HOOK_TIMEOUT_SECONDS, hookCommand, isOurCommand, type AgentId, type Scope } from './agents';
export { backupFileOf, configFileOf, installHook, isInstalled, removeInstalledHook, type FileResult, type Target } from './configFiles';
export { detectAgents, onPath, type Detection } from './detect';
export { agentsHome, HOME_OVERRIDE_VARIABLE, stateDir } from './home';
export { ConfigError } from './hookConfig';
export { agentHostWrapperPath, currentShimTarget, SHIM_ELECTRON_VARIABLE, shimPath, writeAgentHostWrapper, writeShim, type ShimTarget } from './shim';
