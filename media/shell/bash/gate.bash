# Terminal Guard's gate for `bash -c …` in VS Code terminals (tasks, other extensions' terminals).
# VS Code puts this file in BASH_ENV for every terminal it starts (environmentVariableCollection),
# and bash reads BASH_ENV only when it runs non-interactively: interactive terminals, and VS Code's
# own shell integration in them, never see it. docs/agents-install.md explains what it covers.
if [ -n "${BASH_EXECUTION_STRING-}" ] && [ -z "${TERMINAL_GUARD_GATED-}" ] && [ -n "${TERMINAL_GUARD_GATE-}" ]; then
	# Fail closed: a gate that is set but cannot run stops the line instead of skipping the check.
	if [ ! -x "$TERMINAL_GUARD_GATE" ]; then
		printf 'Terminal Guard stopped: the gate %s is missing or not executable, so this command was not checked and does not run.\n' "$TERMINAL_GUARD_GATE" >&2
		exit 126
	fi
	# The whole line is judged once; bash -c nested inside it is part of what was judged. $0 and the
	# positional args are already set here (bash -c 'STRING' NAME ARGS…) and are judged with it.
	export TERMINAL_GUARD_GATED=1
	"$TERMINAL_GUARD_GATE" gate --agent "${TERMINAL_GUARD_GATE_AGENT:-task}" --positional -- "$BASH_EXECUTION_STRING" "$0" "$@" || exit 126
fi
# The BASH_ENV the editor itself was started with, if any, still applies.
if [ -n "${TERMINAL_GUARD_USER_BASH_ENV-}" ] && [ -r "$TERMINAL_GUARD_USER_BASH_ENV" ]; then
	. "$TERMINAL_GUARD_USER_BASH_ENV"
fi
