# Terminal Guard hook for bash (>= 5.1) in the guarded terminal. Loaded with `bash --init-file <this
# file>`, so bash reads no rc file itself: the person's own files are read first, below, then the hook
# (hook.bash) is installed with the proxy as its transport.
# Protocol and design: docs/terminal.md. Every name here starts with __tg_.

# Private state, taken out of the environment before anything else runs so that no child inherits it.
__tg_nonce=${TERMINAL_GUARD_NONCE-}
__tg_fifo=${TERMINAL_GUARD_FIFO-}
__tg_login=${TERMINAL_GUARD_LOGIN-}
unset TERMINAL_GUARD_NONCE TERMINAL_GUARD_FIFO TERMINAL_GUARD_LOGIN

# The person's startup files, as bash itself would have read them.
if [ -n "$__tg_login" ]; then
	[ -r /etc/profile ] && . /etc/profile
	for __tg_f in ~/.bash_profile ~/.bash_login ~/.profile; do
		if [ -r "$__tg_f" ]; then
			. "$__tg_f"
			break
		fi
	done
	unset __tg_f
else
	[ -r /etc/bash.bashrc ] && . /etc/bash.bashrc
	[ -r ~/.bashrc ] && . ~/.bashrc
fi

# Writes one private sequence to the terminal: ESC ] 6973 ; nonce ; <fields> BEL.
__tg_osc() {
	builtin printf '\e]6973;%s;%s\a' "$__tg_nonce" "$1" >/dev/tty 2>/dev/null
}

__tg_osc633() {
	builtin printf '\e]633;%s\a' "$1" >/dev/tty 2>/dev/null
}

if [ -z "$__tg_nonce" ] || [ -z "$__tg_fifo" ] || ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
	# Too old (macOS /bin/bash is 3.2) or started without a guard: say so, the proxy reads the screen instead.
	[ -n "$__tg_nonce" ] && __tg_osc 'nohook'
	PS1='\[\e]633;A\a\]'"$PS1"'\[\e]633;B\a\]'
	__tg_mode=fallback
	__tg_each_prompt() {
		return "${__tg_st:-0}"
	}
else
	__tg_mode=proxy
	__tg_ps1=        # the PS1 we built, to notice when something replaces it
	__tg_ps2_built=

	# The transport hook.bash uses: a private OSC request, the verdict back through the FIFO.
	__tg_ask() {
		local rid verdict msg
		__tg_esc "$PWD"
		local cwd=$REPLY
		__tg_esc "$1"
		__tg_osc "req;$__tg_seq;$cwd;$REPLY"
		while :; do
			if ! IFS=' ' builtin read -r rid verdict msg <"$__tg_fifo"; then
				__tg_msg='■ Terminal Guard stopped: the guard did not answer — not run.'
				return 1
			fi
			[[ $rid == "$__tg_seq" ]] && break
		done
		[[ $verdict == allow ]] && return 0
		__tg_msg=$msg
		return 1
	}
	__tg_on_enter() {
		__tg_ensure_prompt_hook
	}
	__tg_blank() {
		__tg_osc 'skip'
	}
	__tg_allowed() {
		__tg_esc "$1"
		__tg_osc633 "E;$REPLY"
	}
	# Run by the PROMPT_COMMAND that "Protect AI Agents…" puts in VS Code's terminals (bridge.bash):
	# in this terminal the proxy already asks, so it only hands the status on.
	__tg_each_prompt() {
		return "${__tg_st:-0}"
	}

	. "${BASH_SOURCE[0]%/*}/hook.bash"

	__tg_prompt() {
		local status=$?
		if [[ -n $__tg_ran ]]; then
			__tg_osc633 "D;$status"
		fi
		__tg_new_prompt
		if [[ $PS1 != "$__tg_ps1" ]]; then
			__tg_ps1='\[\e]633;A\a\]'$PS1'\[\e]633;B\a\]'
			PS1=$__tg_ps1
		fi
		if [[ $PS2 != "$__tg_ps2_built" ]]; then
			__tg_ps2_built='\[\e]633;F\a\]'$PS2'\[\e]633;G\a\]'
			PS2=$__tg_ps2_built
		fi
		__tg_esc "$PWD"
		__tg_osc633 "P;Cwd=$REPLY"
		__tg_osc "prompt;$REPLY"
		return $status
	}

	# Keeps __tg_prompt first in PROMPT_COMMAND (it needs the last command's status).
	__tg_ensure_prompt_hook() {
		if [[ ${PROMPT_COMMAND[0]-} != __tg_prompt ]]; then
			local rest=()
			local cmd
			for cmd in "${PROMPT_COMMAND[@]}"; do
				[[ $cmd != __tg_prompt ]] && rest+=("$cmd")
			done
			PROMPT_COMMAND=(__tg_prompt "${rest[@]}")
		fi
	}

	__tg_ensure_prompt_hook
	PS0='\e]633;C\a'${PS0-}
	__tg_bind
fi
