# Terminal Guard in the zsh shells VS Code starts itself (plain terminals, tasks, other extensions'
# terminals). "Protect AI Agents…" points ZDOTDIR here through VS Code's environmentVariableCollection
# (TERMINAL_GUARD_ZDOTDIR keeps the person's own ZDOTDIR, when they had one). zsh reads this file
# first (VS Code's own shell integration reads it from its .zshenv), and this file:
#  1. gives ZDOTDIR back at once, so zsh and VS Code read the person's other startup files as usual;
#  2. stops `zsh -c STRING` until the editor lets STRING run (`terminal-guard gate`);
#  3. in an interactive shell, loads the Enter hook (../zsh/hook.zsh) at the first prompt, after
#     the person's .zshrc and after VS Code's shell integration.
# Every name here starts with __tg_.

typeset -g __tg_bridge_dir=${${(%):-%x}:A:h}
if [[ -n ${TERMINAL_GUARD_ZDOTDIR-} && ${TERMINAL_GUARD_ZDOTDIR:A} != "$__tg_bridge_dir" ]]; then
	export ZDOTDIR=$TERMINAL_GUARD_ZDOTDIR
else
	export ZDOTDIR=$HOME
fi

# A `zsh -c` inside a line the bash gate already judged (`bash -c "zsh -c '…'"`) is part of what was
# judged (media/shell/bash/gate.bash sets the marker). It counts as inside only when its parent is still
# the gated shell running that line: the marker names the shell's pid and its line, and the parent's argv
# (/proc, Linux) must still hold that line after a -c. The marker goes no further. A gated zsh sets no
# marker: the zsh -c it starts never reads this file (ZDOTDIR is given back above), so there is nothing to pass.
typeset -g __tg_inside=
if [[ -n ${TERMINAL_GUARD_GATED-} && ${TERMINAL_GUARD_GATED} == "${PPID-}" && -n ${TERMINAL_GUARD_GATED_LINE-} && -r /proc/$PPID/cmdline ]]; then
	() {
		local -a parent
		parent=("${(@0)$(< /proc/$PPID/cmdline)}")
		local a c=
		for a in "${parent[@]}"; do
			if [[ -n $c && $a == "$TERMINAL_GUARD_GATED_LINE" ]]; then
				__tg_inside=1
				break
			fi
			case $a in --*) ;; -*c*) c=1 ;; esac
		done
	}
fi
unset TERMINAL_GUARD_GATED TERMINAL_GUARD_GATED_LINE
# Already guarded (the guarded terminal's zsh runs its own startup files): nothing more to do here.
if [[ -z ${__tg_mode-} && -z $__tg_inside && -n ${ZSH_EXECUTION_STRING-} && -n ${TERMINAL_GUARD_GATE-} ]]; then
	# Fail closed: a gate that is set but cannot run stops the line instead of skipping the check.
	if [[ ! -x $TERMINAL_GUARD_GATE ]]; then
		print -ru2 -- "Terminal Guard stopped: the gate $TERMINAL_GUARD_GATE is missing or not executable, so this command was not checked and does not run."
		exit 126
	fi
	# The whole string is judged once, with $0 and the positional args (zsh -c STRING NAME ARGS…).
	"$TERMINAL_GUARD_GATE" gate --agent "${TERMINAL_GUARD_GATE_AGENT:-task}" --positional -- "$ZSH_EXECUTION_STRING" "$0" "$@" || exit 126
fi
unset __tg_inside

if [[ -z ${__tg_mode-} && -o interactive && -n ${TERMINAL_GUARD_GATE-} ]]; then
	__tg_boot() {
		local -i st=$?
		precmd_functions=(${precmd_functions:#__tg_boot})
		if [[ -z ${__tg_mode-} ]]; then
			typeset -g __tg_mode=bridge
			source "$__tg_bridge_dir/../zsh/hook.zsh"
		fi
		return st
	}
	typeset -ga precmd_functions
	precmd_functions=(__tg_boot $precmd_functions)
fi

# The person's own .zshenv, as zsh would have read it.
if [[ -r $ZDOTDIR/.zshenv ]]; then
	source "$ZDOTDIR/.zshenv"
fi
