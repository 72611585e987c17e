# Terminal Guard hook for bash (>= 5.1). Loaded with `bash --init-file <this file>`, so bash reads no
# rc file itself: the person's own files are read first, below, then the hook is installed.
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
else
	__tg_seq=0       # request counter
	__tg_text=       # the command accumulated so far (continuation lines joined by newlines)
	__tg_ps2=        # set while bash reads continuation lines of an accepted fragment
	__tg_ran=        # a command was allowed since the last prompt
	__tg_stopped=    # message to print at the next prompt
	__tg_ps1=        # the PS1 we built, to notice when something replaces it
	__tg_ps2_built=
	__tg_hex=(00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 7f)

	# Escapes $1 into REPLY: \ -> \\, ; -> \x3b, control characters -> \xHH (VS Code's OSC 633 rules).
	__tg_esc() {
		REPLY=${1//\\/\\\\}
		REPLY=${REPLY//;/\\x3b}
		if [[ $REPLY == *[[:cntrl:]]* ]]; then
			local h c
			for h in "${__tg_hex[@]:1}"; do
				builtin printf -v c "\\x$h"
				REPLY=${REPLY//"$c"/\\x$h}
			done
		fi
	}

	# Enter: judge the exact line before readline accepts it. Bound as the first half of a macro whose
	# second half is accept-line (or operate-and-get-next), so the line that runs is READLINE_LINE.
	__tg_check() {
		local line=$READLINE_LINE expanded text rid verdict msg
		# Fail closed: if anything below is interrupted, readline accepts an empty line.
		READLINE_LINE=
		READLINE_POINT=0
		__tg_ensure_prompt_hook
		if [[ $line != *[![:space:]]* ]]; then
			# Nothing to judge (a blank line, or a blank continuation line of an accepted command).
			__tg_osc 'skip'
			READLINE_LINE=$line
			return
		fi
		expanded=$line
		if [[ $- == *H* && ($line == *!* || $line == ^*) ]]; then
			# `history -p` drops the newest entry first, taking it for the `history` command itself;
			# pushing and deleting a dummy entry (in the subshell only) stops that.
			expanded=$(builtin history -s -- :; builtin history -d -1; builtin history -p -- "$line" 2>/dev/null) || expanded=$line
		fi
		if [[ -n $__tg_ps2 ]]; then
			text=$__tg_text$'\n'$expanded
		else
			text=$expanded
		fi
		((++__tg_seq))
		__tg_esc "$PWD"
		local cwd=$REPLY
		__tg_esc "$text"
		local escaped=$REPLY
		__tg_osc "req;$__tg_seq;$cwd;$escaped"
		while :; do
			if ! IFS=' ' builtin read -r rid verdict msg <"$__tg_fifo"; then
				verdict=deny
				msg='✋ Terminal Guard stopped: the guard did not answer — not run.'
				break
			fi
			[[ $rid == "$__tg_seq" ]] && break
		done
		if [[ $verdict == allow ]]; then
			READLINE_LINE=$line
			READLINE_POINT=${#line}
			__tg_text=$text
			__tg_ps2=1
			__tg_ran=1
			__tg_osc633 "E;$escaped"
			return
		fi
		__tg_stopped=$msg
		builtin history -s -- "$text"
		if [[ -n $__tg_ps2 ]]; then
			# Earlier fragments are already in bash's parser: clearing this line would still run them.
			builtin kill -INT $$
		fi
	}

	# Ctrl-X Ctrl-E and vi `v` open the line in an editor and put the result back for Enter (bash's own
	# versions run the edited text at once, unchecked).
	__tg_edit() {
		local file
		file=$(mktemp "${TMPDIR:-/tmp}/terminal-guard-edit.XXXXXX") || return
		builtin printf '%s\n' "$READLINE_LINE" >"$file"
		${VISUAL:-${EDITOR:-vi}} "$file" </dev/tty >/dev/tty
		READLINE_LINE=$(<"$file")
		READLINE_POINT=${#READLINE_LINE}
		command rm -f -- "$file"
	}

	# (Re)binds every key that accepts a line. Run at every prompt: an allowed `bind` or a plugin could
	# otherwise switch the guard off for every later line.
	__tg_bind() {
		local km
		for km in emacs vi-insert vi-command; do
			builtin bind -m "$km" -x '"\C-x\C-]\C-t1": __tg_check'
			builtin bind -m "$km" '"\C-x\C-]\C-t2": accept-line'
			builtin bind -m "$km" '"\C-m": "\C-x\C-]\C-t1\C-x\C-]\C-t2"'
			builtin bind -m "$km" '"\C-j": "\C-x\C-]\C-t1\C-x\C-]\C-t2"'
		done
		builtin bind -m emacs '"\C-x\C-]\C-t3": operate-and-get-next'
		builtin bind -m emacs '"\C-o": "\C-x\C-]\C-t1\C-x\C-]\C-t3"'
		builtin bind -m emacs -x '"\C-x\C-e": __tg_edit'
		builtin bind -m vi-command -x '"v": __tg_edit'
	}

	__tg_prompt() {
		local status=$?
		if [[ -n $__tg_ran ]]; then
			__tg_osc633 "D;$status"
		fi
		if [[ -n $__tg_stopped ]]; then
			builtin printf '%s\n' "$__tg_stopped" >/dev/tty 2>/dev/null
		fi
		__tg_ran= __tg_stopped= __tg_text= __tg_ps2=
		__tg_bind
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
