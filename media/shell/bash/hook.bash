# Terminal Guard's Enter hook for bash (>= 5.1), shared by the two ways it is loaded:
#  - init.bash (the guarded terminal, __tg_mode=proxy): asks the proxy in band, emits VS Code's OSC 633.
#  - bridge.bash (terminals VS Code starts itself, __tg_mode=bridge): asks the editor with
#    `terminal-guard gate`; VS Code's own shell integration draws the prompt marks.
# The loader defines the transport first: __tg_ask TEXT (status 0 = run it, else __tg_msg says why),
# __tg_blank (an empty line was accepted), __tg_allowed ESCAPED-TEXT (a line was let through).
# Protocol and design: docs/terminal.md. Every name here starts with __tg_.

__tg_seq=0       # request counter
__tg_text=       # the command accumulated so far (continuation lines joined by newlines)
__tg_ps2=        # set while bash reads continuation lines of an accepted fragment
__tg_ran=        # a command was allowed since the last prompt
__tg_stopped=    # message to print at the next prompt
__tg_msg=        # why __tg_ask said no
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
	local line=$READLINE_LINE expanded text
	# Fail closed: if anything below is interrupted, readline accepts an empty line.
	READLINE_LINE=
	READLINE_POINT=0
	__tg_on_enter
	if [[ $line != *[![:space:]]* ]]; then
		# Nothing to judge (a blank line, or a blank continuation line of an accepted command).
		__tg_blank
		READLINE_LINE=$line
		return
	fi
	expanded=$line
	if [[ $- == *H* && ($line == *!* || $line == ^*) ]]; then
		if [[ -n $__tg_ps2 ]]; then
			# A continuation line: bash expands it against the commands before this one, and `history -p`
			# drops the newest entry (this command's first lines, when they went into history) as bash does.
			expanded=$(builtin history -p -- "$line" 2>/dev/null) || expanded=$line
		else
			# `history -p` drops the newest entry first, taking it for the `history` command itself;
			# pushing and deleting a dummy entry (in the subshell only) stops that.
			expanded=$(builtin history -s -- :; builtin history -d -1; builtin history -p -- "$line" 2>/dev/null) || expanded=$line
		fi
	fi
	if [[ -n $__tg_ps2 ]]; then
		text=$__tg_text$'\n'$expanded
	elif [[ $expanded == *fc* ]] && __tg_rerun "$expanded"; then
		# `fc -s rm`, `eval "$(fc -ln -1)"`: judged as the history lines it runs.
		text=$REPLY
	else
		text=$expanded
	fi
	((++__tg_seq))
	if __tg_ask "$text"; then
		READLINE_LINE=$line
		READLINE_POINT=${#line}
		__tg_text=$text
		__tg_ps2=1
		__tg_ran=1
		__tg_allowed "$text"
		return
	fi
	__tg_stopped=$__tg_msg
	builtin history -s -- "$text"
	if [[ -n $__tg_ps2 ]]; then
		# Earlier fragments are already in bash's parser: clearing this line would still run them.
		builtin kill -INT $$
	fi
}

# A line that only re-runs history — `fc -s [old=new] [ref]`, `fc -e - …`, `fc -e : [first [last]]` (an
# editor that changes nothing), `eval "$(fc -ln …)"`, `$(fc -l …)` — is judged as what it runs: REPLY is
# that, read from history the way fc will read it. Status 1: not such a line, or it cannot be known; the
# line is then judged as typed, and the engine asks (docs/terminal.md, "History re-execution").
__tg_rerun() {
	local line=$1 word='[-A-Za-z0-9_./=:@%+,]+'
	local run="^(builtin[[:space:]]+|command[[:space:]]+)?fc(([[:space:]]+$word)*)\$"
	local subst="^(eval[[:space:]]+)?(\"\\\$\(|\\\$\(|\`|\"\`)[[:space:]]*fc(([[:space:]]+$word)*)[[:space:]]*(\)\"|\)|\`|\`\")\$"
	[[ -o history && $line =~ ^[[:space:]]*(.*[^[:space:]])[[:space:]]*$ ]] || return 1
	line=${BASH_REMATCH[1]}
	if [[ $line =~ $run ]]; then
		__tg_shadowed "${BASH_REMATCH[1]:-fc}" && return 1
		__tg_fc run "${BASH_REMATCH[2]}"
	elif [[ $line =~ $subst ]]; then
		# The quotes must pair: `"$(` with `)"`, `$(` with `)`, a backtick with a backtick.
		case ${BASH_REMATCH[2]}${BASH_REMATCH[5]} in
		'"$()"' | '$()' | '``' | '"``"') ;;
		*) return 1 ;;
		esac
		__tg_shadowed "${BASH_REMATCH[1]:-fc}" || __tg_shadowed fc && return 1
		__tg_fc list "${BASH_REMATCH[3]}"
	else
		return 1
	fi
}

# An alias or a function by this name (the first word of $1) runs instead of the builtin.
__tg_shadowed() {
	local name=${1%%[[:space:]]*}
	[[ -n ${BASH_ALIASES[$name]+set} ]] || builtin declare -F -- "$name" >/dev/null
}

# fc's own options, as bash reads them ($2: the words after `fc`, plain words only). $1 = run: what
# `fc …` runs; list: what `fc …` prints (only a listing is run here, and only in a subshell).
__tg_fc() {
	local -a words args subs
	local execute= list= editor= a c i out
	IFS=$' \t\n' builtin read -ra words <<<"$2"
	args=("${words[@]}")
	while ((${#args[@]})); do
		a=${args[0]}
		if [[ $a == -- ]]; then
			args=("${args[@]:1}")
			break
		fi
		[[ $a == -[A-Za-z]* ]] || break
		args=("${args[@]:1}")
		for ((i = 1; i < ${#a}; i++)); do
			c=${a:i:1}
			case $c in
			s) execute=1 ;;
			l) list=1 ;;
			n | r) ;;
			e)
				editor=${a:i+1}
				if [[ -z $editor ]]; then
					editor=${args[0]-}
					args=("${args[@]:1}")
				fi
				break
				;;
			*) return 1 ;;
			esac
		done
	done
	[[ $editor == - ]] && execute=1
	if [[ $1 == list ]]; then
		[[ -n $list && -z $execute && -z $editor ]] || return 1
		REPLY=$(__tg_history_as_run builtin fc "${words[@]}") || return 1
		# fc's indent before the first line changes nothing about what runs; the person reads the command.
		REPLY=${REPLY#"${REPLY%%[![:space:]]*}"}
		return 0
	fi
	if [[ -n $execute ]]; then
		while [[ ${args[0]-} == *=* ]]; do
			[[ ${args[0]} == =* ]] && return 1
			subs+=("${args[0]}")
			args=("${args[@]:1}")
		done
		set -- "${args[0]:--1}"
		set -- "$1" "$1"
	elif [[ -n $list ]]; then
		return 1
	else
		# Editing: only an editor that changes nothing runs the lines as they are.
		editor=${editor:-${FCEDIT:-${EDITOR:-vi}}}
		[[ $editor == @(:|true|/bin/true|/usr/bin/true) ]] || return 1
		set -- "${args[0]:--1}" "${args[1]:-${args[0]:--1}}"
	fi
	# erasedups takes this line's earlier copies out of history before fc runs: numbers would shift.
	[[ $HISTCONTROL == *erasedups* && $1$2 == *[0-9]* ]] && return 1
	out=$(__tg_history_as_run builtin fc -ln "$1" "$2") || return 1
	out=${out#$'\t'[ *]}
	for a in "${subs[@]}"; do
		out=${out//"${a%%=*}"/"${a#*=}"}
	done
	REPLY=$out
}

# Runs "$@" (an fc listing; only ever in a subshell) with history as a command on this line sees it:
# bash puts the line into history before running it and fc skips that entry, so fc skips the newest
# entry whenever the previous line was added. A pushed placeholder stands in for this line, and is
# taken out again when fc would not skip it.
__tg_history_as_run() {
	builtin history -s -- '#terminal-guard: this line'
	[[ $(builtin fc -ln -1 -1 2>/dev/null) == $'\t #terminal-guard: this line' ]] && builtin history -d -1
	"$@" 2>/dev/null
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

# The part of every prompt both modes share: the message of a refused line, a fresh state, the keys.
__tg_new_prompt() {
	if [[ -n $__tg_stopped ]]; then
		builtin printf '%s\n' "$__tg_stopped" >/dev/tty 2>/dev/null
	fi
	__tg_ran= __tg_stopped= __tg_text= __tg_ps2=
	__tg_bind
}
