# Terminal Guard's gate for `bash -c …` in VS Code terminals (tasks, other extensions' terminals).
# VS Code puts this file in BASH_ENV for every terminal it starts (environmentVariableCollection),
# and bash reads BASH_ENV only when it runs non-interactively: interactive terminals, and VS Code's
# own shell integration in them, never see it. docs/agents-install.md explains what it covers.
if [ -n "${BASH_EXECUTION_STRING-}" ] && [ -z "${TERMINAL_GUARD_GATED-}" ] && [ -n "${TERMINAL_GUARD_GATE-}" ] && [ -x "$TERMINAL_GUARD_GATE" ]; then
	# The whole line is judged once; bash -c nested inside it is part of what was judged.
	export TERMINAL_GUARD_GATED=1
	"$TERMINAL_GUARD_GATE" gate --agent "${TERMINAL_GUARD_GATE_AGENT:-task}" -- "$BASH_EXECUTION_STRING" || exit 126
fi
# The BASH_ENV the editor itself was started with, if any, still applies.
if [ -n "${TERMINAL_GUARD_USER_BASH_ENV-}" ] && [ -r "$TERMINAL_GUARD_USER_BASH_ENV" ]; then
	. "$TERMINAL_GUARD_USER_BASH_ENV"
fi
