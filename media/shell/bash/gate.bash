# Terminal Guard's gate for `bash -c …` in VS Code terminals (tasks, other extensions' terminals).
# VS Code puts this file in BASH_ENV for every terminal it starts (environmentVariableCollection),
# and bash reads BASH_ENV only when it runs non-interactively: interactive terminals, and VS Code's
# own shell integration in them, never see it. docs/agents-install.md explains what it covers.
# A `bash -c` inside a line the gate already judged (`bash -c "bash -c 'rm -rf x' && …"`) is part of
# what was judged: it is not asked about again. It counts as inside only when its parent is still the
# gated shell running that line — the marker names the shell's pid and its line, and the parent's
# argv (/proc, Linux) must still hold that line after a -c. So a program the line started (npm, make,
# a script, or one the gated shell exec'd into its own pid) gets no pass for the bash -c it starts,
# and the marker is removed here so it goes no further. Where /proc is missing the bash -c is asked again.
__tg_inside=
if [ -n "${TERMINAL_GUARD_GATED-}" ] && [ "${TERMINAL_GUARD_GATED}" = "${PPID-}" ] && [ -n "${TERMINAL_GUARD_GATED_LINE-}" ] && [ -r "/proc/$PPID/cmdline" ]; then
	__tg_c=
	while IFS= read -r -d '' __tg_arg; do
		if [ -n "$__tg_c" ] && [ "$__tg_arg" = "$TERMINAL_GUARD_GATED_LINE" ]; then
			__tg_inside=1
			break
		fi
		case $__tg_arg in --*) ;; -*c*) __tg_c=1 ;; esac
	done 2>/dev/null < "/proc/$PPID/cmdline"
	unset __tg_c __tg_arg
fi
unset TERMINAL_GUARD_GATED TERMINAL_GUARD_GATED_LINE
if [ -n "${BASH_EXECUTION_STRING-}" ] && [ -z "$__tg_inside" ] && [ -n "${TERMINAL_GUARD_GATE-}" ]; then
	# Fail closed: a gate that is set but cannot run stops the line instead of skipping the check.
	if [ ! -x "$TERMINAL_GUARD_GATE" ]; then
		printf 'Terminal Guard stopped: the gate %s is missing or not executable, so this command was not checked and does not run.\n' "$TERMINAL_GUARD_GATE" >&2
		exit 126
	fi
	# $0 and the positional args are already set here (bash -c 'STRING' NAME ARGS…) and are judged with it.
	"$TERMINAL_GUARD_GATE" gate --agent "${TERMINAL_GUARD_GATE_AGENT:-task}" --positional -- "$BASH_EXECUTION_STRING" "$0" "$@" || exit 126
	# The marker for the bash -c this shell itself starts (see above), only when the line names bash; a
	# line too long for one environment string (128 KB on Linux) gets none, and its inner bash -c is asked again.
	case $BASH_EXECUTION_STRING in *bash*) __tg_mark=1 ;; *) __tg_mark= ;; esac
	if [ -n "$__tg_mark" ] && [ "${#BASH_EXECUTION_STRING}" -le 65536 ]; then
		export TERMINAL_GUARD_GATED="$$" TERMINAL_GUARD_GATED_LINE="$BASH_EXECUTION_STRING"
	fi
fi
unset __tg_inside __tg_mark
# The BASH_ENV the editor itself was started with, if any, still applies.
if [ -n "${TERMINAL_GUARD_USER_BASH_ENV-}" ] && [ -r "$TERMINAL_GUARD_USER_BASH_ENV" ]; then
	. "$TERMINAL_GUARD_USER_BASH_ENV"
fi
