# Terminal Guard in the interactive bash terminals VS Code starts itself (plain terminals, other
# extensions' terminals), where no proxy sits between the person and the shell. "Protect AI Agents…"
# puts, through VS Code's environmentVariableCollection, a PROMPT_COMMAND entry in those terminals:
#     __tg_st=$?; if [ -n "${__tg_mode-}" ]; then __tg_each_prompt; elif [ -r FILE ]; then . FILE; fi
# so this file is read at the first prompt, after the person's own startup files and after VS Code's
# shell integration (which keeps an inherited PROMPT_COMMAND and runs it at every prompt). It installs
# hook.bash with `terminal-guard gate` as the transport: each line is judged by the editor, over the
# bridge, before readline accepts it. Every name here starts with __tg_.

if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
	__tg_mode=unsupported
	builtin printf 'Terminal Guard: this bash (%s) is too old to be guarded (5.1 or newer is needed); commands typed here are not checked.\n' "$BASH_VERSION" >/dev/tty 2>/dev/null
	__tg_each_prompt() {
		return "${__tg_st:-0}"
	}
	return "${__tg_st:-0}"
fi

__tg_mode=bridge

__tg_ask() {
	local gate=${TERMINAL_GUARD_GATE-} out
	if [[ -z $gate || ! -x $gate ]]; then
		__tg_msg="✋ Terminal Guard stopped: its checker (${gate:-TERMINAL_GUARD_GATE is not set}) is missing, so this line was not checked — not run."
		return 1
	fi
	# The reason comes on stderr; stdout is not the terminal's to keep.
	if out=$("$gate" gate --agent terminal --interactive --cwd "$PWD" -- "$1" 2>&1 >/dev/null); then
		return 0
	fi
	__tg_msg=${out:-✋ Terminal Guard stopped: the check failed — not run.}
	return 1
}

__tg_on_enter() {
	:
}

__tg_blank() {
	:
}

__tg_allowed() {
	:
}

# VS Code's shell integration (and bash-preexec) report a command from a DEBUG trap, which also
# fires for the `bind -x` function that judges the line: too early, and with the previous command's
# text. READLINE_LINE exists only while a `bind -x` function runs, so the trap is told to wait.
__tg_quiet_debug_trap() {
	local fn
	for fn in __bp_preexec_invoke_exec __vsc_preexec_all __vsc_preexec_only; do
		if builtin declare -F "$fn" >/dev/null; then
			builtin trap "[[ -n \${READLINE_LINE+set} ]] || $fn \"\$_\"" DEBUG
			return
		fi
	done
}

. "${BASH_SOURCE[0]%/*}/hook.bash"

__tg_each_prompt() {
	__tg_new_prompt
	return "${__tg_st:-0}"
}

__tg_quiet_debug_trap
# Tell the editor, in the background, that this shell is guarded (its status bar shows it).
if [[ -x ${TERMINAL_GUARD_GATE-} ]]; then
	("$TERMINAL_GUARD_GATE" hooked --pid $$ >/dev/null 2>&1 &)
fi
__tg_each_prompt
